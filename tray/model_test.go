package tray

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

var (
	declared = time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	promised = declared.Add(45 * time.Minute) // 09:45
	params   = Params{OverdueAfter: time.Minute, StatusPage: true, Times: timefmt.In(time.UTC)}
)

func status(mod ...func(*api.Incident)) api.Status {
	inc := &api.Incident{
		ID: "x", Title: "Checkout returns 500s", Severity: 2, Status: "investigating",
		DeclaredAt: declared, NextUpdateDue: &promised,
		Estimate: api.Estimate{MinAt: declared.Add(30 * time.Minute), MaxAt: declared.Add(90 * time.Minute)},
	}
	for _, m := range mod {
		m(inc)
	}
	return api.Status{Incident: inc}
}

func at(d time.Duration) time.Time { return declared.Add(d) }

func TestBuildStates(t *testing.T) {
	resolvedAt := at(time.Hour)
	tests := []struct {
		name  string
		st    api.Status
		now   time.Time
		kind  Kind
		title string
		next  time.Time
	}{
		{"idle", api.Status{}, at(0), Idle, "keepcool · no incident", time.Time{}},
		{"resolved but still shown", status(func(i *api.Incident) { i.ResolvedAt = &resolvedAt }), at(2 * time.Hour), Idle, "keepcool · no incident", time.Time{}},
		{"just declared", status(), at(10 * time.Second), Active, "SEV2 · <1 min · next update 09:45 UTC", at(time.Minute)},
		{"active", status(), at(42*time.Minute + 30*time.Second), Active, "SEV2 · 42 min · next update 09:45 UTC", at(43 * time.Minute)},
		{"last minute before due: the due instant comes first", status(), at(44*time.Minute + 30*time.Second), Active, "SEV2 · 44 min · next update 09:45 UTC", promised},
		{"due at the promised instant", status(), promised, Due, "SEV2 · 45 min · update due now (09:45 UTC)", at(46 * time.Minute)},
		{"due within the first minute", status(), promised.Add(59 * time.Second), Due, "SEV2 · 45 min · update due now (09:45 UTC)", at(46 * time.Minute)},
		{"due to overdue: the instant just past the allowance", status(), promised.Add(time.Minute), Due, "SEV2 · 46 min · update due now (09:45 UTC)", promised.Add(time.Minute + time.Nanosecond)},
		{"overdue", status(), promised.Add(3*time.Minute + 10*time.Second), Overdue, "SEV2 · update OVERDUE by 3 min", promised.Add(4 * time.Minute)},
		{"long incident", status(func(i *api.Incident) { i.NextUpdateDue = nil }), at(65 * time.Minute), Active, "SEV2 · 1 h 05 min", at(66 * time.Minute)},
		{"drill keeps its colour when overdue", status(func(i *api.Incident) { i.Drill = true }), promised.Add(5 * time.Minute), Drill, "DRILL · SEV2 · update OVERDUE by 5 min", promised.Add(6 * time.Minute)},
		{"drill active", status(func(i *api.Incident) { i.Drill = true; i.Severity = 3 }), at(5 * time.Minute), Drill, "DRILL · SEV3 · 5 min · next update 09:45 UTC", at(6 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Build(tt.st, tt.now, params)
			if m.Kind != tt.kind || m.Title != tt.title || !m.Next.Equal(tt.next) {
				t.Errorf("got %v %q next %v\nwant %v %q next %v", m.Kind, m.Title, m.Next, tt.kind, tt.title, tt.next)
			}
			if !strings.HasPrefix(m.Tooltip, m.Title+"\n") {
				t.Errorf("tooltip %q does not start with the title", m.Tooltip)
			}
			if !tt.next.IsZero() && !tt.next.After(tt.now) {
				t.Errorf("next %v is not after now %v: the tray would spin", tt.next, tt.now)
			}
		})
	}
}

