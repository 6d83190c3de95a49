package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/postmortem"
)

// runIncident declares, notes once after 5 min and resolves after took,
// each on the test's clock.
func runIncident(t *testing.T, r *running, clk *clock, req api.StartRequest, took time.Duration) {
	t.Helper()
	ctx := context.Background()
	if _, err := r.c.Start(ctx, req); err != nil {
		t.Fatal(err)
	}
	clk.add(5 * time.Minute)
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Rolling back deploy 412"}); err != nil {
		t.Fatal(err)
	}
	clk.add(took - 5*time.Minute)
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "Rolled back"}); err != nil {
		t.Fatal(err)
	}
	clk.add(24 * time.Hour)
}

func TestHistoryFiguresAndCalibration(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	r := launch(t, Options{Paths: testPaths(t), Config: config.Default(), Now: clk.Now})
	ctx := context.Background()
	sev2 := api.StartRequest{Title: "Checkout returns 500s", Severity: 2, ETA: "30m-90m"}
	runIncident(t, r, clk, sev2, 100*time.Minute) // 10 min over
	runIncident(t, r, clk, sev2, 60*time.Minute)  // held
	runIncident(t, r, clk, sev2, 120*time.Minute) // 30 min over
	runIncident(t, r, clk, api.StartRequest{Title: "Practice", Severity: 2, ETA: "30m-90m", Drill: true}, 200*time.Minute)
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Live one", Severity: 1, ETA: "15m-30m"}); err != nil {
		t.Fatal(err)
	}
	clk.add(3 * time.Minute)
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Looking"}); err != nil {
		t.Fatal(err)
	}

	h, err := r.c.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 5 {
		t.Fatalf("%d entries", len(h))
	}
	for _, e := range h {
		if e.Figures == nil {
			t.Fatalf("%s has no figures", e.ID)
		}
	}
	live := h[0].Figures
	if h[0].Title != "Live one" || live.Updates != 1 || live.TimeToFirstUpdate == nil || *live.TimeToFirstUpdate != 180 || live.FirstEstimate.Max != 1800 {
		t.Errorf("the live incident's figures (from its journal): %+v", live)
	}
	last := h[2].Figures // the third SEV2 one
	if last.Updates != 1 || *last.TimeToFirstUpdate != 300 || *last.Duration != 7200 || *last.FirstEstimateError != 1800 ||
		last.FirstEstimate.Min != 1800 || last.FirstEstimate.Max != 5400 {
		t.Errorf("figures %+v", last)
	}
	if !h[1].Drill {
		t.Errorf("entry 1 should be the drill: %+v", h[1])
	}

	// The live incident's line is replayed only when its journal grew.
	r.eng.hist.mu.Lock()
	r.eng.hist.live.Entry = []byte(strings.Replace(string(r.eng.hist.live.Entry), "Live one", "kept", 1))
	r.eng.hist.mu.Unlock()
	if h, err := r.c.History(ctx); err != nil || h[0].Title != "kept" {
		t.Errorf("an unchanged live journal was replayed again: %v %+v", err, h[0])
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Found it"}); err != nil {
		t.Fatal(err)
	}
	if h, err := r.c.History(ctx); err != nil || h[0].Title != "Live one" || h[0].Figures.Updates != 2 {
		t.Errorf("after a note, the live incident's line: %v %+v", err, h[0])
	}

	c, err := r.c.Calibration(ctx, 2, "30m-90m")
	if err != nil {
		t.Fatal(err)
	}
	const want = "your 30–90 min SEV2 estimates held 1 of 3 times; median overrun 20 min"
	if c.Incidents != 3 || c.Held != 1 || c.Over != 2 || c.MedianOverrun != 1200 || !c.Enough || c.Sentence != want {
		t.Errorf("calibration %+v, want the sentence %q", c, want)
	}
	if c, err := r.c.Calibration(ctx, 1, "15m-30m"); err != nil || c.Enough || c.Sentence != "" {
		t.Errorf("SEV1 (no past one): %+v %v", c, err)
	}
	var apiErr *client.APIError
	if _, err := r.c.Calibration(ctx, 9, ""); !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest || !strings.Contains(err.Error(), "use 1") {
		t.Errorf("severity 9: %v", err)
	}
	if _, err := r.c.Calibration(ctx, 2, "soonish"); !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
		t.Errorf("eta soonish: %v", err)
	}
}

