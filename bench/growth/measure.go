package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/keepcool/keepcool/bench/stats"
	"github.com/keepcool/keepcool/engine/api"
)

// incidentHome is a home with one active incident of have notes.
type incidentHome struct {
	*home
	have int
}

// openIncident starts a daemon on a new home and declares the incident.
func openIncident(ctx context.Context, bin, dir, hook, listen string) (*incidentHome, error) {
	h, err := openHome(bin, dir, hook, listen)
	if err != nil {
		return nil, err
	}
	start := api.StartRequest{Title: "Checkout returns 500s", Severity: 2, ETA: "2h-4h", Impact: "EU customers cannot pay"}
	if _, err := h.client().Start(ctx, start); err != nil {
		h.close()
		return nil, fmt.Errorf("declare the incident: %w", err)
	}
	return &incidentHome{home: h}, nil
}

// grow posts notes through the API until the incident has size, then
// waits for the outbox to drain; it says how long the posting took.
func (h *incidentHome) grow(ctx context.Context, size, workers int, forced *atomic.Int64) (string, error) {
	began, from := time.Now(), h.have
	if err := addNotes(ctx, h.client(), from, size, workers, forced); err != nil {
		return "", err
	}
	took := time.Since(began)
	h.have = size
	return fmt.Sprintf("%d in %s", size-from, took.Round(100*time.Millisecond)), drained(ctx, h.client())
}

// note runs `keepcool note` once as a whole process.
func (h *incidentHome) note() (time.Duration, error) {
	d, _, err := h.keepcool("note", noteText(h.have))
	h.have++
	return d, err
}

// measureNotes grows one active incident through the sizes and measures
// at each. A second incident stays at the first size, so that `note` can be
// compared with it side by side.
func measureNotes(ctx context.Context, o options, bin, dir, hook string, r *report) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	h, err := openIncident(ctx, bin, dir, hook, fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return err
	}
	defer h.close()
	ref, err := openIncident(ctx, bin, dir+"-ref", hook, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ref.close()
	var forced atomic.Int64
	if _, err := ref.grow(ctx, o.sizes[0], o.workers, &forced); err != nil {
		return err
	}
	var page *nginx
	if o.wrkFor > 0 {
		if page, err = startNginx(o.nginx); err != nil {
			return err
		}
		defer page.close()
	}
	for i, size := range o.sizes {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress("posting notes %d to %d through the API, %d clients at once", h.have+1, size, o.workers)
		posted, err := h.grow(ctx, size, o.workers, &forced)
		if err != nil {
			return err
		}
		r.posted = append(r.posted, posted)
		if err := measureAt(ctx, o, h, ref, i, r); err != nil {
			return err
		}
		if page != nil && ctx.Err() == nil {
			progress("status page against nginx at %d notes", size)
			if err := comparePage(ctx, o, page, port, i, r); err != nil {
				return err
			}
		}
	}
	r.forced = forced.Load()
	return nil
}

// measureAt measures cold start, note (alternating with the reference
// incident), status --json and RSS for size index i.
func measureAt(ctx context.Context, o options, h, ref *incidentHome, i int, r *report) error {
	progress("cold start ×%d at %d notes", o.starts, h.have)
	if err := coldStarts(h.home, o, r, rowCold, i); err != nil {
		return err
	}

	progress("keepcool note ×%d, alternating with the %d-note incident", o.runs, ref.have)
	load := loadAvg()
	var ours, theirs []time.Duration
	for range o.runs {
		a, err := h.note()
		if err != nil {
			return err
		}
		b, err := ref.note()
		if err != nil {
			return err
		}
		ours, theirs = append(ours, a), append(theirs, b)
	}
	r.set(rowNote, i, ms(stats.Of(ours).Median), load)
	r.cells[rowNoteRef][i] = cell{set: true, value: ms(stats.Of(ours).Median), other: ms(stats.Of(theirs).Median), load: load}

	progress("keepcool status --json ×%d", o.runs)
	load = loadAvg()
	took, out, err := runs(h.home, o.runs, "status", "--json")
	if err != nil {
		return err
	}
	r.set(rowStatus, i, ms(stats.Of(took).Median), load)
	shape, capped := statusShape(out)
	r.setText(rowStatusSize, i, shape, load)
	r.capped[i] = capped

	if err := drained(ctx, h.client()); err != nil {
		return err
	}
	return settledRSS(h.home, o, r, rowRSS, i)
}

