package updates

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestHookURL(t *testing.T) {
	for raw, want := range map[string]bool{
		"https://hooks.example.com/x": true, "http://127.0.0.1:8080/x": true, "http://localhost/x": true,
		"http://[::1]/x": true, "http://hooks.example.com/x": false, "ftp://example.com/x": false,
		"javascript:alert(1)": false, "/relative": false, "": false,
	} {
		if _, ok := HookURL(raw); ok != want {
			t.Errorf("HookURL(%q) ok = %v, want %v", raw, ok, want)
		}
	}
}

// A URL the config would refuse is refused by the channel too, whoever
// built it: every Post is permanent and says what the URL must be.
func TestHookRefusesInNew(t *testing.T) {
	for name, s := range map[string]HookSpec{
		"plain http": {URL: "http://hooks.example.com/services/SECRETxyz", HTTP: http.DefaultClient},
		"no client":  {URL: "https://hooks.example.com/services/SECRETxyz"},
		"target":     {URL: "https://hooks.example.com/services/SECRETxyz", HTTP: http.DefaultClient, Target: func(*url.URL) (*url.URL, error) { return nil, errors.New("no topic") }},
	} {
		s.Type, s.Name, s.BadURL = "demo", "ops", "url must be https://"
		err := NewHook(s).Post(context.Background(), []byte("{}"), nil)
		if !IsPermanent(err) || strings.Contains(err.Error(), "SECRETxyz") || !strings.Contains(err.Error(), `demo channel "ops"`) {
			t.Errorf("%s: Post = %v; want a permanent error naming the channel, without the URL", name, err)
		}
	}
}

// The classifier reads the answer: here a 429 without Retry-After that the
// provider explains in its body.
func TestHookClassifier(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" || r.URL.Query().Get("thread") != "1" {
			t.Errorf("request %s %v", r.URL, r.Header)
		}
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	wait := &RetryAfterError{After: 7e9, Err: errors.New("slow down")}
	h := NewHook(HookSpec{Type: "demo", Name: "ops", URL: srv.URL + "/x", HTTP: srv.Client(),
		Target: func(u *url.URL) (*url.URL, error) { u.RawQuery = "thread=1"; return u, nil },
		Classify: func(resp *http.Response, where string) error {
			if resp.StatusCode == http.StatusTooManyRequests && !strings.Contains(where, "/x") {
				return wait
			}
			return CheckResponse(resp, where)
		}})
	if h.Name() != "ops" || h.Err() != nil {
		t.Fatalf("Name %q, Err %v", h.Name(), h.Err())
	}
	if d, ok := RetryAfter(h.PostJSON(context.Background(), map[string]string{"a": "b"}, nil)); !ok || d != wait.After {
		t.Errorf("RetryAfter = %v %v; want the classifier's %v", d, ok, wait.After)
	}
}

func TestHookCancelled(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := NewHook(HookSpec{Type: "demo", Name: "ops", URL: srv.URL, HTTP: srv.Client()}).Post(ctx, nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Post = %v; want context.Canceled", err)
	}
}
