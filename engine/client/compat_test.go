package client

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/keepcool/keepcool/engine/api"
)

// An engine from before idempotency keys refuses the "key" field, as it
// refuses every field it does not know: the client sends the command again
// without it, so a newer CLI still works with an older running engine.
func TestOlderEngineWithoutKeys(t *testing.T) {
	sock := socketPath(t)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var bodies []string
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		if strings.Contains(string(b), `"key"`) { // as engine.decodeError words it
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(api.Error{Message: `this keepcool is newer than the running engine (json: unknown field "key"): restart the engine`})
			return
		}
		json.NewEncoder(w).Encode(api.Incident{ID: "a", Title: "noted"})
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	inc, err := New(sock).Note(context.Background(), api.NoteRequest{Text: "rolled back"})
	if err != nil || inc.Title != "noted" {
		t.Fatalf("note to an older engine: %+v, %v", inc, err)
	}
	if len(bodies) != 2 || !strings.Contains(bodies[0], `"key"`) || bodies[1] != `{"text":"rolled back"}` {
		t.Fatalf("sent %q", bodies)
	}
}
