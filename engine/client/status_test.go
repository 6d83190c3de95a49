package client

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"testing"

	"github.com/keepcool/keepcool/engine/api"
)

// An answer without the engine's JSON error (an older engine's router
// answering 404 for a path it lacks) is a *StatusError carrying the code,
// worded as before; the engine's own JSON error stays an *APIError.
func TestAnAnswerThatIsNotTheEnginesIsAStatusError(t *testing.T) {
	sock := socketPath(t)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux() // no POST /v1/window: a plain 404
	mux.HandleFunc("GET "+api.PathStatus, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(api.Error{Message: "no incident"})
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	c := New(sock)

	err = c.OpenWindow(context.Background(), api.WindowRequest{Name: "declare"})
	var se *StatusError
	var ae *APIError
	if !errors.As(err, &se) || se.Status != http.StatusNotFound || errors.As(err, &ae) ||
		err.Error() != "the keepcool engine answered 404 Not Found" {
		t.Errorf("plain 404: %T %v; want a *StatusError with Status 404, worded as the engine's answer", err, err)
	}
	_, err = c.Status(context.Background())
	if !errors.As(err, &ae) || ae.Status != http.StatusNotFound || ae.Message != "no incident" || errors.As(err, &se) {
		t.Errorf("JSON 404: %T %v; want an *APIError saying no incident", err, err)
	}
}
