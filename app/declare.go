//go:build cgo

package app

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/updates/pagerduty"
)

// declareView is the Declare window. Typing a title and pressing Enter
// declares with the defaults (SEV2, fix in 30–90 min): incident mode is
// one click and one line; everything else is optional.
type declareView struct {
	d                    *deps
	w                    fyne.Window
	title, impact        *keyEntry
	known, unknown, plan *keyEntry
	sev                  *sevPicker
	eta                  *etaPicker
	calib                *calibrationLine // calibration.go
	drill                *keyCheck
	runbook              *runbookPicker // checklist.go
	declare              *keyButton
	errMsg, active       *widget.Label
	held                 *checkView // why the engine held the text back, with Send anyway
	keys                 *keys
	busy                 bool
	drillMode            *drillMode // drill.go: the drill window; nil in Declare

	// pagerduty names the responders' PagerDuty incident (StartRequest.
	// Links); it and pdLabel show only when a pagerduty channel
	// would post to it.
	pagerduty *keyEntry
	pdLabel   *widget.Label
	chans     []api.ChannelConfig // as check read them: which would post to the PagerDuty incident
}

func newDeclare(d *deps, w fyne.Window) *declareView { return newDeclareAs(d, w, nil) }

// newDeclareAs is newDeclare, as the drill window when m is set (drill.go).
func newDeclareAs(d *deps, w fyne.Window, m *drillMode) *declareView {
	v := &declareView{d: d, w: w, drillMode: m, title: newEntry(), impact: newEntry(),
		known:   situation("e.g. errors started 09:12, right after deploy 412"),
		unknown: situation("e.g. whether orders were lost"), plan: situation("e.g. roll back 412, watch the error rate"),
		sev: newSevPicker(defaultSeverity), eta: newETAPicker(defaultETA),
		drill:  newCheck("Drill: a practice run, every message is marked [DRILL]", nil),
		errMsg: errorLabel(), active: errorLabel()}
	v.runbook = newRunbookPicker(d)
	v.pagerduty = newEntry()
	v.pagerduty.SetPlaceHolder("e.g. PT4KHLK, or the incident's address")
	v.pdLabel = fieldLabel("PagerDuty incident")
	v.pagerduty.Hide()
	v.pdLabel.Hide()
	v.drill.OnChanged = func(bool) { v.showPagerDuty() } // a drill posts only to drill = true channels
	v.calib = newCalibrationLine(d, v.sev, v.eta)
	v.active.Importance = widget.WarningImportance
	v.title.SetPlaceHolder("What is broken? e.g. Checkout returns 500s for EU customers")
	v.impact.SetPlaceHolder("Who is affected, and how?")
	v.declare = newPrimary("Declare incident", v.submit)
	v.held = newCheckView(func() { v.send(v.held.matches(v.request())) }, func() { w.Canvas().Focus(v.title) })
	v.held.hideOnEdit(v.title, v.impact, v.known, v.unknown, v.plan, v.eta.free)
	for _, e := range []*keyEntry{v.title, v.impact, v.eta.free} {
		e.OnSubmitted = func(string) { v.submit() }
	}
	v.keys = bindKeys(w, keymap{Submit: v.submit, Dirty: v.typed})
	w.SetTitle(title("Declare an incident"))
	w.SetContent(v.layout())
	w.Resize(fyne.NewSize(680, 0))
	w.Canvas().Focus(v.title)
	v.check()
	return v
}

// typed reports whether anything was typed that closing would lose.
func (v *declareView) typed() bool {
	for _, e := range []*keyEntry{v.title, v.impact, v.known, v.unknown, v.plan, v.eta.free, v.pagerduty} {
		if strings.TrimSpace(e.Text) != "" {
			return true
		}
	}
	return false
}

func situation(placeholder string) *keyEntry {
	e := newMultiLineEntry()
	e.SetPlaceHolder(placeholder)
	e.SetMinRowsVisible(3)
	return e
}

func (v *declareView) layout() fyne.CanvasObject {
	header := container.NewVBox(heading("Declare an incident"),
		hint("Stakeholders hear about it now, then get a progress update on a schedule. "+
			"Only the title is needed: type it and press Enter."))
	if v.drillMode != nil {
		header = v.drillMode.header()
	}
	form := container.New(layout.NewFormLayout(),
		fieldLabel("Severity"), container.NewHBox(v.sev.obj, container.NewCenter(oneLineHint("1 is the worst"))),
		fieldLabel("Fix expected in"), container.NewVBox(v.eta.obj, v.calib.obj),
		fieldLabel("Impact"), v.impact,
		v.pdLabel, v.pagerduty, // a row of the form (aligned with Impact) only while shown
	)
	columns := container.NewGridWithColumns(3,
		container.NewBorder(fieldLabel("What we know"), nil, nil, nil, v.known),
		container.NewBorder(fieldLabel("What we don't know"), nil, nil, nil, v.unknown),
		container.NewBorder(fieldLabel("How we'll find out"), nil, nil, nil, v.plan))
	body := container.NewVBox(v.active, v.title, form, columns, v.runbook.obj, v.drill)
	footer := container.NewVBox(v.errMsg, v.held.obj, actions(nil, newButton("Cancel", v.keys.cancel), v.declare))
	return page(header, body, footer)
}

