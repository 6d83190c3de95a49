package engine

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/poll"
)

// pagerDutyFake is PagerDuty's API as a pagerduty channel uses it: the
// service's newest open incident is open (settable), every status update
// is accepted and recorded ("POST /incidents/ID/status_updates BODY").
type pagerDutyFake struct {
	hostedFake
	open string // the id the service search answers ("" none)
}

func newPagerDutyFake(t *testing.T, open string) (*pagerDutyFake, string) {
	f := &pagerDutyFake{open: open}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, r.Method+" "+r.URL.Path+" "+string(body))
		if r.Method == http.MethodGet && f.open != "" {
			_, _ = io.WriteString(w, `{"incidents":[{"id":"`+f.open+`"}]}`)
			return
		}
		_, _ = io.WriteString(w, `{"incidents":[]}`)
	}))
	t.Cleanup(srv.Close)
	return f, srv.URL
}

func (f *pagerDutyFake) setOpen(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.open = id
}

// pagerDuty builds a pagerduty channel through the table against url,
// with service_id service ("" none).
func pagerDuty(t *testing.T, url, service string) Registered {
	tt, _ := channeltype.Lookup("pagerduty")
	vals := map[string]string{"url": url, "api_key": "k", "from": "oncall@example.com", "service_id": service}
	ch, err := tt.New(channeltype.Config{Name: "pd", Values: vals}, http.DefaultClient)
	if err != nil {
		t.Fatal(err)
	}
	return Registered{Type: "pagerduty", Channel: ch}
}

// undelivered is how many of the incident's messages channel name refused.
func undelivered(t *testing.T, r *running, name string) int {
	st, err := r.c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range st.Channels {
		if c.Name == name {
			return c.Undelivered
		}
	}
	return 0
}

// An incident declared without its PagerDuty incident is linked to it
// later, by id or by the address PagerDuty shows: PagerDuty refused the
// messages before, and gets at once one that sums the incident up (the
// situation, the latest note), then every later update. The link is in
// the status.
func TestLinkPagerDutyMidIncident(t *testing.T) {
	f, url := newPagerDutyFake(t, "")
	r := start(t, testPaths(t), config.Incident{}, nil, pagerDuty(t, url, ""))
	ctx := context.Background()
	if _, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK"}); !isUsage(err) || !strings.Contains(err.Error(), "no active incident to link") {
		t.Errorf("link with no incident: %v, want a usage error saying there is none", err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h", Impact: "EU customers cannot pay"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Rolled back deploy 412"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "PagerDuty refusing both messages for want of an incident", func() bool { return undelivered(t, r, "pd") == 2 })
	for _, bad := range []string{"PT4/../x", "https://acme.pagerduty.com/services/PWIXJZS", "not an id"} {
		if _, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: bad}); !isUsage(err) || !strings.Contains(err.Error(), "pagerduty id") {
			t.Errorf("link %q: %v, want it refused as not an id", bad, err)
		}
	}
	inc, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "https://acme.pagerduty.com/incidents/PT4KHLK"})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Links["pagerduty"] != "PT4KHLK" {
		t.Errorf("links in the answer: %v, want pagerduty PT4KHLK", inc.Links)
	}
	poll.For(t, "the summary on the linked incident", func() bool { return strings.Contains(f.seen(), "POST /incidents/PT4KHLK/status_updates") })
	if seen := f.seen(); !strings.Contains(seen, "Rolled back deploy 412") || !strings.Contains(seen, "EU customers cannot pay") {
		t.Errorf("PagerDuty got %s\nwant a summary with the impact and the latest note", seen)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Error rate falling"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the next note on the linked incident", func() bool {
		return strings.Contains(f.seen(), "POST /incidents/PT4KHLK/status_updates {\"message\":\"SEV2 · Checkout down — Update\\nError rate falling")
	})
	st, err := r.c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Incident == nil || st.Incident.Links["pagerduty"] != "PT4KHLK" {
		t.Errorf("status: links %v, want pagerduty PT4KHLK", st.Incident)
	}
}

// isUsage reports whether err is the engine refusing a request's content
// (400: the CLI's exit 2).
func isUsage(err error) bool {
	var ae *client.APIError
	return errors.As(err, &ae) && ae.IsUsage()
}

// The PagerDuty incident a channel found on its service is journalled as
// the incident's link: after a restart (a channel that remembers nothing)
// the updates go on to it, not to a newer incident opened on the service
// meanwhile.
func TestFoundPagerDutyIncidentIsKept(t *testing.T) {
	f, url := newPagerDutyFake(t, "PNEWEST")
	paths := testPaths(t)
	r := start(t, paths, config.Incident{}, nil, pagerDuty(t, url, "PWIXJZS"))
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the found incident journalled as the link", func() bool {
		st, err := r.c.Status(ctx)
		return err == nil && st.Incident != nil && st.Incident.Links["pagerduty"] == "PNEWEST"
	})
	r.stop()
	f.setOpen("PNEWER")
	r = start(t, paths, config.Incident{}, nil, pagerDuty(t, url, "PWIXJZS"))
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Rolled back deploy 412"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the note delivered", func() bool { return strings.Contains(f.seen(), "Rolled back deploy 412") })
	if seen := f.seen(); strings.Contains(seen, "PNEWER") || strings.Count(seen, "GET /incidents") != 1 {
		t.Errorf("PagerDuty got:\n%s\nwant the note on PNEWEST, without searching the service again", seen)
	}
	pm, _, err := r.eng.Postmortem("", "md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(pm), "Linked to pagerduty incident PNEWEST, which pd found on its service") {
		t.Errorf("post-mortem without the link:\n%s", pm)
	}
}

// A message waiting for the service to have an open incident (the
// responders not paged yet) goes to the incident linked meanwhile, as
// every later one does: the link ends the search.
func TestLinkEndsTheSearch(t *testing.T) {
	f, url := newPagerDutyFake(t, "")
	r := start(t, testPaths(t), config.Incident{}, nil, pagerDuty(t, url, "PWIXJZS"))
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the service searched", func() bool { return strings.Contains(f.seen(), "GET /incidents") })
	if _, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the waiting declaration and the summary on the linked incident", func() bool {
		return strings.Count(f.seen(), "POST /incidents/PT4KHLK/status_updates") == 2
	})
}

// Linking needs a channel that would post to the linked incident (for a
// drill, one with drill = true), as --pagerduty at the declaration does;
// nothing is journalled when it is refused.
func TestLinkNeedsAChannel(t *testing.T) {
	_, url := newPagerDutyFake(t, "")
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		chans []Registered
		drill bool
		want  string
	}{
		{"none configured", nil, false, "no pagerduty channel would post to it, so nothing was linked"},
		{"none for drills", []Registered{pagerDuty(t, url, "")}, true, "none has drill = true, and this is a drill"},
	} {
		r := start(t, testPaths(t), config.Incident{}, nil, tc.chans...)
		if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h", Drill: tc.drill}); err != nil {
			t.Fatal(err)
		}
		_, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK"})
		if !isUsage(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want a usage error saying %q", tc.name, err, tc.want)
		}
		if st, _ := r.c.Status(ctx); st.Incident == nil || len(st.Incident.Links) != 0 {
			t.Errorf("%s: links %v after a refused link", tc.name, st.Incident)
		}
		r.stop()
	}
}
