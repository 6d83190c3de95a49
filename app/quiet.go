//go:build cgo

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// activator lies over a quiet window: a click anywhere in it is the user
// deliberately turning to it, and hands it the keyboard. It is tappable
// but never focusable, so no key typed for another window can trigger it.
type activator struct {
	widget.BaseWidget
	tapped func()
}

func newActivator(tapped func()) *activator {
	a := &activator{tapped: tapped}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activator) Tapped(*fyne.PointEvent) { a.tapped() }

func (a *activator) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil)) // invisible: the prompt shows through
}

// gate shows obj in w, quiet: a line says how to start, every key goes to
// a sink that drops it (Tab included, so no button can be reached), and
// the first click anywhere calls activate, which puts up the live view.
func gate(w fyne.Window, obj fyne.CanvasObject, hint string, activate func()) {
	sink := newKeySink()
	banner := widget.NewLabel(hint)
	banner.Wrapping = fyne.TextWrapWord
	banner.Importance = widget.HighImportance
	banner.TextStyle.Bold = true
	unbindKeys(w) // no Escape, Ctrl+W or Ctrl+Enter from keys typed for another window
	w.SetContent(container.NewStack(
		container.NewBorder(container.NewPadded(banner), nil, nil, nil, obj),
		newActivator(activate), sink))
	w.Canvas().Focus(sink)
}

// keySink holds the keyboard of a quiet window and drops every key.
type keySink struct{ widget.BaseWidget }

func newKeySink() *keySink {
	s := &keySink{}
	s.ExtendBaseWidget(s)
	return s
}

func (*keySink) FocusGained()                {}
func (*keySink) FocusLost()                  {}
func (*keySink) TypedRune(rune)              {}
func (*keySink) TypedKey(*fyne.KeyEvent)     {}
func (*keySink) TypedShortcut(fyne.Shortcut) {}
func (*keySink) AcceptsTab() bool            { return true }
func (*keySink) MinSize() fyne.Size          { return fyne.NewSize(0, 0) }
func (s *keySink) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(nil))
}
