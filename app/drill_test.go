//go:build cgo

package app

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
)

func (f *fakeEngine) Drills(context.Context) (api.Drills, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.drills, nil
}

func drillScenarios() api.Drills {
	return api.Drills{Scenarios: []api.DrillScenario{
		{Name: "db-failover", Title: "Primary database fails over", Severity: 1, Estimate: "1h-3h",
			Impact: "EU customers cannot check out", Known: "the primary stopped answering", Events: 2},
		{Name: "cache", Title: "Cache stampede", Estimate: "45m"},
	}}
}

// The drill window: drill checked and fixed, the notice of where drill
// messages go; picking a scenario fills the form, and starting sends its
// name with the drill.
func TestDrillWindowStartsAScenario(t *testing.T) {
	eng := &fakeEngine{drills: drillScenarios()}
	d, a, w := harness(t, eng)
	v := newDrillWindow(d, w)
	fatalIf(t, !v.drill.Checked || !v.drill.Disabled(), "drill not checked and fixed")
	fatalIf(t, !hasText(w, "Start a drill") || !hasText(w, "goes only to drill channels"), "heading or notice missing")
	m := v.drillMode
	fatalIf(t, m.sel.Selected != noScenario || len(m.sel.Options) != 3, "picker: %q of %q", m.sel.Selected, m.sel.Options)
	m.sel.SetSelected("db-failover — Primary database fails over (2 scripted events)")
	fatalIf(t, v.title.Text != "Primary database fails over" || v.sev.value != 1 || v.eta.value() != "1h-3h" ||
		v.impact.Text != "EU customers cannot check out" || v.known.Text != "the primary stopped answering",
		"form not filled: %q sev %d eta %q impact %q", v.title.Text, v.sev.value, v.eta.value(), v.impact.Text)
	w.Resize(fyne.NewSize(700, 720))
	savePNG(t, w, "/tmp/issue11/drill.png")
	test.Tap(button(t, w, "Start drill"))
	want := []api.StartRequest{{Title: "Primary database fails over", Severity: 1, ETA: "1h-3h", Impact: "EU customers cannot check out",
		Known: "the primary stopped answering", Drill: true, Scenario: "db-failover"}}
	fatalIf(t, !reflect.DeepEqual(eng.starts, want), "Start got %+v, want %+v", eng.starts, want)
	fatalIf(t, isOpen(a, w), "the window is still open after starting")
}

// An estimate that is not a quick pick goes in the free field; "No
// scenario" starts a plain drill.
func TestDrillWindowWithoutScenario(t *testing.T) {
	eng := &fakeEngine{drills: drillScenarios()}
	d, _, w := harness(t, eng)
	v := newDrillWindow(d, w)
	v.drillMode.sel.SetSelected("cache — Cache stampede")
	fatalIf(t, v.eta.free.Text != "45m", "free estimate %q", v.eta.free.Text)
	v.drillMode.sel.SetSelected(noScenario)
	v.title.SetText(v.title.Text + " again")
	test.Tap(button(t, w, "Start drill"))
	fatalIf(t, len(eng.starts) != 1 || eng.starts[0].Scenario != "" || !eng.starts[0].Drill || eng.starts[0].Title != "Cache stampede again",
		"Start got %+v", eng.starts)
}

func hasText(w fyne.Window, s string) bool {
	found := false
	walk(w, func(o fyne.CanvasObject) {
		switch o := o.(type) {
		case *widget.Label:
			found = found || strings.Contains(o.Text, s)
		case *widget.RichText:
			found = found || strings.Contains(o.String(), s)
		}
	})
	return found
}
