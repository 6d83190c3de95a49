package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// receiver is a stakeholder's webhook endpoint that can be taken down.
type receiver struct {
	mu    sync.Mutex
	down  bool
	tries int
	got   []string // X-Keepcool-Delivery of each accepted request, in arrival order
	body  []string // and its body
	srv   *httptest.Server
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.tries++
		if r.down {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		r.got = append(r.got, req.Header.Get("X-Keepcool-Delivery")+" "+req.Header.Get("X-Keepcool-Event"))
		b, _ := io.ReadAll(req.Body)
		r.body = append(r.body, string(b))
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) setDown(down bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.down = down
}

func (r *receiver) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

func (r *receiver) bodies() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.body...)
}

func (r *receiver) attempts() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tries
}

func webhookConfig(url string) string {
	return fmt.Sprintf("[statuspage]\nlisten = \"off\"\n\n[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = %q\n", url+"/hook")
}

// An endpoint down while the daemon is kill -9ed gets everything, in order,
// once both are back.
func TestEndpointDownAcrossKill9(t *testing.T) {
	rcv := newReceiver(t)
	h := newHome(t, webhookConfig(rcv.srv.URL))
	d := h.startDaemon()
	h.must("start", "Payments failing", "--eta", "30m-1h")
	poll.ForWithin(t, 10*time.Second, "the declaration to arrive", func() bool { return len(rcv.received()) == 1 })

	rcv.setDown(true)
	h.must("note", "Found the bad config push")
	h.must("note", "Rolling back")
	poll.ForWithin(t, 10*time.Second, "a failed try", func() bool { return rcv.attempts() >= 2 })
	st := h.status()
	if len(st.Channels) != 1 || st.Channels[0].State != "retrying" || st.Channels[0].Pending != 2 || !strings.Contains(st.Channels[0].LastError, "503") {
		t.Fatalf("status while down: %+v", st.Channels)
	}
	d.Kill()
	rcv.setDown(false)

	h.startDaemon()
	h.must("note", "Rolled back; watching")
	poll.ForWithin(t, 30*time.Second, "all four messages", func() bool { return len(rcv.received()) >= 4 })
	got := rcv.received()
	want := []string{"declared", "note", "note", "note"}
	if len(got) != len(want) {
		t.Fatalf("received %d messages, want %d: %v", len(got), len(want), got)
	}
	seen := map[string]bool{}
	for i, g := range got {
		id, kind, _ := strings.Cut(g, " ")
		if kind != want[i] || seen[id] {
			t.Fatalf("received %v; want %v, each once, in order", got, want)
		}
		seen[id] = true
	}
	poll.ForWithin(t, 10*time.Second, "status to show the channel healthy", func() bool {
		c := h.status().Channels
		return len(c) == 1 && c[0].State == "ok" && c[0].Pending == 0 && c[0].Delivered == 4
	})
}

