package e2e

import (
	"bufio"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// dropProxy stands between the CLI and the engine on a unix socket. It
// passes every request on, and for the next drop notes it lets the engine
// answer, then closes the CLI's connection without the answer: to the CLI
// the engine died mid-request after recording the note.
type dropProxy struct {
	ln     net.Listener
	engine string       // the engine's socket
	drop   atomic.Int64 // note answers still to drop
	notes  atomic.Int64 // note requests passed on
}

func newDropProxy(t *testing.T, socket, engine string) *dropProxy {
	t.Helper()
	ln, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	p := &dropProxy{ln: ln, engine: engine}
	go p.serve()
	t.Cleanup(func() { ln.Close() })
	return p
}

func (p *dropProxy) serve() {
	for {
		conn, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.relay(conn)
	}
}

// relay passes one connection's requests on, one at a time.
func (p *dropProxy) relay(conn net.Conn) {
	defer conn.Close()
	up, err := net.Dial("unix", p.engine)
	if err != nil {
		return
	}
	defer up.Close()
	in, fromEngine := bufio.NewReader(conn), bufio.NewReader(up)
	for {
		req, err := http.ReadRequest(in)
		if err != nil {
			return
		}
		if err := req.Write(up); err != nil {
			return
		}
		resp, err := http.ReadResponse(fromEngine, req)
		if err != nil {
			return
		}
		if req.URL.Path == "/v1/note" {
			p.notes.Add(1)
			if p.drop.Add(-1) >= 0 {
				resp.Body.Close()
				return // the engine answered; the CLI never hears it
			}
		}
		err = resp.Write(conn)
		resp.Body.Close()
		if err != nil {
			return
		}
	}
}

// viaProxy is a second KEEPCOOL_HOME whose socket is a dropProxy to h's
// engine: the CLI run in it reaches the engine through the proxy.
func viaProxy(t *testing.T, h *home) (*home, *dropProxy) {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(h.dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cli := newHome(t, string(cfg))
	return cli, newDropProxy(t, filepath.Join(cli.dir, "keepcool.sock"), filepath.Join(h.dir, "keepcool.sock"))
}

// The reply to a note is lost: the CLI sends it again with the same key,
// the engine knows it, and there is one note.
func TestRetryANoteWhoseReplyWasLost(t *testing.T) {
	h := newHome(t, "")
	h.startDaemon()
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")
	cli, proxy := viaProxy(t, h)
	proxy.drop.Store(1)
	if out := cli.must("note", "Rolled back deploy 412"); !strings.HasPrefix(out, "Noted.") {
		t.Errorf("note said %q", out)
	}
	if n := proxy.notes.Load(); n != 2 {
		t.Errorf("the note went to the engine %d times, want twice (sent, then retried)", n)
	}
	if inc := h.status().Incident; inc.NotesTotal != 1 || len(inc.Notes) != 1 {
		t.Fatalf("%d notes (%+v), want one", inc.NotesTotal, inc.Notes)
	}
}

// No reply comes at all: the CLI says the note may have been recorded and
// keeps its key; the same command run again is a no-op.
func TestRetryTheSameCommandAfterAnUncertainEnd(t *testing.T) {
	h := newHome(t, "")
	h.startDaemon()
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")
	cli, proxy := viaProxy(t, h)
	proxy.drop.Store(1 << 40)
	r := cli.run("note", "Rolled back deploy 412")
	want := "keepcool: the engine stopped or stopped answering while handling this: your note may have been recorded — check `keepcool status` before sending it again\n" +
		"Running the same command again within an hour is safe: if it was recorded, it is not sent twice.\n"
	if r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("note: exit %d\nstdout: %s\nstderr: %s\nwant exit 1 and %q", r.code, r.stdout, r.stderr, want)
	}
	saved := filepath.Join(cli.dir, "state", "uncertain.json")
	if fi, err := os.Stat(saved); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("uncertain.json: %v, %v; want it kept, private", fi, err)
	}
	proxy.drop.Store(0)
	if out := cli.must("note", "Rolled back deploy 412"); !strings.HasPrefix(out, "Noted.") {
		t.Errorf("note run again said %q", out)
	}
	if inc := h.status().Incident; inc.NotesTotal != 1 {
		t.Fatalf("%d notes (%+v), want one: the rerun was not a no-op", inc.NotesTotal, inc.Notes)
	}
	if _, err := os.Stat(saved); !os.IsNotExist(err) {
		t.Errorf("uncertain.json still there after the note went through (%v)", err)
	}
	cli.must("note", "Rolled back deploy 412")
	if inc := h.status().Incident; inc.NotesTotal != 2 {
		t.Fatalf("%d notes, want two: a later run of the same note is a new note", inc.NotesTotal)
	}
}
