//go:build cgo

package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// resolveView ends the incident: a summary for the all-clear, an optional
// root cause, and a confirmation, since the all-clear cannot be unsent.
type resolveView struct {
	d                  *deps
	w                  fyne.Window
	inc                api.Incident
	summary, rootCause *keyEntry
	resolve            *keyButton
	errMsg             *widget.Label
	held               *checkView // why the engine held the text back, with Send anyway
	keys               *keys
	head               *fyne.Container // the headline, kept true while open
	took               *widget.Label   // how resolving now compares with the estimate
}

func newResolve(d *deps, w fyne.Window) {
	w.SetTitle(title("Resolve incident"))
	bindKeys(w, keymap{}) // Escape closes while the engine answers
	w.SetContent(loading())
	w.Resize(fyne.NewSize(560, 0))
	withIncident(d, w, "resolve", func(inc api.Incident) {
		v := newResolveView(d, w, inc)
		w.SetContent(v.layout())
		fit(w, 560)
		w.Canvas().Focus(v.summary)
		every(d, w, v.refresh)
		follow(d, w, v.update) // a revised estimate, a channel that stops, resolved elsewhere
	})
}

// update shows the engine's state while open.
func (v *resolveView) update(st api.Status) {
	if st.Incident == nil {
		showError(v.errMsg, errors.New("the incident was resolved elsewhere while this window was open: nothing is left to resolve"))
		v.resolve.Disable()
		return
	}
	v.inc = *st.Incident
	v.refresh()
}

// refresh rewrites what depends on the clock and the incident.
func (v *resolveView) refresh() {
	now, ts := v.d.now(), v.d.style()
	v.head.Objects = []fyne.CanvasObject{incidentHeader(v.inc, ts, now)}
	v.head.Refresh()
	v.took.SetText(accuracy(v.inc.Estimate, ts, now))
}

func newResolveView(d *deps, w fyne.Window, inc api.Incident) *resolveView {
	v := &resolveView{d: d, w: w, inc: inc, summary: newMultiLineEntry(), rootCause: newMultiLineEntry(), errMsg: errorLabel()}
	v.summary.SetPlaceHolder("e.g. Checkout is back to normal since 10:41; orders placed during the outage went through.")
	v.summary.SetMinRowsVisible(3)
	v.rootCause.SetPlaceHolder("e.g. deploy 412 exhausted the database connection pool")
	v.rootCause.SetMinRowsVisible(2)
	v.resolve = newPrimary("Resolve incident…", v.ask)
	v.held = newCheckView(func() { v.send(v.held.matches(v.request())) }, func() { w.Canvas().Focus(v.summary) })
	v.held.hideOnEdit(v.summary, v.rootCause)
	v.keys = bindKeys(w, keymap{Submit: v.ask, Dirty: func() bool {
		return strings.TrimSpace(v.summary.Text+v.rootCause.Text) != ""
	}})
	return v
}

// request is the resolution as the form stands.
func (v *resolveView) request() api.ResolveRequest {
	return api.ResolveRequest{Summary: v.summary.Text, RootCause: v.rootCause.Text}
}

func (v *resolveView) layout() fyne.CanvasObject {
	v.head, v.took = container.NewStack(), widget.NewLabel("")
	v.took.Wrapping = fyne.TextWrapWord
	v.refresh()
	body := container.NewVBox(v.took,
		fieldLabel("Summary"), v.summary, hint("Goes out with the all-clear to everyone who was told about the incident."),
		fieldLabel("Root cause (optional)"), v.rootCause)
	footer := container.NewVBox(v.errMsg, v.held.obj, actions(nil, newButton("Cancel", v.keys.cancel), v.resolve))
	return page(v.head, body, footer)
}

// accuracy says how resolving now compares with the estimate, its times
// as the reader reads them at now.
func accuracy(e api.Estimate, ts timefmt.Style, now time.Time) string {
	fix := estimateText(e, ts, now)
	switch {
	case now.Before(e.MinAt):
		return "Sooner than the estimate of " + fix + "."
	case now.After(e.MaxAt):
		return span(now.Sub(e.MaxAt)) + " later than the estimate of " + fix + "."
	}
	return "Within the estimate of " + fix + "."
}

// ask confirms before the all-clear goes out; Enter confirms, as the
// engineer who pressed Ctrl+Enter on the form expects.
func (v *resolveView) ask() {
	if v.resolve.Disabled() {
		return
	}
	msg := fmt.Sprintf("The all-clear for “%s” goes to every stakeholder channel now, and the prompts stop.", v.inc.Title)
	if d := v.inc.Delivery; d != nil && len(d.NotDelivering) > 0 {
		msg = allClearMisses(v.inc.Title, d)
	}
	v.keys.ask(choice{Title: "Resolve the incident?", Message: msg,
		Yes: "Resolve and send the all-clear", No: "Not yet", OnYes: v.submit})
}

// allClearMisses is the confirmation when some channels are not
// delivering: which will not get the all-clear now.
func allClearMisses(title string, d *api.Delivery) string {
	var names []string
	for _, c := range d.NotDelivering {
		names = append(names, c.Name+" ("+c.Why()+")")
	}
	verb := "is"
	if len(names) > 1 {
		verb = "are"
	}
	return fmt.Sprintf("The all-clear for “%s” goes to %d of %d channels now, and the prompts stop. %s %s not delivering: "+
		"they get it only once they deliver again.", title, d.Channels-len(names), d.Channels, strings.Join(names, ", "), verb)
}

func (v *resolveView) submit() { v.send(false) }

// send resolves; force sends the text the engine's checks held back (the
// all-clear was confirmed already).
func (v *resolveView) send(force bool) {
	v.held.hide()
	req := v.request()
	v.held.checked = req
	req.Force = force
	v.resolve.Disable()
	v.d.call(func(ctx context.Context) error {
		_, err := v.d.eng.Resolve(ctx, req)
		return err
	}, func(err error) {
		v.resolve.Enable()
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