// An index written before figures existed (version 1: a bare map) is
// made again, so every line gains them.
func TestHistoryIndexVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents")
	id := writePast(t, dir, 0, 2)
	writeOneIndexed(t, dir, id, func(id string, line indexed) any { return map[string]indexed{id: line} })
	rebuilt(t, dir)
}

// An index whose figures were computed another way (an older
// postmortem.FiguresVersion) is made again: its figures would be stale.
func TestHistoryIndexFiguresVersion(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents")
	index := func(figures int) func(string, indexed) any {
		return func(id string, line indexed) any {
			return indexJSON{Version: indexVersion, Figures: figures, Entries: historyIndex{id: line}}
		}
	}
	id := writePast(t, dir, 0, 2)
	writeOneIndexed(t, dir, id, index(postmortem.FiguresVersion-1))
	rebuilt(t, dir)

	// The same index with this figures version is used as it is.
	writeOneIndexed(t, dir, id, index(postmortem.FiguresVersion))
	if h := history(t, historyEngine(t, dir)); len(h) != 1 || h[0].Title != "stale" {
		t.Errorf("an index of this figures version was not used: %+v", h)
	}
}

// writeOneIndexed writes an index, as shape makes it, holding a line for
// past incident id titled "stale" whose figures are wrong.
func writeOneIndexed(t *testing.T, dir, id string, shape func(id string, line indexed) any) {
	t.Helper()
	stamp, err := journalStamp(filepath.Join(dir, id+journalExt))
	if err != nil {
		t.Fatal(err)
	}
	line := indexed{Stamp: stamp, Entry: json.RawMessage(`{"id":"` + id + `","title":"stale","figures":{"updates":99}}`)}
	b, _ := json.Marshal(shape(id, line))
	if err := os.WriteFile(filepath.Join(dir, indexFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// rebuilt checks that history ignored dir's index, replayed the journal
// and wrote the index again in this version.
func rebuilt(t *testing.T, dir string) {
	t.Helper()
	h := history(t, historyEngine(t, dir))
	if len(h) != 1 || h[0].Title != "Past 0" || h[0].Figures == nil || h[0].Figures.Updates != 2 {
		t.Fatalf("the index was used: %+v", h)
	}
	b, _ := os.ReadFile(filepath.Join(dir, indexFile))
	var f indexJSON
	if err := json.Unmarshal(b, &f); err != nil || f.Version != indexVersion || f.Figures != postmortem.FiguresVersion || len(f.Entries) != 1 {
		t.Errorf("index not rewritten as version %d, figures version %d: %s", indexVersion, postmortem.FiguresVersion, b)
	}
}

// Calibration reads the history cache's decoded lines: a line is decoded
// once, not the whole history again per request (one per keystroke).
func TestCalibrationUsesDecodedHistory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents")
	for i := range 3 {
		writePast(t, dir, i, 2)
	}
	e := historyEngine(t, dir)
	if _, err := e.calibration("", ""); err != nil {
		t.Fatal(err)
	}
	// Spoil every cached line's JSON: only a decode would notice.
	e.hist.mu.Lock()
	for id, line := range e.hist.idx {
		if line.decoded == nil {
			t.Errorf("%s: not kept decoded", id)
		}
		line.Entry = json.RawMessage("{spoilt")
		e.hist.idx[id] = line
	}
	e.hist.mu.Unlock()
	if _, err := e.calibration("2", ""); err != nil {
		t.Errorf("calibration decoded the history again: %v", err)
	}
	// A line read from the index file is decoded on first use.
	forgetHistory(e)
	h, err := e.historyEntries()
	if err != nil || len(h) != 3 || h[0].Title != "Past 2" {
		t.Errorf("from the index: %+v %v", h, err)
	}
}

// BenchmarkCalibration answers GET /v1/calibration over 1,000 past
// incidents, the history cache warm: as each keystroke of an estimate.
func BenchmarkCalibration(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "incidents")
	for i := range 1000 {
		writePast(b, dir, i, 20)
	}
	e := historyEngine(b, dir)
	if _, err := e.calibration("2", ""); err != nil { // the index built, as after the first request
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := e.calibration("2", ""); err != nil {
			b.Fatal(err)
		}
	}
}