// check warns, before anything is typed, when an incident is already
// active or the engine is not running, and offers the PagerDuty field when
// a pagerduty channel would post there (showPagerDuty).
func (v *declareView) check() {
	var st api.Status
	var chans []api.ChannelConfig
	v.d.call(func(ctx context.Context) (err error) {
		if st, err = v.d.eng.Status(ctx); err != nil {
			return err
		}
		chans, _ = v.d.eng.Channels(ctx) // unknown: the field stays hidden, as with none
		return nil
	}, func(err error) {
		v.chans = chans
		v.showPagerDuty()
		switch {
		case engineDown(err):
			notRunning(v.w, func() { newDeclare(v.d, v.w) })
		case err == nil && st.Incident != nil:
			v.active.SetText("“" + st.Incident.Title + "” is still active: resolve it before declaring another.")
			v.active.Show()
		}
	})
}

// showPagerDuty shows the PagerDuty field when a pagerduty channel would
// post to the incident named there: for a drill (the Drill box ticked),
// one with drill = true; otherwise the engine would refuse the link.
func (v *declareView) showPagerDuty() {
	if slices.ContainsFunc(v.chans, func(c api.ChannelConfig) bool {
		return c.Type == pagerduty.Type && (!v.drill.Checked || c.Drill)
	}) {
		v.pdLabel.Show()
		v.pagerduty.Show()
	} else {
		v.pdLabel.Hide()
		v.pagerduty.Hide()
	}
}

func (v *declareView) request() api.StartRequest {
	return api.StartRequest{
		Title: strings.TrimSpace(v.title.Text), Severity: v.sev.value, ETA: v.eta.value(),
		Impact: v.impact.Text, Known: v.known.Text, Unknown: v.unknown.Text, Plan: v.plan.Text,
		Drill: v.drill.Checked, Runbook: v.runbook.value(), Scenario: v.drillMode.scenario(),
		Links: v.links(),
	}
}

// links is the declaration's link to the PagerDuty incident, if one was
// typed (the engine takes its id or its address).
func (v *declareView) links() map[string]string {
	if id := strings.TrimSpace(v.pagerduty.Text); id != "" && v.pagerduty.Visible() {
		return map[string]string{pagerduty.Type: id}
	}
	return nil
}

func (v *declareView) submit() { v.send(false) }

// send declares; force sends text the engine's checks held back.
func (v *declareView) send(force bool) {
	if v.busy {
		return
	}
	v.held.hide()
	req := v.request()
	v.held.checked = req
	req.Force = force
	if req.Title == "" {
		showError(v.errMsg, errors.New("say what is broken in a few words first"))
		v.w.Canvas().Focus(v.title)
		return
	}
	v.setBusy(true)
	v.d.call(func(ctx context.Context) error {
		_, err := v.d.eng.Start(ctx, req)
		return err
	}, func(err error) {
		v.setBusy(false)
		if err == nil {
			v.w.Close()
			return
		}
		v.fail(err)
	})
}

// fail shows an error next to what caused it: an estimate the engine
// could not read under the estimate, anything else above the buttons.
func (v *declareView) fail(err error) {
	showError(v.errMsg, nil)
	showError(v.eta.errMsg, nil)
	if warnings := checkWarnings(err); len(warnings) > 0 {
		v.held.show(warnings)
		fit(v.w, 680)
		return
	}
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.Status == http.StatusConflict {
		// The engine's words name CLI commands; here the way on is the tray.
		err = errors.New("another incident is still active: post to it with Post update… in the tray, or resolve it first with Resolve…")
	}
	if strings.HasPrefix(err.Error(), "estimate") {
		showError(v.eta.errMsg, err)
		v.w.Canvas().Focus(v.eta.free)
		return
	}
	showError(v.errMsg, err)
}

func (v *declareView) setBusy(busy bool) {
	v.busy = busy
	if busy {
		v.declare.SetText("Declaring…")
		v.declare.Disable()
		return
	}
	v.declare.SetText("Declare incident")
	v.declare.Enable()
}