func TestBuildMenu(t *testing.T) {
	incidentItems := []Item{ItemPostUpdate, ItemReviseEstimate, ItemChangeStatus, ItemInvestigating, ItemIdentified,
		ItemMonitoring, ItemSnooze, ItemSnooze5, ItemSnooze10, ItemSnooze15, ItemResolve}
	alwaysItems := []Item{ItemStatusPage, ItemTimeline, ItemSettings, ItemQuit}
	t.Run("idle", func(t *testing.T) {
		m := Build(api.Status{}, at(0), params)
		want(t, m, true, ItemIncidentMode)
		want(t, m, false, incidentItems...)
		want(t, m, true, alwaysItems...)
	})
	t.Run("incident", func(t *testing.T) {
		m := Build(status(func(i *api.Incident) { i.Status = "identified" }), at(time.Minute), params)
		want(t, m, false, ItemIncidentMode)
		want(t, m, true, incidentItems...)
		want(t, m, true, alwaysItems...)
		for _, it := range []Item{ItemInvestigating, ItemIdentified, ItemMonitoring} {
			if got := m.Items[it].Checked; got != (it == ItemIdentified) {
				t.Errorf("%s checked = %v with status identified", it.Label(), got)
			}
		}
		for it := range NumItems {
			if !m.Items[it].Enabled {
				t.Errorf("%s disabled", it.Label())
			}
		}
	})
	t.Run("status page off", func(t *testing.T) {
		m := Build(api.Status{}, at(0), Params{OverdueAfter: time.Minute})
		if s := m.Items[ItemStatusPage]; !s.Visible || s.Enabled {
			t.Errorf("Open status page with the page off: %+v, want visible and disabled", s)
		}
	})
}

func want(t *testing.T, m Model, visible bool, items ...Item) {
	t.Helper()
	for _, it := range items {
		if m.Items[it].Visible != visible {
			t.Errorf("%s visible = %v, want %v", it.Label(), m.Items[it].Visible, visible)
		}
	}
}

func TestTooltip(t *testing.T) {
	snooze := at(50 * time.Minute)
	m := Build(status(func(i *api.Incident) { i.SnoozedUntil = &snooze }), at(46*time.Minute), params)
	for _, part := range []string{"Checkout returns 500s", "investigating", "fix expected 09:30–10:30 UTC", "prompt snoozed until 09:50 UTC"} {
		if !strings.Contains(m.Tooltip, part) {
			t.Errorf("tooltip %q lacks %q", m.Tooltip, part)
		}
	}
}

