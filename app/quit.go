//go:build cgo

package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
)

// quitView asks what to do with the focus shield when keepcool quits
// during an incident: keep the desk quiet until keepcool is back and the
// incident resolved, or put everything back now.
type quitView struct {
	d       *deps
	w       fyne.Window
	inc     *api.Incident       // nil: no active incident
	up      []api.ShieldBackend // the parts of the shield that are up
	buttons []*keyButton        // disabled while the engine is asked to quit
	errMsg  *widget.Label
}

func newQuit(d *deps, w fyne.Window) {
	w.SetTitle(title("Quit during an incident"))
	w.SetContent(loading())
	w.Resize(fyne.NewSize(600, 0))
	bindKeys(w, keymap{}) // Escape: not quitting is always safe
	withStatus(d, w, func(st api.Status) {
		v := &quitView{d: d, w: w, inc: st.Incident, errMsg: errorLabel()}
		if v.inc != nil {
			v.up = shieldUp(st.Shield)
		}
		content, def := v.layout()
		showFitted(d, w, content, 600)
		w.Canvas().Focus(def) // Enter presses the default
	})
}

// shieldUp is the parts of the shield that are up, or going up.
func shieldUp(all []api.ShieldBackend) []api.ShieldBackend {
	var up []api.ShieldBackend
	for _, b := range all {
		if b.State == "up" || b.State == "raising" {
			up = append(up, b)
		}
	}
	return up
}

// shieldPart says what a part of the shield does while it is up.
func shieldPart(name string) string {
	switch name {
	case "gnome":
		return "GNOME notification banners off"
	case "kde":
		return "KDE do not disturb (ends when keepcool quits)"
	case "slack":
		return "Slack status and notifications snoozed"
	case "macos":
		return "macOS Focus (Shortcuts)"
	case "windows":
		return "Windows Focus Assist"
	}
	return name
}

// layout is the window's content and its default button. Without an
// incident, quitting is what the window is for; during one it stops the
// updates stakeholders were promised, so the default, for Enter and for a
// hurried click, is to keep keepcool running.
func (v *quitView) layout() (fyne.CanvasObject, *keyButton) {
	if v.inc == nil {
		msg := widget.NewLabel("There is no active incident. keepcool quits until you start it again " +
			"from your applications menu or with “keepcool”.")
		msg.Wrapping = fyne.TextWrapWord
		quit := v.button("Quit", "Quitting…", false)
		quit.Importance = widget.HighImportance
		return v.page(msg, nil, newButton("Cancel", v.w.Close), quit), quit
	}
	keep := newPrimary("Keep keepcool running", v.w.Close)
	msg := widget.NewLabel("The incident “" + v.inc.Title + "” is still active. Until keepcool starts again, " +
		"it stops prompting you and sending updates to stakeholders.")
	msg.Wrapping = fyne.TextWrapWord
	if len(v.up) == 0 {
		return v.page(msg, []fyne.CanvasObject{v.button("Quit", "Quitting…", false)}, keep), keep
	}
	parts := container.NewVBox()
	for _, b := range v.up {
		parts.Add(widget.NewLabel("•  " + shieldPart(b.Name)))
	}
	ask := widget.NewLabel("Keep it up while you work on the incident? It comes down when you resolve the incident, " +
		"once keepcool is running again.")
	ask.Wrapping = fyne.TextWrapWord
	body := container.NewVBox(msg, fieldLabel("Your focus shield is up"), compact(parts), ask)
	back := v.button("Put everything back and quit", "Putting everything back…", true)
	return v.page(body, []fyne.CanvasObject{back, v.button("Keep the shield up and quit", "Quitting…", false)}, keep), keep
}

// page puts the ways to quit on the left, apart from the default on the right.
func (v *quitView) page(body fyne.CanvasObject, left []fyne.CanvasObject, right ...fyne.CanvasObject) fyne.CanvasObject {
	row := container.New(layout.NewCustomPaddedLayout(8, 0, 0, 0), actions(left, right...)) // a breath after the text
	return page(heading("Quit keepcool?"), body, container.NewVBox(v.errMsg, row))
}

// button quits, putting the shield back or not, and says busy while the
// engine does it.
func (v *quitView) button(label, busy string, restore bool) *keyButton {
	b := newButton(label, nil)
	b.OnTapped = func() { v.quit(b, busy, restore) }
	v.buttons = append(v.buttons, b)
	return b
}

// quit ends the engine and then the window; on an error the window stays
// so the user can try again or cancel. Putting the shield back may wait
// on Slack, so it gets longer than an ordinary call.
func (v *quitView) quit(b *keyButton, busy string, restore bool) {
	label := b.Text
	for _, o := range v.buttons {
		o.Disable()
	}
	b.SetText(busy)
	showError(v.errMsg, nil)
	v.d.callWithin(2*v.d.timeout, func(ctx context.Context) error {
		return v.d.eng.Quit(ctx, api.QuitRequest{RestoreShield: restore})
	}, func(err error) {
		if err == nil || engineDown(err) { // not running: quit already
			v.w.Close()
			return
		}
		for _, o := range v.buttons {
			o.Enable()
		}
		b.SetText(label)
		showError(v.errMsg, err)
	})
}

// showFitted puts content of wrapped text in w at width, the window as
// tall as the text needs. A wrapped label's height depends on its width:
// on X the window's first frames can lay it out narrow, the window grows
// to the height that needs and keeps it, so it is fitted again once on
// screen.
func showFitted(d *deps, w fyne.Window, content fyne.CanvasObject, width float32) {
	width = max(width, content.MinSize().Width)
	refit := func() {
		inner := width - 2*theme.Padding() // the window's own margin around its content
		content.Resize(fyne.NewSize(inner, content.MinSize().Height))
		w.Resize(fyne.NewSize(width, content.MinSize().Height))
	}
	w.SetContent(content)
	refit()
	if d.settled != nil {
		d.settled(refit)
	}
}