// measureHistory builds a home with past incidents and measures history,
// cold start and RSS there.
func measureHistory(ctx context.Context, o options, bin, dir, hook string, r *report) error {
	h, err := openHome(bin, dir, hook, "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer h.close()
	c := h.client()
	progress("declaring and resolving %d past incidents through the API", o.past)
	began := time.Now()
	if err := addPast(ctx, c, o.past); err != nil {
		return err
	}
	r.pastTook = time.Since(began)
	if err := drained(ctx, c); err != nil {
		return err
	}
	progress("cold start ×%d with %d past incidents", o.starts, o.past)
	if err := coldStarts(h, o, r, rowPastCold, 0); err != nil {
		return err
	}

	progress("keepcool history ×%d", o.runs)
	load := loadAvg()
	took, out, err := runs(h, o.runs, "history")
	if err != nil {
		return err
	}
	// A line per incident, with a heading and how estimates held below.
	if n := bytes.Count(out, []byte("\n")); n < o.past {
		return fmt.Errorf("keepcool history listed %d lines, want at least %d", n, o.past)
	}
	r.set(rowHistory, 0, ms(stats.Of(took).Median), load)
	return settledRSS(h, o, r, rowPastRSS, 0)
}

// coldStarts stops and starts the daemon o.starts times, or fewer once
// the starts took o.coldBudget in all, and sets the median time to ready.
func coldStarts(h *home, o options, r *report, row, i int) error {
	load := loadAvg()
	var took []time.Duration
	var spent time.Duration
	for range o.starts {
		if len(took) > 0 && spent > o.coldBudget {
			break
		}
		if err := h.stop(); err != nil {
			return err
		}
		d, err := h.start()
		if err != nil {
			return err
		}
		took = append(took, d)
		spent += d
	}
	r.set(row, i, ms(stats.Of(took).Median), load)
	r.cells[row][i].n = len(took)
	return nil
}

// settledRSS sets the daemon's RSS after o.settle without requests.
func settledRSS(h *home, o options, r *report, row, i int) error {
	time.Sleep(o.settle)
	load := loadAvg()
	rss, err := h.rss()
	if err != nil {
		return err
	}
	r.set(row, i, float64(rss)/1e6, load)
	return nil
}

// runs runs one CLI command n times; out is the last run's output.
func runs(h *home, n int, args ...string) (took []time.Duration, out []byte, err error) {
	for range n {
		d, o, err := h.keepcool(args...)
		if err != nil {
			return nil, nil, err
		}
		took, out = append(took, d), o
	}
	return took, out, nil
}

// statusShape says how big `status --json` was and how many notes it
// listed out of how many, and whether it listed fewer than notes_total.
func statusShape(out []byte) (string, bool) {
	var st struct {
		Incident *struct {
			Notes      []json.RawMessage `json:"notes"`
			NotesTotal *int              `json:"notes_total"`
		} `json:"incident"`
	}
	if err := json.Unmarshal(out, &st); err != nil || st.Incident == nil {
		return fmt.Sprintf("%s, unreadable", size(len(out))), false
	}
	listed, total := len(st.Incident.Notes), "no notes_total"
	capped := false
	if n := st.Incident.NotesTotal; n != nil {
		total = "notes_total " + strconv.Itoa(*n)
		capped = listed < *n
	}
	return fmt.Sprintf("%s, %d notes listed, %s", size(len(out)), listed, total), capped
}

func size(n int) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// loadAvg is the 1-minute load average, as uptime prints it.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		return -1
	}
	return f
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
