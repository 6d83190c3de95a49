package engine

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// hostedFake is a status page or incident tool that answers what its
// channel needs (by method) and records every call: "POST /path body".
type hostedFake struct {
	mu    sync.Mutex
	calls []string
}

func newHostedFake(t *testing.T, answers map[string]string) (*hostedFake, string) {
	f := &hostedFake{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.calls = append(f.calls, r.Method+" "+r.URL.Path+" "+string(body))
		f.mu.Unlock()
		_, _ = io.WriteString(w, answers[r.Method])
	}))
	t.Cleanup(srv.Close)
	return f, srv.URL
}

// seen is every call so far, joined.
func (f *hostedFake) seen() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.calls, "\n")
}

// hosted builds a channel of a hosted type through the table, as the CLI
// does from the config, against a fake of its service.
func hosted(t *testing.T, typ, name string, drill bool) (Registered, *hostedFake) {
	answers := map[string]map[string]string{
		"statuspageio": {"GET": `[]`, "POST": `{"id":"p31zjtct2jer"}`, "PATCH": `{}`},
		"pagerduty":    {"GET": `{"incidents":[]}`, "POST": `{}`},
		"cachet":       {"GET": `{"data":[]}`, "POST": `{"data":{"id":12}}`, "PUT": `{}`},
	}[typ]
	f, url := newHostedFake(t, answers)
	tt, ok := channeltype.Lookup(typ)
	if !ok {
		t.Fatalf("no channel type %s", typ)
	}
	vals := map[string]string{"url": url, "page_id": "kctbh9vrtdwd", "api_key": "k", "token": "k", "from": "oncall@example.com"}
	ch, err := tt.New(channeltype.Config{Name: name, Values: vals}, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	return Registered{Type: typ, Drill: drill, Channel: ch}, f
}

// A drill reaches only the hosted channels with drill = true; a real
// incident reaches all of them, the PagerDuty incident named at the
// declaration included. Delivery is in order per channel, so once a
// channel has the real declaration, any drill it were sent would be
// there before it.
func TestHostedChannelsDrillIsolation(t *testing.T) {
	paths := testPaths(t)
	var regs []Registered
	fakes := map[string]*hostedFake{}
	for _, typ := range []string{"statuspageio", "pagerduty", "cachet"} {
		for _, drill := range []bool{false, true} {
			name := typ + map[bool]string{false: "-real", true: "-drill"}[drill]
			reg, f := hosted(t, typ, name, drill)
			regs, fakes[name] = append(regs, reg), f
		}
	}
	r := start(t, paths, config.Incident{}, nil, regs...)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "1h", Links: map[string]string{"pagerduty": "PT4/../x"}}); err == nil ||
		!strings.Contains(err.Error(), "pagerduty id") {
		t.Errorf("a link that is not an id: %v, want it refused", err)
	}
	link := map[string]string{"pagerduty": "PT4KHLK"}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Practice outage", Severity: 2, ETA: "30m-1h", Drill: true, Links: link}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "Practice over."}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Payments down", Severity: 1, ETA: "30m-1h", Links: link}); err != nil {
		t.Fatal(err)
	}
	for name, f := range fakes {
		poll.For(t, name+" getting the real incident", func() bool { return strings.Contains(f.seen(), "Payments down") })
		seen := f.seen()
		if drill := strings.Contains(seen, "Practice outage"); drill != strings.HasSuffix(name, "-drill") {
			t.Errorf("%s: drill delivered = %v:\n%s", name, drill, seen)
		}
	}
	if seen := fakes["pagerduty-real"].seen(); !strings.Contains(seen, "POST /incidents/PT4KHLK/status_updates") {
		t.Errorf("pagerduty: %s\nwant the status update on the incident named at the declaration", seen)
	}
}

// Naming an incident in a tool no channel posts to is refused at once
// (nothing would reach it), as is naming it for a drill that no channel of
// that type takes; nothing is declared either time.
func TestLinkNeedsAChannelToUseIt(t *testing.T) {
	paths := testPaths(t)
	real, _ := hosted(t, "pagerduty", "pd", false)
	r := start(t, paths, config.Incident{}, nil)
	ctx := context.Background()
	link := map[string]string{"pagerduty": "PT4KHLK"}
	_, err := r.c.Start(ctx, api.StartRequest{Title: "Payments down", Severity: 1, ETA: "30m-1h", Links: link})
	if err == nil || !strings.Contains(err.Error(), "no pagerduty channel is configured") || strings.Contains(err.Error(), "--") {
		t.Fatalf("--pagerduty with no pagerduty channel: %v, want it refused", err)
	}
	if st, _ := r.c.Status(ctx); st.Incident != nil {
		t.Fatalf("a refused declaration declared %q", st.Incident.Title)
	}

	r = start(t, testPaths(t), config.Incident{}, nil, real)
	_, err = r.c.Start(ctx, api.StartRequest{Title: "Practice", Severity: 2, ETA: "1h", Drill: true, Links: link})
	if err == nil || !strings.Contains(err.Error(), "no pagerduty channel has drill = true") ||
		!strings.Contains(err.Error(), "set drill = true on pd") || strings.Contains(err.Error(), "--") {
		t.Fatalf("a drill naming a PagerDuty incident no drill channel posts to: %v, want it refused", err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Payments down", Severity: 1, ETA: "30m-1h", Links: link}); err != nil {
		t.Fatalf("with a pagerduty channel: %v", err)
	}
}

// A channel whose own remedy already says to run channels test is not told
// so twice when its test fails.
func TestFailedTestSaysChannelsTestOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"nope"}`)
	}))
	t.Cleanup(srv.Close)
	tt, _ := channeltype.Lookup("statuspageio")
	ch, err := tt.New(channeltype.Config{Name: "page", Values: map[string]string{"url": srv.URL, "page_id": "kctbh9vrtdwd", "api_key": "k"}}, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, testPaths(t), config.Incident{}, nil, Registered{Type: "statuspageio", Channel: ch})
	err = r.c.TestChannel(context.Background(), "page")
	if err == nil || strings.Count(err.Error(), "keepcool channels test") != 1 || !strings.Contains(err.Error(), "check api_key") {
		t.Fatalf("a refused test: %v; want the remedy, naming channels test once", err)
	}
}
