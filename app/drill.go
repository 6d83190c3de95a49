//go:build cgo

package app

import (
	"context"
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
)

// Driller lists the drill scenarios.
type Driller interface {
	Drills(ctx context.Context) (api.Drills, error)
}

// noScenario is the scenario picker's first choice.
const noScenario = "No scenario"

// drillNotice says where a drill's messages go.
const drillNotice = "[DRILL] Every message is marked [DRILL] and goes only to drill channels (drill = true) and the status page."

// drillMode turns the Declare window into the drill window: drill checked
// and fixed, a scenario picker that fills the form, its own heading.
type drillMode struct {
	v      *declareView
	sel    *keySelect
	byOpt  map[string]api.DrillScenario
	chosen string // the scenario's name, "" for none
}

// newDrillWindow is the Declare window set for a drill.
func newDrillWindow(d *deps, w fyne.Window) *declareView {
	m := &drillMode{byOpt: map[string]api.DrillScenario{}}
	m.sel = newSelect([]string{noScenario}, m.pick)
	m.sel.SetSelected(noScenario)
	v := newDeclareAs(d, w, m)
	m.v = v
	v.drill.SetChecked(true)
	v.drill.Disable()
	v.declare.SetText("Start drill")
	w.SetTitle(title("Start a drill"))
	var list api.Drills
	d.call(func(ctx context.Context) (err error) {
		list, err = d.eng.Drills(ctx)
		return err
	}, func(err error) {
		if err == nil {
			m.offer(list)
		}
	})
	return v
}

// header replaces the Declare window's heading.
func (m *drillMode) header() *fyne.Container {
	notice := widget.NewLabel(drillNotice)
	notice.Wrapping = fyne.TextWrapWord
	notice.Importance = widget.WarningImportance
	return container.NewVBox(heading("Start a drill"),
		hint("Practise the whole flow for real: the prompts, the holding messages, the all-clear and the post-mortem."),
		notice,
		container.NewBorder(nil, nil, fieldLabel("Scenario"), nil, m.sel))
}

// offer lists the scenarios by name and title.
func (m *drillMode) offer(list api.Drills) {
	opts := []string{noScenario}
	for _, sc := range list.Scenarios {
		opt := sc.Name
		if sc.Title != "" && sc.Title != sc.Name {
			opt += " — " + sc.Title
		}
		if sc.Events > 0 {
			opt += fmt.Sprintf(" (%s)", plural(sc.Events, "scripted event"))
		}
		m.byOpt[opt] = sc
		opts = append(opts, opt)
	}
	m.sel.SetOptions(opts)
}

// pick fills the form from the chosen scenario; "No scenario" keeps what
// is there.
func (m *drillMode) pick(opt string) {
	sc, ok := m.byOpt[opt]
	if !ok {
		m.chosen = ""
		return
	}
	m.chosen = sc.Name
	v := m.v
	if v == nil {
		return
	}
	v.title.SetText(sc.Title)
	if sc.Severity != 0 {
		v.sev.set(sc.Severity)
	}
	if sc.Estimate != "" {
		v.eta.free.SetText("")
		if slices.ContainsFunc(quickPicks(), func(q quickPick) bool { return q.eta == sc.Estimate }) {
			v.eta.chosen = sc.Estimate
		} else {
			v.eta.free.SetText(sc.Estimate)
		}
		v.eta.highlight()
	}
	v.impact.SetText(sc.Impact)
	v.known.SetText(sc.Known)
	v.unknown.SetText(sc.Unknown)
	v.plan.SetText(sc.Plan)
}

// scenario is the chosen scenario's name ("" for none or in Declare).
func (m *drillMode) scenario() string {
	if m == nil {
		return ""
	}
	return m.chosen
}
