package cli

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// engineAt serves h on a unix socket, as an engine does, and returns a
// client of it.
func engineAt(t *testing.T, h http.Handler) *client.Client {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "k.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return client.New(sock)
}

// answering is an engine that answers POST /v1/window with status and,
// unless "", a JSON error message.
func answering(status int, message string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+api.PathWindow, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		var body any = struct{}{}
		if message != "" {
			body = api.Error{Message: message}
		}
		_ = json.NewEncoder(w).Encode(body)
	})
	return mux
}

// keepcool window opens the window itself only when no engine will: none
// runs, it runs without a tray (501), or it is older than POST /v1/window
// (its router's plain 404). An engine that got the request and did not
// answer in time may still open it, so a second one is not opened: the
// error says what to do.
func TestWindowOpensItselfOnlyWhenNoEngineWill(t *testing.T) {
	req := api.WindowRequest{Name: "declare"}
	hang := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	cases := []struct {
		name    string
		c       windowOpener
		opened  bool
		errWant string // "" for none: the caller opens it
	}{
		{"the tray opened it", engineAt(t, answering(http.StatusOK, "")), true, ""},
		{"none runs", client.New(filepath.Join(t.TempDir(), "none.sock")), false, ""},
		{"the daemon", engineAt(t, answering(http.StatusNotImplemented, "this keepcool runs without a tray")), false, ""},
		{"an older engine", engineAt(t, http.NewServeMux()), false, ""},
		{"the launcher failed", engineAt(t, answering(http.StatusInternalServerError, "keepcool-gui did not start")), false, "keepcool-gui did not start"},
		{"no answer in time", engineAt(t, hang), false, "run keepcool window declare again"},
	}
	for _, tc := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		opened, err := askToOpen(ctx, tc.c, req)
		cancel()
		if opened != tc.opened || (err == nil) != (tc.errWant == "") || err != nil && !strings.Contains(err.Error(), tc.errWant) {
			t.Errorf("%s: opened %v, error %v; want opened %v and an error saying %q", tc.name, opened, err, tc.opened, tc.errWant)
		}
	}
}

// A client error other than the engine's is reported, not taken for "no
// engine".
func TestWindowReportsAnUnknownFailure(t *testing.T) {
	opened, err := askToOpen(context.Background(), failingOpener{errors.New("read the engine's answer: unexpected EOF")}, api.WindowRequest{Name: "prompt"})
	if opened || err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("opened %v, error %v; want the failure reported", opened, err)
	}
}

type failingOpener struct{ err error }

func (f failingOpener) OpenWindow(context.Context, api.WindowRequest) error { return f.err }
