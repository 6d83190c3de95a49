//go:build cgo

package app

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// Incident mode is one line: the title has the keyboard, Enter declares
// with SEV2 and 30–90 min, and the window goes away.
func TestDeclareWithDefaultsInOneAction(t *testing.T) {
	eng := &fakeEngine{}
	d, a, w := harness(t, eng)
	newDeclare(d, w)
	typeLine(t, w, "Checkout returns 500s")
	want := []api.StartRequest{{Title: "Checkout returns 500s", Severity: 2, ETA: "30m-90m"}}
	fatalIf(t, !reflect.DeepEqual(eng.starts, want), "Start got %+v, want %+v", eng.starts, want)
	fatalIf(t, isOpen(a, w), "the window is still open after declaring")
}

func TestDeclareEverything(t *testing.T) {
	eng := &fakeEngine{}
	d, a, w := harness(t, eng)
	v := newDeclare(d, w)
	test.Type(v.title, "Checkout returns 500s")
	test.Tap(button(t, w, "SEV1"))
	test.Tap(button(t, w, "1–3 h"))
	test.Type(v.impact, "EU customers cannot pay")
	test.Type(v.known, "since deploy 412")
	test.Type(v.unknown, "lost orders?")
	test.Type(v.plan, "roll back")
	test.Tap(v.drill)
	test.Tap(button(t, w, "Declare incident"))
	want := []api.StartRequest{{Title: "Checkout returns 500s", Severity: 1, ETA: "1h-3h", Impact: "EU customers cannot pay",
		Known: "since deploy 412", Unknown: "lost orders?", Plan: "roll back", Drill: true}}
	fatalIf(t, !reflect.DeepEqual(eng.starts, want), "Start got %+v, want %+v", eng.starts, want)
	fatalIf(t, isOpen(a, w), "the window is still open after declaring")
}

// The engine parses the free estimate; its complaint shows under the
// estimate and nothing typed is lost.
func TestDeclareShowsTheEnginesEstimateErrorInline(t *testing.T) {
	eng := &fakeEngine{actionErr: &client.APIError{Status: 400, Message: `estimate "soonish": not understood; write e.g. 30m-90m`}}
	d, a, w := harness(t, eng)
	v := newDeclare(d, w)
	test.Type(v.title, "Checkout returns 500s")
	test.Type(v.eta.free, "soonish")
	v.eta.free.TypedKey(returnKey())
	fatalIf(t, len(eng.starts) != 1 || eng.starts[0].ETA != "soonish", "Start got %+v", eng.starts)
	fatalIf(t, !isOpen(a, w), "the window closed on an error")
	fatalIf(t, !v.eta.errMsg.Visible() || v.eta.errMsg.Text != `Estimate "soonish": not understood; write e.g. 30m-90m`,
		"estimate error shows %q (visible %v)", v.eta.errMsg.Text, v.eta.errMsg.Visible())
	fatalIf(t, v.title.Text != "Checkout returns 500s" || v.eta.free.Text != "soonish", "typed text lost")
}

func TestDeclareNeedsATitle(t *testing.T) {
	eng := &fakeEngine{}
	d, a, w := harness(t, eng)
	newDeclare(d, w)
	typeLine(t, w, "   ")
	fatalIf(t, len(eng.starts) != 0, "declared without a title: %+v", eng.starts)
	fatalIf(t, !isOpen(a, w) || !shows(w, "Say what is broken"), "no hint to type a title")
}

func TestDeclareWarnsOfAnActiveIncident(t *testing.T) {
	d, _, w := harness(t, &fakeEngine{status: api.Status{Incident: activeIncident()}})
	newDeclare(d, w)
	fatalIf(t, !shows(w, "“Checkout returns 500s” is still active"), "no warning of the active incident")
}

func TestWindowsSayHowToStartTheEngine(t *testing.T) {
	for _, name := range window.Names() {
		t.Run(name, func(t *testing.T) {
			d, a, _ := harness(t, &downEngine{})
			w := open(a, name, d)
			if name == window.Settings {
				fatalIf(t, !shows(w, "keepcool is not running: changes are saved"), "settings: no not-running banner; %q", texts(w))
				return
			}
			fatalIf(t, !shows(w, "keepcool is not running") || !shows(w, "keepcool daemon"), "texts: %q", texts(w))
			button(t, w, "Try again")
		})
	}
}

// With a pagerduty channel configured, the window offers the PagerDuty
// incident (its id or address), declared as the incident's link; without
// one, it offers nothing (the engine would refuse the link).
func TestDeclareNamesThePagerDutyIncident(t *testing.T) {
	eng := &fakeEngine{channels: []api.ChannelConfig{{Name: "pd", Type: "pagerduty"}}}
	d, _, w := harness(t, eng)
	v := newDeclare(d, w)
	fatalIf(t, !v.pagerduty.Visible() || !showsVisible(w, "PagerDuty incident"), "no PagerDuty field with a pagerduty channel configured")
	test.Type(v.pagerduty, " https://acme.pagerduty.com/incidents/PT4KHLK ")
	typeLine(t, w, "Checkout returns 500s")
	want := []api.StartRequest{{Title: "Checkout returns 500s", Severity: 2, ETA: "30m-90m",
		Links: map[string]string{"pagerduty": "https://acme.pagerduty.com/incidents/PT4KHLK"}}}
	fatalIf(t, !reflect.DeepEqual(eng.starts, want), "Start got %+v, want %+v", eng.starts, want)

	d, _, w = harness(t, &fakeEngine{channels: []api.ChannelConfig{{Name: "ops", Type: "slack"}}})
	v = newDeclare(d, w)
	fatalIf(t, v.pagerduty.Visible() || showsVisible(w, "PagerDuty incident"), "a PagerDuty field with no pagerduty channel")
}

// Ticking Drill hides the PagerDuty field when no pagerduty channel takes
// drills (a drill posts only to drill = true channels, and the engine
// would refuse the link), and unticking it shows it again; one with
// drill = true keeps it. A hidden field's text is not declared.
func TestDeclarePagerDutyFieldFollowsTheDrillBox(t *testing.T) {
	eng := &fakeEngine{channels: []api.ChannelConfig{{Name: "pd", Type: "pagerduty"}}}
	d, _, w := harness(t, eng)
	v := newDeclare(d, w)
	fatalIf(t, !v.pagerduty.Visible(), "no PagerDuty field with a pagerduty channel configured")
	test.Type(v.pagerduty, "PT4KHLK")
	test.Tap(v.drill)
	fatalIf(t, v.pagerduty.Visible() || showsVisible(w, "PagerDuty incident"), "a PagerDuty field for a drill no pagerduty channel takes")
	test.Tap(v.drill)
	fatalIf(t, !v.pagerduty.Visible(), "the PagerDuty field gone once Drill is unticked")
	test.Tap(v.drill)
	w.Canvas().Focus(v.title)
	typeLine(t, w, "Practice outage")
	fatalIf(t, len(eng.starts) != 1 || eng.starts[0].Links != nil || !eng.starts[0].Drill, "Start got %+v, want a drill with no link", eng.starts)

	d, _, w = harness(t, &fakeEngine{channels: []api.ChannelConfig{{Name: "pd", Type: "pagerduty", Drill: true}}})
	v = newDeclare(d, w)
	test.Tap(v.drill)
	fatalIf(t, !v.pagerduty.Visible(), "no PagerDuty field for a drill a pagerduty channel takes")
}