// The tray writes times as the config says ([incident] timezone and
// clock), not in the zone of the machine or of its clock, and with the day
// when it is not the reader's today there.
func TestTimesFollowTheConfiguredStyle(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	late := declared.Add(13*time.Hour + 50*time.Minute) // Monday 9 March 2026, 22:50 UTC: 23:50 CET
	lateDue := late.Add(30 * time.Minute)
	snooze, holding := late.Add(40*time.Minute), late.Add(35*time.Minute)
	lateStatus := status(func(i *api.Incident) {
		i.DeclaredAt, i.NextUpdateDue = late.Add(-time.Minute), &lateDue
		i.Estimate = api.Estimate{MinAt: late.Add(40 * time.Minute), MaxAt: late.Add(100 * time.Minute)}
		i.SnoozedUntil, i.HoldingAt = &snooze, &holding
	})
	tests := []struct {
		name         string
		times        timefmt.Style
		st           api.Status
		now          time.Time
		title        string
		tooltipParts []string
	}{
		{"the configured zone, not the clock's", timefmt.In(berlin), status(), at(time.Minute),
			"SEV2 · 1 min · next update 10:45 CET", []string{"fix expected 10:30–11:30 CET"}},
		{"a 12-hour clock", timefmt.Style{Zone: berlin, Hour12: true}, status(), at(time.Minute),
			"SEV2 · 1 min · next update 10:45 AM CET", []string{"fix expected 10:30 AM–11:30 AM CET"}},
		{"due now, in the configured zone", timefmt.In(tokyo), status(), promised, // 18:45 JST
			"SEV2 · 45 min · update due now (18:45 JST)", []string{"fix expected 18:30–19:30 JST"}},
		// At 22:50 UTC on Monday it is 23:50 in Berlin: what is due at
		// 23:20 UTC is due on Tuesday there, and says so,
		{"another day carries the day", timefmt.In(berlin), lateStatus, late,
			"SEV2 · 1 min · next update Tue 00:20 CET", []string{
				"fix expected Tue 00:30–01:30 CET",
				"prompt snoozed until Tue 00:30 CET, holding message to stakeholders at Tue 00:25 CET unless you post"}},
		// while in UTC it is still today's.
		{"the same instants on the reader's day in UTC", timefmt.In(time.UTC), lateStatus, late,
			"SEV2 · 1 min · next update 23:20 UTC", []string{
				"fix expected 23:30–Tue 00:30 UTC",
				"prompt snoozed until 23:30 UTC, holding message to stakeholders at 23:25 UTC unless you post"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := params
			p.Times = tt.times
			m := Build(tt.st, tt.now.In(time.FixedZone("clock", -7*3600)), p)
			if m.Title != tt.title {
				t.Errorf("title %q, want %q", m.Title, tt.title)
			}
			for _, part := range tt.tooltipParts {
				if !strings.Contains(m.Tooltip, part) {
					t.Errorf("tooltip %q lacks %q", m.Tooltip, part)
				}
			}
		})
	}
}

// An estimate revised to the next day says so (eta 30h-40h).
func TestTooltipGivesTheDay(t *testing.T) {
	m := Build(status(func(i *api.Incident) {
		i.Estimate = api.Estimate{MinAt: declared.Add(30 * time.Hour), MaxAt: declared.Add(40 * time.Hour)}
	}), at(time.Minute), params)
	// 9 March 2026 is a Monday.
	if !strings.Contains(m.Tooltip, "fix expected Tue 15:00–Wed 01:00 UTC") {
		t.Errorf("tooltip %q does not give the days", m.Tooltip)
	}
}

func TestEveryItemHasAJob(t *testing.T) {
	for it := range NumItems {
		s := menuSpec[it]
		acts := s.Window != "" || s.Status != "" || s.Snooze != ""
		handled := it == ItemChangeStatus || it == ItemSnooze || it == ItemStatusPage || it == ItemQuit
		if acts == handled {
			t.Errorf("%s: acts=%v but handled by name=%v", s.Label, acts, handled)
		}
		if s.Parent >= it {
			t.Errorf("%s comes before its parent", s.Label)
		}
	}
}

// A channel that is not delivering shows in the tooltip and as a menu
// item that opens Settings, idle or not; a healthy one does not.
func TestNotDeliveringShows(t *testing.T) {
	hook := api.Channel{Name: "hook", State: "retrying", Pending: 3, Reason: "connection refused"}
	ops := api.Channel{Name: "ops", State: "ok"}
	mail := api.Channel{Name: "mail", State: "misconfigured", Pending: 1, Reason: "misconfigured"}
	tests := []struct {
		name    string
		st      api.Status
		tooltip string
		label   string
	}{
		{"healthy", status(func(*api.Incident) {}), "", ""},
		{"one retrying", withChannels(status(), ops, hook), "not delivering: hook (connection refused); 3 queued", "⚠ hook is not delivering…"},
		{"idle, misconfigured", withChannels(api.Status{}, mail, ops), "not delivering: mail (misconfigured); 1 queued", "⚠ mail is not delivering…"},
		{"refused a message", withChannels(status(), ops, api.Channel{Name: "chat", State: "ok", Undelivered: 1}),
			"chat refused 1 message: keepcool export lists them", "⚠ chat refused 1 message…"},
		{"two", withChannels(status(), hook, mail), "not delivering: hook (connection refused), mail (misconfigured); 4 queued", "⚠ 2 channels are not delivering…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Build(tt.st, at(time.Minute), params)
			it := m.Items[ItemDelivery]
			if it.Visible != (tt.label != "") || it.Label != tt.label || !it.Enabled {
				t.Errorf("delivery item %+v, want label %q", it, tt.label)
			}
			if tt.tooltip == "" && strings.Contains(m.Tooltip, "not delivering") || !strings.Contains(m.Tooltip, tt.tooltip) {
				t.Errorf("tooltip %q, want %q", m.Tooltip, tt.tooltip)
			}
		})
	}
	if menuSpec[ItemDelivery].Window != "settings" {
		t.Error("the delivery item does not open Settings, where the channels are")
	}
}

