package updatestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// Log is what a fake server received, safe for its handlers' goroutines.
// The zero Log is empty and ready.
type Log[T any] struct {
	mu    sync.Mutex
	items []T
}

// Add records v.
func (l *Log[T]) Add(v T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.items = append(l.items, v)
}

// All returns a copy of what was recorded, oldest first.
func (l *Log[T]) All() []T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]T(nil), l.items...)
}

// Last returns what was recorded last, failing t when nothing was.
func (l *Log[T]) Last(t testing.TB) T {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.items) == 0 {
		t.Fatal("the fake received nothing")
	}
	return l.items[len(l.items)-1]
}

// Reply is a canned answer.
type Reply struct {
	Status int
	Header map[string]string
	Body   string
}

// Write answers with r on w.
func (r Reply) Write(w http.ResponseWriter) {
	for k, v := range r.Header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(r.Status)
	_, _ = io.WriteString(w, r.Body)
}

// Answering starts a server that answers every request with r, closed
// when the test ends.
func Answering(t testing.TB, r Reply) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { r.Write(w) }))
	t.Cleanup(srv.Close)
	return srv
}

// Stall is a handler that hangs like a stuck server until the client gives
// up or the test ends. It reads the body first: a server notices a
// hang-up only once the body is read. Its cleanup is registered after the
// server's, so it runs first and the server's Close does not wait for it.
func Stall(t testing.TB) http.HandlerFunc {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
}

// DecodeStrict decodes the JSON body raw into v as a provider that checks
// its input would: valid UTF-8 and no field v does not know, so a misspelt
// field fails the test instead of vanishing.
func DecodeStrict(raw []byte, v any) error {
	if !utf8.Valid(raw) {
		return errors.New("body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// UTF16Len counts s as JavaScript's String.length does, the larger of the
// plausible readings of a provider's "characters".
func UTF16Len(s string) int { return len(utf16.Encode([]rune(s))) }
