package alerts

import (
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
		{"declared before midnight, next update after", declared(cet, now, active(at(31, 0, 5))),
			"Stakeholders told; next update by Tue 00:05 CET."},
		{"declared, next update today", declared(cet, now, active(at(30, 23, 59))),
			"Stakeholders told; next update by 23:59 CET."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.n.Body != tc.want {
				t.Errorf("body %q, want %q", tc.n.Body, tc.want)
			}
		})
	}
}
