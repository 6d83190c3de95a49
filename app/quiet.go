//go:build cgo

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
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
