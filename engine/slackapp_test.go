package engine

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// toServer sends every request, whatever its host, to a test server: the
// table builds a Slack app channel for slack.com, which this redirects.
type toServer struct{ u *url.URL }

func (s toServer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host = s.u.Scheme, s.u.Host
	return http.DefaultTransport.RoundTrip(r)
}

// slackApp is a Slack app channel built through the table (token and
// channel), posting to a fake Web API that records each call's method
// and form.
func slackApp(t *testing.T, name string, drill bool) (Registered, *hostedFake) {
	f := &hostedFake{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		f.mu.Lock()
		f.calls = append(f.calls, r.URL.Path+" "+form.Get("text")+" "+form.Get("blocks"))
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true,"channel":"C0INCIDENT1","ts":"1741939200.000100","messages":[]}`)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	tt, _ := channeltype.Lookup("slack")
	vals := map[string]string{"token": "xoxb-1", "channel": "C0INCIDENT1"}
	ch, err := tt.New(channeltype.Config{Name: name, Values: vals}, &http.Client{Transport: toServer{u}})
	if err != nil {
		t.Fatal(err)
	}
	return Registered{Type: "slack", Drill: drill, Channel: ch}, f
}

// A drill reaches only the Slack app channel with drill = true; the real
// incident declared after it reaches both (in order per channel, so a
// drill sent to the other would be there before it).
func TestSlackAppDrillIsolation(t *testing.T) {
	paths := testPaths(t)
	real, realFake := slackApp(t, "slack-real", false)
	drill, drillFake := slackApp(t, "slack-drill", true)
	r := start(t, paths, config.Incident{}, nil, real, drill)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Practice outage", Severity: 2, ETA: "30m-1h", Drill: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "Practice over."}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Payments down", Severity: 1, ETA: "30m-1h"}); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*hostedFake{"slack-real": realFake, "slack-drill": drillFake} {
		poll.For(t, name+" getting the real incident", func() bool { return strings.Contains(f.seen(), "Payments down") })
		seen := f.seen()
		if got := strings.Contains(seen, "Practice outage"); got != (name == "slack-drill") {
			t.Errorf("%s: drill delivered = %v:\n%s", name, got, seen)
		}
		if !strings.Contains(seen, "/chat.postMessage") {
			t.Errorf("%s: %s\nwant chat.postMessage calls", name, seen)
		}
	}
}
