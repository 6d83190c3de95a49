//go:build cgo

package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// calibrationLine is one quiet line under the declare window's estimate:
// how the engineer's past first estimates of that severity and range held
// ("your 30–90 min SEV2 estimates held 5 of 8 times; median overrun 25
// min"), so the range they pick is an honest one. It follows the pickers
// and says nothing while there is too little history. Its room stays when
// it says nothing (see steadyHeight): the form below must not jump while
// an estimate is typed.
type calibrationLine struct {
	d     *deps
	text  *widget.RichText
	obj   fyne.CanvasObject
	asked int // the latest request: an older answer arriving late is dropped
	typed int // the latest edit of the typed estimate: only it asks
}

// calibrationWait is how long typing must pause before the line asks the
// engine: an estimate typed as "1h-2h" is one request, not five.
const calibrationWait = 300 * time.Millisecond

// newCalibrationLine follows sev and eta: each pick asks the engine
// again, and so does the typed estimate once typing pauses.
func newCalibrationLine(d *deps, sev *sevPicker, eta *etaPicker) *calibrationLine {
	c := &calibrationLine{d: d, text: hint("")}
	c.obj = container.New(&steadyHeight{least: hint("Xy").MinSize().Height}, c.text)
	c.text.Hide()
	update := func() { c.typed++; c.update(sev.value, eta.value()) }
	for _, b := range append(append([]*keyButton{}, sev.buttons...), eta.picks...) {
		tapped := b.OnTapped
		b.OnTapped = func() { tapped(); update() }
	}
	changed := eta.free.OnChanged
	eta.free.OnChanged = func(s string) {
		if changed != nil {
			changed(s)
		}
		c.typed++
		typed := c.typed
		c.d.later(calibrationWait, func() {
			if typed == c.typed { // typing paused, and no pick since
				c.update(sev.value, eta.value())
			}
		})
	}
	update()
	return c
}

// update asks how past sev estimates of eta held, and shows the answer.
func (c *calibrationLine) update(sev int, eta string) {
	c.asked++
	asked := c.asked
	var cal api.Calibration
	c.d.call(func(ctx context.Context) (err error) {
		cal, err = c.d.eng.Calibration(ctx, sev, eta)
		return err
	}, func(err error) {
		if asked != c.asked {
			return
		}
		if err != nil || cal.Sentence == "" { // an estimate half typed, too little history, an older engine
			c.text.Hide()
			return
		}
		c.text.Segments[0].(*widget.TextSegment).Text = timefmt.Capital(cal.Sentence) + "."
		c.text.Refresh()
		c.text.Show()
	})
}

// steadyHeight lays out one object, shown or hidden, at the tallest it has
// been and at least least tall: a line that comes and goes, or wraps
// differently as its text changes, then never moves what is below it.
type steadyHeight struct{ least float32 }

func (s *steadyHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := fyne.NewSize(0, 0)
	if objs[0].Visible() {
		m = objs[0].MinSize()
	}
	s.least = max(s.least, m.Height)
	return fyne.NewSize(m.Width, s.least)
}

func (s *steadyHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
