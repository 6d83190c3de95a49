//go:build cgo

package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
)

// estimateView revises the fix estimate: a new range from now, and why,
// which stakeholders see with it.
type estimateView struct {
	d      *deps
	w      fyne.Window
	inc    api.Incident
	eta    *etaPicker
	why    *keyEntry
	save   *keyButton
	errMsg *widget.Label
	held   *checkView // why the engine held it back (more than a day away…), with Send anyway
	keys   *keys
	obj    fyne.CanvasObject
}

// newEstimateWindow is the Revise estimate window on its own.
func newEstimateWindow(d *deps, w fyne.Window) {
	w.SetTitle(title("Revise estimate"))
	bindKeys(w, keymap{}) // Escape closes while the engine answers
	w.SetContent(loading())
	w.Resize(fyne.NewSize(560, 0))
	withIncident(d, w, "revise", func(inc api.Incident) {
		show := func() {
			v := newEstimateView(d, w, inc, w.Close)
			w.SetContent(v.obj)
			fit(w, 560)
			w.Canvas().Focus(v.eta.free)
		}
		if !d.quiet {
			show()
			return
		}
		// The engine opened it (the estimate ran out): keys typed for
		// another window must not land in it.
		activate := func() {
			d.onActivate = nil // from now on, asked for again: just come forward
			show()
			w.RequestFocus()
		}
		gate(w, newEstimateView(d, w, inc, w.Close).obj,
			"The fix estimate has passed. Click this window to revise it: keepcool does not take your keyboard on its own.", activate)
		fit(w, 560)
		d.onActivate = activate
	})
}

// withIncident loads the active incident, then calls show with it; with
// no engine or no incident the window says so instead.
func withIncident(d *deps, w fyne.Window, what string, show func(api.Incident)) {
	withStatus(d, w, func(st api.Status) {
		if st.Incident == nil {
			noIncidentDeclare(w, what, func() { newDeclare(d, w) })
			return
		}
		show(*st.Incident)
	})
}

// withStatus loads the engine's status, then calls show with it; with no
// engine the window says so and offers to try again.
func withStatus(d *deps, w fyne.Window, show func(api.Status)) {
	var st api.Status
	d.call(func(ctx context.Context) (err error) {
		st, err = d.eng.Status(ctx)
		return err
	}, func(err error) {
		switch {
		case engineDown(err):
			notRunning(w, func() { withStatus(d, w, show) })
		case err != nil:
			failed(w, err)
		default:
			show(st)
		}
	})
}

// failed fills a window with an error it cannot go on from.
func failed(w fyne.Window, err error) {
	msg := errorLabel()
	showError(msg, err)
	done := newPrimary("Close", w.Close)
	w.SetContent(page(heading("Something went wrong"), container.NewVBox(msg), actions(nil, done)))
	bindKeys(w, keymap{})
	w.Canvas().Focus(done)
}

// newEstimateView builds the form and binds the window's keys to it;
// cancel runs on Cancel and Escape (close, or back to the prompt it came
// from, which then binds its own keys).
func newEstimateView(d *deps, w fyne.Window, inc api.Incident, cancel func()) *estimateView {
	v := &estimateView{d: d, w: w, inc: inc, eta: newETAPicker(""), why: newEntry(), errMsg: errorLabel()}
	v.why.SetPlaceHolder("e.g. the restore is slower than expected")
	v.save = newPrimary("Revise estimate", v.submit)
	v.held = newCheckView(func() { v.send(v.held.matches(v.request())) }, func() { w.Canvas().Focus(v.eta.free) })
	v.held.hideOnEdit(v.eta.free, v.why)
	v.keys = bindKeys(w, keymap{Submit: v.submit, Dirty: v.typed, Cancel: func() {
		// Going back hands the window to a view that may not bind keys of
		// its own yet: none of this form's may act on it.
		unbindKeys(w)
		cancel()
	}})
	v.eta.free.OnSubmitted = func(string) { v.submit() }
	v.why.OnSubmitted = func(string) { v.submit() }
	now := d.now()
	current := widget.NewLabel("Fix expected " + d.fixRangeNow(inc.Estimate) + " (estimate given at " +
		d.when(estimateSetAt(inc)) + ").")
	current.Wrapping = fyne.TextWrapWord
	if now.After(inc.Estimate.MaxAt) {
		current.SetText("The fix was expected by " + d.when(inc.Estimate.MaxAt) + ", " +
			ago(now.Sub(inc.Estimate.MaxAt)) + ". Give stakeholders a new estimate.")
		current.Importance = widget.DangerImportance
	}
	body := container.NewVBox(current,
		fieldLabel("New estimate, from now"), v.eta.obj,
		fieldLabel("Why it changed"), v.why, hint("Stakeholders see this with the new estimate."))
	footer := container.NewVBox(v.errMsg, v.held.obj, actions(nil, newButton("Cancel", v.keys.cancel), v.save))
	v.obj = page(incidentHeader(inc, d.style(), now), body, footer)
	return v
}

// request is the revision as the form stands.
func (v *estimateView) request() api.EstimateRequest {
	return api.EstimateRequest{ETA: v.eta.value(), Why: v.why.Text}
}

// typed reports whether anything was typed that leaving would lose.
func (v *estimateView) typed() bool {
	return strings.TrimSpace(v.eta.free.Text) != "" || strings.TrimSpace(v.why.Text) != ""
}

// estimateSetAt is when the current estimate was given.
func estimateSetAt(inc api.Incident) time.Time {
	if n := len(inc.Estimate.History); n > 0 {
		return inc.Estimate.History[n-1].At
	}
	return inc.DeclaredAt
}

func (v *estimateView) submit() { v.send(false) }

// send revises; force sends what the engine's checks held back.
func (v *estimateView) send(force bool) {
	if v.save.Disabled() {
		return
	}
	v.held.hide()
	req := v.request()
	v.held.checked = req
	req.Force = force
	v.save.Disable()
	v.d.call(func(ctx context.Context) error {
		_, err := v.d.eng.Estimate(ctx, req)
		return err
	}, func(err error) {
		v.save.Enable()
		if err == nil {
			v.w.Close()
			return
		}
		if warnings := checkWarnings(err); len(warnings) > 0 {
			showError(v.errMsg, nil)
			v.held.show(warnings)
			fit(v.w, 560)
			return
		}
		showError(v.errMsg, err)
	})
}
