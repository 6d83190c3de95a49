package alerts

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/timefmt"
)

// Every time in a notification names its zone, is in the reader's style,
// and carries the day when it is not the reader's today.
func TestTextsGiveTheZoneAndTheDay(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Monday 30 November 2026, 23:50 in Berlin (17:50 in New York).
	now := time.Date(2026, 11, 30, 23, 50, 0, 0, berlin)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, berlin) }
	cet, h12, est := timefmt.In(berlin), timefmt.Style{Zone: berlin, Hour12: true}, timefmt.In(ny)
	prompt := func(promised, maxAt time.Time) engine.Prompt {
		return engine.Prompt{ID: "inc-1", Title: "Checkout returns 500s", Severity: 1, Promised: promised,
			Estimate: incident.Estimate{MinAt: maxAt.Add(-time.Hour), MaxAt: maxAt}}
	}
	active := func(due time.Time) *api.Incident {
		return &api.Incident{ID: "inc-1", Title: "Checkout returns 500s", Severity: 1, NextUpdateDue: &due}
	}
	tests := []struct {
		name string
		n    notify.Notification
		want string
	}{
		{"due today", updateDue(cet, now, prompt(at(30, 23, 45), at(30, 23, 0))),
			"Stakeholders were promised an update by 23:45 CET."},
		{"due today on a 12-hour clock", updateDue(h12, now, prompt(at(30, 23, 45), at(30, 23, 0))),
			"Stakeholders were promised an update by 11:45 PM CET."},
		{"due yesterday", updateDue(cet, now, prompt(at(29, 23, 45), at(30, 23, 0))),
			"Stakeholders were promised an update by Sun 29 Nov 23:45 CET."},
		{"the estimate passed yesterday", estimatePassed(cet, now, prompt(at(30, 23, 45), at(29, 22, 0))),
			"The fix was expected by Sun 29 Nov 22:00 CET. Stakeholders need a new estimate."},
		{"the estimate passed today", estimatePassed(cet, now, prompt(at(30, 23, 45), at(30, 22, 0))),
			"The fix was expected by 22:00 CET. Stakeholders need a new estimate."},
		{"the next promise is tomorrow", holdingSent(cet, now, active(at(31, 0, 5)), api.Note{At: at(30, 23, 50)}),
			"A holding message went out at 23:50 CET. Next update promised by Tue 00:05 CET."},
		{"the same instants in New York are today", holdingSent(est, now, active(at(31, 0, 5)), api.Note{At: at(30, 23, 50)}),
			"A holding message went out at 17:50 EST. Next update promised by 18:05 EST."},
		{"declared before midnight, next update after", declared(cet, now, active(at(31, 0, 5)), nil),
			"Stakeholders told; next update by Tue 00:05 CET."},
		{"declared, next update today", declared(cet, now, active(at(30, 23, 59)), nil),
			"Stakeholders told; next update by 23:59 CET."},
		{"declared, all channels delivering", declared(cet, now, active(at(30, 23, 59)), channels("ok", "ok")),
			"Stakeholders told; next update by 23:59 CET."},
		{"declared, two of five not delivering", declared(cet, now, active(at(30, 23, 59)), channels("ok", "dead", "ok", "retrying", "ok")),
			"3 of 5 channels told; c2 and c4 are not delivering. Next update by 23:59 CET."},
		{"declared, one not delivering", declared(cet, now, active(at(30, 23, 59)), channels("ok", "misconfigured")),
			"1 of 2 channels told; c2 is not delivering. Next update by 23:59 CET."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.n.Body != tc.want {
				t.Errorf("body %q, want %q", tc.n.Body, tc.want)
			}
		})
	}
}

// channels are c1, c2, … in the given states.
func channels(states ...string) []api.Channel {
	var out []api.Channel
	for i, s := range states {
		out = append(out, api.Channel{Name: fmt.Sprintf("c%d", i+1), State: s})
	}
	return out
}

// The delivery notification names the channels, why, what waits, and
// where to fix it, with no CLI syntax.
func TestNotDeliveringTexts(t *testing.T) {
	hook := api.Channel{Name: "hook", State: api.ChannelRetrying, Reason: "connection refused", Pending: 3}
	ops := api.Channel{Name: "ops", State: api.ChannelMisconfigured, Pending: 1}
	ok := api.Channel{Name: "mail", State: api.ChannelOK, Pending: 2}
	tests := []struct {
		name        string
		n           notify.Notification
		title, body string
	}{
		{"one", notDelivering([]api.Channel{ok, hook}, true), "hook is not delivering",
			"hook (connection refused): 3 updates queued. Fix it, then press Test in Settings."},
		{"two", notDelivering([]api.Channel{ops, ok, hook}, true), "ops and hook are not delivering",
			"ops (misconfigured), hook (connection refused): 4 updates queued. Fix them, then press Test for each in Settings."},
		{"nothing queued", notDelivering([]api.Channel{{Name: "hook", State: api.ChannelDead, Reason: "HTTP 404 Not Found"}}, false),
			"hook is not delivering", "hook (HTTP 404 Not Found). Fix it, then press Test in Settings."},
		{"recovered", deliveringAgain([]string{"ops", "hook"}), "ops and hook are delivering again", "Stakeholders get every update again."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.n.Title != tc.title || tc.n.Body != tc.body {
				t.Errorf("%q / %q, want %q / %q", tc.n.Title, tc.n.Body, tc.title, tc.body)
			}
			if strings.Contains(tc.n.Body, "keepcool ") || strings.Contains(tc.n.Body, "--") {
				t.Errorf("CLI syntax in %q", tc.n.Body)
			}
		})
	}
}
