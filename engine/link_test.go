package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// pagerDutyFake is PagerDuty's API as a pagerduty channel uses it: the
// service's newest open incident is open (settable), every status update
// is accepted and recorded ("POST /incidents/ID/status_updates BODY").
type pagerDutyFake struct {
	hostedFake
	open    string // the id the service search answers ("" none)
	down    bool   // every call answered 503 (retried), and not recorded
	refused int    // calls answered 503
}

func newPagerDutyFake(t *testing.T, open string) (*pagerDutyFake, string) {
	f := &pagerDutyFake{open: open}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.down {
			f.refused++
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
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

func (f *pagerDutyFake) refusals() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refused
}

func (f *pagerDutyFake) setDown(down bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.down = down
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
	// A "no change" since says nothing of where things stand: the summary
	// still carries the note before it.
	if _, err := r.c.Note(ctx, api.NoteRequest{NoChange: true}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "PagerDuty refusing every message for want of an incident", func() bool { return undelivered(t, r, "pd") == 3 })
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
// nothing is journalled when it is refused. The refusal says the fix that
// works (in a drill with a pagerduty channel: drill = true on it), and
// names no CLI flag: the Declare window shows the same words.
func TestLinkNeedsAChannel(t *testing.T) {
	_, url := newPagerDutyFake(t, "")
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		chans []Registered
		drill bool
		want  string
	}{
		{"none configured", nil, false, "no pagerduty channel is configured, so nothing would be posted to it; add one ([[channel]] type = \"pagerduty\""},
		{"none for drills", []Registered{pagerDuty(t, url, "")}, true, "no pagerduty channel has drill = true, so this drill would post nothing there; set drill = true on pd"},
	} {
		r := start(t, testPaths(t), config.Incident{}, nil, tc.chans...)
		if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h", Drill: tc.drill}); err != nil {
			t.Fatal(err)
		}
		_, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK"})
		if !isUsage(err) || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "--") {
			t.Errorf("%s: %v, want a usage error saying %q, naming no flag", tc.name, err, tc.want)
		}
		if st, _ := r.c.Status(ctx); st.Incident == nil || len(st.Incident.Links) != 0 {
			t.Errorf("%s: links %v after a refused link", tc.name, st.Incident)
		}
		r.stop()
	}
}

// keepcool stops (or the disk is full) between a link's event and its
// summary's EventQueued: the next start queues the summary from the
// linked event, so the responders get it. Linking the same id again could
// not: it changes nothing.
func TestLinkSummaryQueuedAfterARestart(t *testing.T) {
	f, url := newPagerDutyFake(t, "")
	paths := testPaths(t)
	r := start(t, paths, config.Incident{}, nil, pagerDuty(t, url, ""))
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h", Impact: "EU customers cannot pay"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "PagerDuty refusing the declaration for want of an incident", func() bool { return undelivered(t, r, "pd") == 1 })
	f.setDown(true) // the summary is not delivered before keepcool stops
	setFaults(r.eng, faults{queue: errDiskFull})
	if _, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK"}); err != nil {
		t.Fatalf("link: %v", err)
	}
	r.stop()
	setFaults(r.eng, faults{})
	f.setDown(false)

	r = start(t, paths, config.Incident{}, nil, pagerDuty(t, url, ""))
	poll.For(t, "the summary on the linked incident after the restart", func() bool {
		return strings.Contains(f.seen(), "POST /incidents/PT4KHLK/status_updates {\"message\":\"SEV2 · Checkout down")
	})
	if seen := f.seen(); !strings.Contains(seen, "EU customers cannot pay") {
		t.Errorf("PagerDuty got %s\nwant the summary, with the impact", seen)
	}
	st, _, err := r.eng.store.load(r.eng.Status().Incident.ID)
	if err != nil {
		t.Fatal(err)
	}
	var recaps []bool
	for _, ev := range st.Events {
		if v, err := ev.Decode(); err == nil && ev.Kind == updates.EventQueued {
			recaps = append(recaps, v.(updates.Queued).Message.Recap)
		}
	}
	if fmt.Sprint(recaps) != "[false true]" {
		t.Errorf("queued messages marked Recap: %v, want the declaration and the summary", recaps)
	}
}

// A link names the incident in a tool whose channels post to it
// (pagerduty); any other type is refused, at the declaration and later,
// rather than announce the incident a second time to its channels.
func TestLinkOnlyToAToolsIncident(t *testing.T) {
	ep := &endpoint{name: "ops"}
	r := start(t, testPaths(t), config.Incident{}, nil, Registered{Type: "webhook", Channel: ep})
	ctx := context.Background()
	const want = "webhook channels do not post to an incident in another tool"
	_, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "1h", Links: map[string]string{"webhook": "X1"}})
	if !isUsage(err) || !strings.Contains(err.Error(), want) {
		t.Fatalf("declared with a webhook link: %v, want a usage error saying %q", err, want)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	_, err = r.c.Link(ctx, api.LinkRequest{Type: "webhook", ID: "X1"})
	if !isUsage(err) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "link the incident in pagerduty") {
		t.Errorf("link webhook: %v, want a usage error saying %q and which type may be linked", err, want)
	}
	poll.For(t, "the declaration", func() bool { return len(ep.received()) == 1 })
	time.Sleep(50 * time.Millisecond) // a second message would be on its way by now
	if got := fmt.Sprint(kinds(ep.received())); got != "[declared]" {
		t.Errorf("the webhook got %s, want the declaration only", got)
	}
	if st, _ := r.c.Status(ctx); st.Incident == nil || len(st.Incident.Links) != 0 {
		t.Errorf("links %v after a refused link", st.Incident)
	}
}

// A message queued before the link and still retrying when the incident
// ends goes to the linked incident, as the link promises: after the
// resolve, and after a restart that drains the ended incident, not to
// whatever incident the service search finds by then.
func TestLinkReachesMessagesOfAnEndedIncident(t *testing.T) {
	for _, restart := range []bool{false, true} {
		f, url := newPagerDutyFake(t, "")
		f.setDown(true) // the service search fails: the declaration and the note are retried
		paths := testPaths(t)
		r := start(t, paths, config.Incident{}, nil, pagerDuty(t, url, "PWIXJZS"))
		ctx := context.Background()
		if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h"}); err != nil {
			t.Fatal(err)
		}
		note(t, r, "Rolled back deploy 412")
		poll.For(t, "the service searched", func() bool { return f.refusals() > 0 })
		if _, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK"}); err != nil {
			t.Fatal(err)
		}
		if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "Rolled back"}); err != nil {
			t.Fatal(err)
		}
		if restart {
			r.stop()
			r = start(t, paths, config.Incident{}, nil, pagerDuty(t, url, "PWIXJZS"))
		}
		f.setOpen("PNEWER") // opened on the service since: not this incident
		f.setDown(false)
		poll.For(t, "every message on the linked incident", func() bool {
			return strings.Count(f.seen(), "POST /incidents/PT4KHLK/status_updates") == 4
		})
		if seen := f.seen(); strings.Contains(seen, "PNEWER") || !strings.Contains(seen, "POST /incidents/PT4KHLK/status_updates {\"message\":\"SEV2 · Checkout down — Update\\nRolled back deploy 412") {
			t.Errorf("restart %v: PagerDuty got:\n%s\nwant the declaration, the note, the summary and the all-clear on PT4KHLK", restart, seen)
		}
		r.stop()
	}
}
