package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// keepcool link takes pagerduty and one id: anything else is a usage
// error (exit 2) that says what to type, before any engine is asked.
func TestLinkUsage(t *testing.T) {
	for _, args := range [][]string{{"link"}, {"link", "pagerduty"}, {"link", "slack", "C123"}, {"link", "pagerduty", "A", "B"}} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), args, strings.NewReader(""), &out, &errb)
		if code != ExitUsage || !strings.Contains(errb.String(), "keepcool link pagerduty PT4KHLK") {
			t.Errorf("%v: exit %d, %q; want 2 and an example", args, code, errb.String())
		}
	}
}

// After PagerDuty refused messages for want of an incident, the advice
// names keepcool link and does not claim that later messages still go
// (they would be refused too); once linked, it says where updates go.
func TestPagerDutyRefusalAdvice(t *testing.T) {
	pd := api.Channel{Name: "pd", Type: "pagerduty", State: api.ChannelOK, Undelivered: 2, Reason: "no PagerDuty incident named"}
	chat := api.Channel{Name: "chat", Type: "slack", State: api.ChannelOK, Undelivered: 1, Reason: "HTTP 400 Bad Request"}
	hook := api.Channel{Name: "hook", Type: "webhook", State: api.ChannelRetrying, Pending: 1, Reason: "connection refused"}
	for _, tc := range []struct {
		name    string
		d       *api.Delivery
		links   map[string]string
		want    []string
		notWant string
		told    bool // the reply to runbook tick --tell, not a command's warning
	}{
		{"unlinked", &api.Delivery{Channels: 2, Rejected: []api.Channel{pd}}, nil,
			[]string{"keepcool link pagerduty ID", "the incident's address", "keepcool export"}, "Later messages still go", false},
		{"unlinked, another refused too", &api.Delivery{Channels: 3, Rejected: []api.Channel{pd, chat}}, nil,
			[]string{"keepcool link pagerduty ID"}, "Later messages still go", false},
		{"unlinked, another retrying", &api.Delivery{Channels: 3, NotDelivering: []api.Channel{hook}, Rejected: []api.Channel{pd}}, nil,
			[]string{"keepcool link pagerduty ID", "retries by itself"}, "Later messages still go", false},
		{"linked since", &api.Delivery{Channels: 2, Rejected: []api.Channel{pd}}, map[string]string{"pagerduty": "PT4KHLK"},
			[]string{"Updates now go to PagerDuty incident PT4KHLK", "keepcool link pagerduty ID corrects it"}, "Later messages still go", false},
		{"another channel only", &api.Delivery{Channels: 2, Rejected: []api.Channel{chat}}, nil,
			[]string{"Later messages still go"}, "keepcool link", false},
		{"told, unlinked", &api.Delivery{Channels: 2, Rejected: []api.Channel{pd}}, nil,
			[]string{"Told stakeholders.", "keepcool link pagerduty ID"}, "Later messages still go", true},
		{"told, linked since", &api.Delivery{Channels: 2, Rejected: []api.Channel{pd}}, map[string]string{"pagerduty": "PT4KHLK"},
			[]string{"Told stakeholders.", "Updates now go to PagerDuty incident PT4KHLK"}, "Later messages still go", true},
	} {
		var b bytes.Buffer
		if tc.told {
			reportTold(&b, api.Incident{Delivery: tc.d, Links: tc.links}, 0)
		} else {
			reportDelivery(&b, api.Incident{Delivery: tc.d, Links: tc.links})
		}
		got := b.String()
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q, want %q", tc.name, got, w)
			}
		}
		if strings.Contains(got, tc.notWant) {
			t.Errorf("%s: %q, want no %q", tc.name, got, tc.notWant)
		}
	}
}

// After resolve nothing is left to link (keepcool link refuses then): the
// reply says what PagerDuty did not get, not to link, whether or not the
// incident was linked.
func TestPagerDutyRefusalAfterResolve(t *testing.T) {
	pd := api.Channel{Name: "pd", Type: "pagerduty", State: api.ChannelOK, Undelivered: 2, Reason: "no PagerDuty incident named"}
	resolved := time.Now()
	for _, links := range []map[string]string{nil, {"pagerduty": "PT4KHLK"}} {
		var b bytes.Buffer
		reportDelivery(&b, api.Incident{ResolvedAt: &resolved, Links: links, Delivery: &api.Delivery{Channels: 2, Rejected: []api.Channel{pd}}})
		got := b.String()
		if !strings.Contains(got, "pd rejected 2 messages") || !strings.Contains(got, "nothing left to link") || strings.Contains(got, "keepcool link") {
			t.Errorf("after resolve, links %v: %q", links, got)
		}
	}
	var b bytes.Buffer
	reportDelivery(&b, api.Incident{ResolvedAt: &resolved, Delivery: &api.Delivery{Channels: 2}})
	if b.Len() != 0 {
		t.Errorf("all delivered, yet: %q", b.String())
	}
}

