package client

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// dropper is an engine that dies mid-request: it reads each request, then
// closes the connection without a word for the first drop requests, and
// answers the rest with an incident.
type dropper struct {
	ln   net.Listener
	drop int

	mu   sync.Mutex
	keys []string // the key of every request read, in order
}

func newDropper(t *testing.T, socket string, drop int) *dropper {
	t.Helper()
	ln, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	d := &dropper{ln: ln, drop: drop}
	go d.serve()
	t.Cleanup(func() { ln.Close() })
	return d
}

func (d *dropper) serve() {
	for {
		conn, err := d.ln.Accept()
		if err != nil {
			return
		}
		go d.handle(conn)
	}
}

func (d *dropper) handle(conn net.Conn) {
	defer conn.Close()
	br := bufio.NewReader(conn)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		var body struct {
			Key string `json:"key"`
		}
		_ = json.NewDecoder(req.Body).Decode(&body)
		d.mu.Lock()
		d.keys = append(d.keys, body.Key)
		n := len(d.keys)
		d.mu.Unlock()
		if n <= d.drop {
			return // read, never answered
		}
		b, _ := json.Marshal(api.Incident{ID: "inc-1", Title: "t", NotesTotal: n})
		fmt.Fprintf(conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(b), b)
	}
}

func (d *dropper) seen() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.keys...)
}

// fastClient retries for within quick pauses.
func fastClient(socket string, within time.Duration) *Client {
	c := New(socket)
	c.retryFor, c.retryFirst = within, time.Millisecond
	return c
}

func socketPath(t *testing.T) string {
	return filepath.Join(t.TempDir(), "k.sock")
}

var hexKey = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestRetriesWithTheSameKeyWhenTheConnectionDrops(t *testing.T) {
	sock := socketPath(t)
	d := newDropper(t, sock, 1)
	inc, err := fastClient(sock, time.Minute).Note(context.Background(), api.NoteRequest{Text: "rolled back"})
	if err != nil {
		t.Fatalf("Note: %v", err)
	}
	if inc.ID != "inc-1" {
		t.Errorf("incident %+v, want the answer to the retry", inc)
	}
	keys := d.seen()
	if len(keys) != 2 || keys[0] != keys[1] || !hexKey.MatchString(keys[0]) {
		t.Errorf("keys sent %q, want the same 128-bit hex key twice", keys)
	}
}

func TestEveryCommandCarriesAKey(t *testing.T) {
	sock := socketPath(t)
	d := newDropper(t, sock, 0)
	c := fastClient(sock, time.Minute)
	ctx := context.Background()
	calls := map[string]func() (api.Incident, error){
		"start":    func() (api.Incident, error) { return c.Start(ctx, api.StartRequest{Title: "t"}) },
		"note":     func() (api.Incident, error) { return c.Note(ctx, api.NoteRequest{Text: "n"}) },
		"estimate": func() (api.Incident, error) { return c.Estimate(ctx, api.EstimateRequest{ETA: "1h"}) },
		"snooze":   func() (api.Incident, error) { return c.Snooze(ctx, api.SnoozeRequest{For: "5m"}) },
		"resolve":  func() (api.Incident, error) { return c.Resolve(ctx, api.ResolveRequest{}) },
		"status":   func() (api.Incident, error) { return c.SetStatus(ctx, "identified") },
		"own key":  func() (api.Incident, error) { return c.Note(ctx, api.NoteRequest{Text: "n", Key: "mine"}) },
	}
	for name, call := range calls {
		before := len(d.seen())
		if _, err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		keys := d.seen()[before:]
		want := hexKey.MatchString
		if name == "own key" {
			want = func(k string) bool { return k == "mine" }
		}
		if len(keys) != 1 || !want(keys[0]) {
			t.Errorf("%s sent keys %q", name, keys)
		}
	}
	if k := d.seen(); k[0] == k[1] {
		t.Errorf("two commands shared the key %s", k[0])
	}
}

func TestUncertainWhenRetriesDoNotSettleIt(t *testing.T) {
	sock := socketPath(t)
	d := newDropper(t, sock, 1<<30)
	_, err := fastClient(sock, 50*time.Millisecond).Note(context.Background(), api.NoteRequest{Text: "n"})
	var ue *UncertainError
	if !errors.As(err, &ue) || !errors.Is(err, ErrMaybeRecorded) {
		t.Fatalf("error %v (%T), want an UncertainError", err, err)
	}
	want := "the engine stopped or stopped answering while handling this: your note may have been recorded — check `keepcool status` before sending it again"
	if err.Error() != want || ErrMaybeRecorded.Error() != want {
		t.Errorf("error says %q", err)
	}
	keys := d.seen()
	if len(keys) < 2 || keys[0] != ue.Key || keys[len(keys)-1] != ue.Key {
		t.Errorf("keys sent %q, error's key %q: want retries with that one key", keys, ue.Key)
	}
}

func TestRetriesWhileTheEngineRestarts(t *testing.T) {
	sock := socketPath(t)
	first := newDropper(t, sock, 1<<30)
	restarted := make(chan *dropper, 1)
	go func() {
		for len(first.seen()) == 0 {
			time.Sleep(time.Millisecond)
		}
		first.ln.Close() // removes the socket: the engine is gone
		time.Sleep(50 * time.Millisecond)
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Error(err)
			close(restarted)
			return
		}
		d := &dropper{ln: ln}
		go d.serve()
		restarted <- d
	}()
	inc, err := fastClient(sock, time.Minute).Note(context.Background(), api.NoteRequest{Text: "n"})
	if err != nil {
		t.Fatalf("Note: %v", err)
	}
	second, ok := <-restarted
	if !ok {
		return
	}
	defer second.ln.Close()
	if k1, k2 := first.seen(), second.seen(); len(k2) != 1 || k2[0] != k1[0] || inc.ID == "" {
		t.Errorf("keys before the restart %q, after %q: want the same key once after", k1, k2)
	}
}

func TestNotRunningIsNotRetried(t *testing.T) {
	sock := socketPath(t)
	_, err := fastClient(sock, time.Minute).Note(context.Background(), api.NoteRequest{Text: "n"})
	if !errors.Is(err, ErrNotRunning) {
		t.Errorf("error %v, want ErrNotRunning", err)
	}
	if err := os.WriteFile(sock, nil, 0o600); err != nil { // a stale socket file
		t.Fatal(err)
	}
	if _, err := fastClient(sock, time.Minute).Note(context.Background(), api.NoteRequest{Text: "n"}); !errors.Is(err, ErrNotRunning) {
		t.Errorf("error %v, want ErrNotRunning", err)
	}
}

func TestARefusalIsNotRetried(t *testing.T) {
	sock := socketPath(t)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var tries int
	var mu sync.Mutex
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tries++
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":"note: too long"}`)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	_, err = fastClient(sock, time.Minute).Note(context.Background(), api.NoteRequest{Text: strings.Repeat("x", 10)})
	var ae *APIError
	if !errors.As(err, &ae) || tries != 1 {
		t.Errorf("error %v after %d tries, want one APIError", err, tries)
	}
}