func withChannels(st api.Status, chans ...api.Channel) api.Status {
	st.Channels = chans
	return st
}

// A snooze that runs past the promise says when the holding message goes.
func TestTooltipSaysWhenTheHoldingMessageGoes(t *testing.T) {
	holding := promised.Add(2 * time.Minute)
	past, within := promised.Add(5*time.Minute), promised.Add(-5*time.Minute)
	m := Build(status(func(i *api.Incident) { i.SnoozedUntil, i.HoldingAt = &past, &holding }), at(40*time.Minute), params)
	if !strings.Contains(m.Tooltip, "holding message to stakeholders at 09:47 UTC unless you post") {
		t.Errorf("snoozed past the promise: %q", m.Tooltip)
	}
	m = Build(status(func(i *api.Incident) { i.SnoozedUntil, i.HoldingAt = &within, &holding }), at(30*time.Minute), params)
	if strings.Contains(m.Tooltip, "holding message") {
		t.Errorf("snoozed within the promise: %q", m.Tooltip)
	}
}

// The Snooze submenu says which choice lets the promise lapse, as the
// prompt window does, and the model changes when the clock makes another
// choice lapse it.
func TestSnoozeSaysWhenTheHoldingMessageGoes(t *testing.T) {
	holding := promised.Add(3*time.Minute + 20*time.Second) // 09:48:20
	st := status(func(i *api.Incident) { i.HoldingAt = &holding })
	labels := func(m Model) [3]string {
		return [3]string{m.Items[ItemSnooze5].Label, m.Items[ItemSnooze10].Label, m.Items[ItemSnooze15].Label}
	}
	tests := []struct {
		name   string
		now    time.Time
		labels [3]string
		next   time.Time
	}{
		{"every choice ends in time", at(30 * time.Minute), [3]string{}, at(31 * time.Minute)},
		{"15 min lapses it in 10 s, before the minute ticks", at(33*time.Minute + 10*time.Second), [3]string{},
			at(33*time.Minute + 20*time.Second)},
		{"15 min lapses it", at(33*time.Minute + 20*time.Second), [3]string{"", "", "15 min — holding message at 09:48 UTC"},
			at(34 * time.Minute)},
		{"10 and 15 min", at(40 * time.Minute), [3]string{"", "10 min — holding message at 09:48 UTC", "15 min — holding message at 09:48 UTC"},
			at(41 * time.Minute)},
		{"every choice", at(44 * time.Minute), [3]string{"5 min — holding message at 09:48 UTC", "10 min — holding message at 09:48 UTC", "15 min — holding message at 09:48 UTC"},
			promised},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Build(st, tt.now, params)
			if labels(m) != tt.labels || !m.Next.Equal(tt.next) {
				t.Errorf("labels %q next %v\nwant %q next %v", labels(m), m.Next, tt.labels, tt.next)
			}
		})
	}
	if m := Build(status(), at(44*time.Minute), params); labels(m) != [3]string{} {
		t.Errorf("no holding time known: %q", labels(m))
	}
}