// The reply says whether the link is new, a correction, or no change; only
// no change leaves nothing to wait for.
func TestLinkedText(t *testing.T) {
	linked := func(id string) api.Incident {
		inc := api.Incident{ID: "i1", Title: "Checkout down"}
		if id != "" {
			inc.Links = map[string]string{"pagerduty": id}
		}
		return inc
	}
	unlinked, first, second := linked(""), linked("PT4KHLK"), linked("Q1ABC")
	for _, tc := range []struct {
		before  *api.Incident
		after   api.Incident
		want    string
		changed bool
	}{
		{&unlinked, first, "Linked Checkout down to PagerDuty incident PT4KHLK: pagerduty channels post its updates there, the first one a summary", true},
		{&first, second, "Linked Checkout down to PagerDuty incident Q1ABC instead of PT4KHLK:", true},
		{&first, first, "Checkout down was already linked to PagerDuty incident PT4KHLK: nothing changed.", false},
		{nil, first, "Linked Checkout down to PagerDuty incident PT4KHLK:", true},
	} {
		if got, changed := linkedText(tc.before, tc.after); !strings.HasPrefix(got, tc.want) || changed != tc.changed {
			t.Errorf("got %q, changed %v; want %q, changed %v", got, changed, tc.want, tc.changed)
		}
	}
}

// watchingEngine answers GET /v1/watch only (no status: link must not
// poll it): since=0 with the channel as before, since=1, after a pause,
// with the channel as after, or (after zero) never until the request ends.
func watchingEngine(t *testing.T, before, after api.Channel) (*client.Client, func() []string) {
	var mu sync.Mutex
	var sinces []string
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+api.PathWatch, func(w http.ResponseWriter, r *http.Request) {
		since := r.URL.Query().Get("since")
		mu.Lock()
		sinces = append(sinces, since)
		mu.Unlock()
		got := api.Watched{Revision: 1, Status: api.Status{Channels: []api.Channel{before}}}
		if since != "0" {
			if after.Name == "" {
				<-r.Context().Done()
				return
			}
			time.Sleep(50 * time.Millisecond) // the summary on its way
			got = api.Watched{Revision: 2, Status: api.Status{Channels: []api.Channel{after}}}
		}
		_ = json.NewEncoder(w).Encode(got)
	})
	return engineAt(t, mux), func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(sinces)
	}
}

// After a link, keepcool link waits for PagerDuty's answer to the summary
// by watching the engine's state change, and says what it was: taken,
// refused (an error, with how to correct the link), or none in time.
func TestLinkWatchesForTheSummarysOutcome(t *testing.T) {
	pd := api.Channel{Name: "pd", Type: "pagerduty", State: api.ChannelOK, Delivered: 3, Undelivered: 1}
	delivered, refused := pd, pd
	delivered.Delivered++
	refused.Undelivered++
	refused.LastRefusal = "Incident Not Found"
	for _, tc := range []struct {
		name       string
		after      api.Channel // zero: no change in time
		out, err   string
		wantSinces []string
	}{
		{"taken", delivered, "PagerDuty has the summary on incident PT4KHLK (channel pd).", "", []string{"0", "1"}},
		{"refused", refused, "", "PagerDuty did not take the summary on incident PT4KHLK (channel pd): Incident Not Found. " +
			"Check the id in the incident's address in PagerDuty; keepcool link pagerduty ID corrects the link", []string{"0", "1"}},
		{"no answer in time", api.Channel{}, "PagerDuty has not answered yet: keepcool status shows whether it took the summary.", "", []string{"0", "1"}},
	} {
		c, sinces := watchingEngine(t, pd, tc.after)
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), time.Second) // within summaryWait
		err := summaryOutcome(ctx, &env{stdout: &out}, c, []api.Channel{pd}, "PT4KHLK")
		cancel()
		if strings.TrimSpace(out.String()) != tc.out || (err == nil) != (tc.err == "") || err != nil && err.Error() != tc.err {
			t.Errorf("%s: out %q, error %v; want %q and error %q", tc.name, out.String(), err, tc.out, tc.err)
		}
		if got := sinces(); !slices.Equal(got, tc.wantSinces) {
			t.Errorf("%s: watched since %q, want %q (at once, then for the next change)", tc.name, got, tc.wantSinces)
		}
	}
}
