package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/engine/api"
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
			reportDelivery(&b, tc.d, tc.links)
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
// reply says what PagerDuty did not get, not to link.
func TestPagerDutyRefusalAfterResolve(t *testing.T) {
	pd := api.Channel{Name: "pd", Type: "pagerduty", State: api.ChannelOK, Undelivered: 2, Reason: "no PagerDuty incident named"}
	var b bytes.Buffer
	reportResolvedDelivery(&b, &api.Delivery{Channels: 2, Rejected: []api.Channel{pd}})
	got := b.String()
	if !strings.Contains(got, "pd rejected 2 messages") || !strings.Contains(got, "nothing left to link") || strings.Contains(got, "keepcool link") {
		t.Errorf("after resolve: %q", got)
	}
	b.Reset()
	reportResolvedDelivery(&b, &api.Delivery{Channels: 2})
	if b.Len() != 0 {
		t.Errorf("all delivered, yet: %q", b.String())
	}
}

// The reply says whether the link is new, a correction, or no change.
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
		before *api.Incident
		after  api.Incident
		want   string
	}{
		{&unlinked, first, "Linked Checkout down to PagerDuty incident PT4KHLK: pagerduty channels post its updates there, the first one a summary"},
		{&first, second, "Linked Checkout down to PagerDuty incident Q1ABC instead of PT4KHLK:"},
		{&first, first, "Checkout down was already linked to PagerDuty incident PT4KHLK: nothing changed."},
		{nil, first, "Linked Checkout down to PagerDuty incident PT4KHLK:"},
	} {
		if got := linkedText(tc.before, tc.after); !strings.HasPrefix(got, tc.want) {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}
