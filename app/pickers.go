//go:build cgo

package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// etaPicker is an estimate: one of the quick picks, or what the engineer
// types ("45m", "2h-4h", "until 11:30"); the engine parses it.
type etaPicker struct {
	picks  []*keyButton
	free   *keyEntry
	chosen string // the quick pick's estimate, used while free is empty
	errMsg *widget.Label
	obj    fyne.CanvasObject
}

// newETAPicker starts on the quick pick whose estimate is initial, if any.
func newETAPicker(initial string) *etaPicker {
	p := &etaPicker{chosen: initial, free: newEntry(), errMsg: errorLabel()}
	p.free.SetPlaceHolder("or type: 2h-4h, until 11:30")
	p.free.OnChanged = func(string) { p.highlight() }
	row := container.NewHBox()
	for _, q := range quickPicks() {
		b := newButton(q.label, func() {
			p.chosen = q.eta
			p.free.SetText("")
			p.highlight()
		})
		p.picks = append(p.picks, b)
		row.Add(b)
	}
	p.highlight()
	// The picks come first in the tree so that Tab walks picks, then the
	// field, then on: container.NewBorder would put the field first.
	line := container.New(layout.NewBorderLayout(nil, nil, row, nil), row, p.free)
	p.obj = container.NewVBox(line, p.errMsg)
	return p
}

// highlight marks the quick pick in use; none while something is typed.
func (p *etaPicker) highlight() {
	for i, q := range quickPicks() {
		imp := widget.MediumImportance
		if p.free.Text == "" && q.eta == p.chosen {
			imp = widget.HighImportance
		}
		if p.picks[i].Importance != imp {
			p.picks[i].Importance = imp
			p.picks[i].Refresh()
		}
	}
}

// value is the estimate to send.
func (p *etaPicker) value() string {
	if p.free.Text != "" {
		return p.free.Text
	}
	return p.chosen
}

// sevPicker chooses a severity: four segments, the chosen one in its colour.
type sevPicker struct {
	value   int
	buttons []*keyButton
	obj     fyne.CanvasObject
}

func newSevPicker(initial int) *sevPicker {
	p := &sevPicker{value: initial}
	row := container.NewHBox()
	for sev := 1; sev <= 4; sev++ {
		b := newButton(fmt.Sprintf("SEV%d", sev), func() { p.set(sev) })
		p.buttons = append(p.buttons, b)
		// Each button's own theme makes "primary" its severity's colour.
		row.Add(container.NewThemeOverride(b, tinted(sevColor(sev))))
	}
	p.set(initial)
	p.obj = row
	return p
}

func (p *sevPicker) set(sev int) {
	p.value = sev
	for i, b := range p.buttons {
		imp := widget.MediumImportance
		if i+1 == sev {
			imp = widget.HighImportance
		}
		b.Importance = imp
		b.Refresh()
	}
}
