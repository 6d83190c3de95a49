//go:build cgo

package app

import (
	"errors"
	"reflect"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// checkWarnings are the reasons the engine held text back (it looks like a
// shell command, a paste, a secret…), nil for any other error.
func checkWarnings(err error) []api.Warning {
	var w *client.WarningsError
	if errors.As(err, &w) {
		return w.Warnings
	}
	return nil
}

// checkView shows why a note was held back, inline, with Send anyway and
// Edit: stakeholder text is hard to take back, so the engineer decides.
type checkView struct {
	checked any // the request the engine held back: Send anyway sends that, nothing edited since
	obj     *fyne.Container
	reasons *widget.Label
	anyway  *keyButton
}

func newCheckView(sendAnyway, edit func()) *checkView {
	c := &checkView{reasons: widget.NewLabel("")}
	c.reasons.Wrapping = fyne.TextWrapWord
	c.reasons.Importance = widget.WarningImportance
	c.anyway = newButton("Send anyway", sendAnyway)
	c.anyway.Importance = widget.WarningImportance
	icon := widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	c.obj = container.NewVBox(
		container.NewBorder(nil, nil, container.NewVBox(icon), nil, c.reasons),
		actions(nil, newButton("Edit", edit), c.anyway))
	c.obj.Hide()
	return c
}

// show lists the reasons: "Not sent: …".
func (c *checkView) show(warnings []api.Warning) {
	text := "Not sent yet:"
	for _, w := range warnings {
		text += "\n• " + w.Message
	}
	c.reasons.SetText(text)
	c.obj.Show()
}

func (c *checkView) hide() { c.obj.Hide() }

// matches reports whether req is still the request that was held back.
func (c *checkView) matches(req any) bool {
	return c.checked != nil && reflect.DeepEqual(c.checked, req)
}

// hideOnEdit hides c as soon as any of the fields changes: what it says
// is about the text as it was sent.
func (c *checkView) hideOnEdit(fields ...*keyEntry) {
	for _, f := range fields {
		before := f.OnChanged
		f.OnChanged = func(s string) {
			c.hide()
			if before != nil {
				before(s)
			}
		}
	}
}