// A channel that answers 404 is dead; later messages still queue, and
// `channels test` after the fix flushes them.
func TestDeadChannelRevivedByTest(t *testing.T) {
	rcv := newReceiver(t)
	var mu sync.Mutex
	gone := true
	mux := http.NewServeMux()
	mux.HandleFunc("/hook", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		g := gone
		mu.Unlock()
		if g {
			http.Error(w, "no such hook", http.StatusNotFound)
			return
		}
		rcv.srv.Config.Handler.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	h := newHome(t, webhookConfig(srv.URL))
	h.startDaemon()
	h.must("start", "Search down")
	poll.ForWithin(t, 10*time.Second, "the channel to be dead", func() bool {
		c := h.status().Channels
		return len(c) == 1 && c[0].State == "dead" && strings.Contains(c[0].LastError, "404")
	})
	h.must("note", "Reindexing")
	if r := h.run("channels", "test", "hook"); r.code != 1 || !strings.Contains(r.stderr, "404") {
		t.Fatalf("test of a broken channel: exit %d stderr %q", r.code, r.stderr)
	}
	mu.Lock()
	gone = false
	mu.Unlock()
	if out := h.must("channels", "test", "hook"); !strings.Contains(out, "delivered") {
		t.Fatalf("channels test: %q", out)
	}
	poll.ForWithin(t, 10*time.Second, "the queue to flush", func() bool { return len(rcv.received()) == 3 })
	if got := rcv.received(); !strings.HasSuffix(got[0], " test") || !strings.HasSuffix(got[1], " declared") || !strings.HasSuffix(got[2], " note") {
		t.Fatalf("after the fix: %v", got)
	}
}

// A channel's template rewords its messages; the promise stays.
func TestChannelTemplate(t *testing.T) {
	texts := make(chan string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Text string `json:"text"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		texts <- body.Text
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	h := newHome(t, webhookConfig(srv.URL)+"template = \"hook.tmpl\"\n")
	if err := os.WriteFile(filepath.Join(h.dir, "hook.tmpl"), []byte(`Payments team: {{if .Note}}{{.Note}}{{else}}{{.Body}}{{end}} [{{upper .Status}}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	h.startDaemon()
	h.must("start", "Checkout down")
	h.must("note", "Rolled back")
	var got []string
	for len(got) < 2 {
		select {
		case s := <-texts:
			got = append(got, s)
		case <-time.After(10 * time.Second):
			t.Fatalf("got %q", got)
		}
	}
	if !strings.Contains(got[1], "Payments team: Rolled back [INVESTIGATING]") || !strings.Contains(got[1], "Next update by") {
		t.Fatalf("templated note: %q", got[1])
	}
}

// picky is a webhook endpoint that refuses, with 400, every message whose
// body holds "BIG", and answers 404 to everything while gone.
type picky struct {
	mu   sync.Mutex
	gone bool
	got  []string // X-Keepcool-Event of each accepted message
	srv  *httptest.Server
}

func newPicky(t *testing.T, gone bool) *picky {
	p := &picky{gone: gone}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		defer p.mu.Unlock()
		switch {
		case p.gone:
			http.Error(w, "no such hook", http.StatusNotFound)
		case strings.Contains(string(body), "BIG"):
			http.Error(w, "text too long", http.StatusBadRequest)
		default:
			p.got = append(p.got, r.Header.Get("X-Keepcool-Event"))
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// incidentWithBigNote starts keepcool delivering to p, declares an
// incident and posts a note p refuses.
func (p *picky) incidentWithBigNote(t *testing.T) *home {
	h := newHome(t, webhookConfig(p.srv.URL))
	h.startDaemon()
	h.must("start", "Search down")
	h.must("note", "BIG paste of the index")
	return h
}

func (p *picky) received() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.got...)
}

// One refused message does not silence the channel: later notes and the
// all-clear go, the next reply says what was refused, and the export
// lists it.
func TestDeliveryGoesOnAfterARejectedMessage(t *testing.T) {
	p := newPicky(t, false)
	h := p.incidentWithBigNote(t)
	poll.ForWithin(t, 10*time.Second, "the refusal", func() bool {
		c := h.status().Channels
		return len(c) == 1 && c[0].Undelivered == 1 && c[0].State == "ok"
	})
	out := h.must("note", "Reindexing")
	if !strings.Contains(out, "hook rejected 1 message (HTTP 400 Bad Request: text too long)") {
		t.Fatalf("note's reply does not say what was refused: %q", out)
	}
	h.must("resolve", "Reindexed")
	poll.ForWithin(t, 10*time.Second, "the all-clear", func() bool { return len(p.received()) == 3 })
	if got := strings.Join(p.received(), " "); got != "declared note resolved" {
		t.Fatalf("received %s", got)
	}
	md := h.must("export")
	if !strings.Contains(md, "## Undelivered messages") || !strings.Contains(md, "note message `“BIG paste of the index”`: `http://127.0.0.1") || !strings.Contains(md, "text too long") {
		t.Fatalf("export lacks the refused note:\n%s", md)
	}
}

// `channels test` on a mended channel says what became of its backlog.
func TestDeliveryReportedByChannelTest(t *testing.T) {
	p := newPicky(t, true)
	h := p.incidentWithBigNote(t)
	h.must("note", "Reindexing")
	poll.ForWithin(t, 10*time.Second, "the channel to be dead", func() bool {
		c := h.status().Channels
		return len(c) == 1 && c[0].State == "dead"
	})
	p.mu.Lock()
	p.gone = false
	p.mu.Unlock()
	r := h.run("channels", "test", "hook")
	want := "Test message delivered to hook; then 1 queued message was rejected (note: HTTP 400 Bad Request: text too long), and 2 queued messages delivered."
	if !strings.Contains(r.stdout+r.stderr, want) {
		t.Fatalf("channels test: exit %d\nstdout %q\nstderr %q\nwant %q", r.code, r.stdout, r.stderr, want)
	}
	if got := strings.Join(p.received(), " "); got != "test declared note" {
		t.Fatalf("received %s", got)
	}
}
