//go:build cgo

package app

import (
	"context"
	"image/color"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/internal/poll"
)

func TestTimelineShowsDeliveryTicks(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, w := harness(t, &fakeEngine{export: raw})
	newTimeline(d, w)
	for _, want := range []string{
		"Checkout returns 500s", "Rolled back deploy 412, error rate falling",
		"✓ ops    ✓ support    ✗ exec    ✓ statuspage",
		"✓ ops    ⟳ support    ✗ exec    ✓ statuspage",
		"Holding message sent: the 09:45 UTC update was missed",
		"09:30:00", "times in UTC", // the rows' zone, named once in the header
	} {
		fatalIf(t, !shows(w, want), "timeline lacks %q; it shows %q", want, texts(w))
	}
}

func TestTimelineWithNoIncidents(t *testing.T) {
	d, _, w := harness(t, &fakeEngine{})
	newTimeline(d, w)
	fatalIf(t, !shows(w, "No incidents yet") || !shows(w, "Declare one with Incident mode…"), "texts: %q", texts(w))
}

// gatedExport is an engine whose export is first missing, then there; its
// third call blocks for good, so that once it is made the polling
// goroutine is parked and the test may look at the window without a race.
type gatedExport struct {
	fakeEngine
	raw   []byte
	mu    sync.Mutex
	calls int
}

func (g *gatedExport) Export(ctx context.Context, id, format string) ([]byte, error) {
	g.mu.Lock()
	g.calls++
	n := g.calls
	g.mu.Unlock()
	switch {
	case n == 1:
		return g.fakeEngine.Export(ctx, id, format) // none yet: 404
	case n >= 3:
		select {} // parked: see gatedExport
	}
	return g.raw, nil
}

func (g *gatedExport) exports() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.calls
}

// The timeline follows the engine by itself, often: no Refresh button.
func TestTimelineUpdatesLive(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	fatalIf(t, timelinePoll > 5*time.Second, "the timeline polls every %v: not live", timelinePoll)
	eng := &gatedExport{raw: raw}
	d, _, w := harness(t, eng)
	d.refresh = 10 * time.Millisecond
	newTimeline(d, w)
	fatalIf(t, !shows(w, "No incidents yet"), "texts: %q", texts(w))
	fatalIf(t, shows(w, "Refresh"), "a Refresh button: the timeline should not need one")
	poll.Until(t, 5*time.Second, func() bool { return eng.exports() >= 3 }, "the timeline to ask the engine again")
	fatalIf(t, !shows(w, "Rolled back deploy 412, error rate falling"), "the timeline did not update: %q", texts(w))
}

// The timeline's grey text (times, routine entries, queued ticks, the
// legend) meets WCAG AA, 4.5:1, in the light and the dark theme.
func TestTimelineGreysMeetWCAGAA(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	d, a, w := harness(t, &fakeEngine{export: raw})
	a.Settings().SetTheme(theme.DefaultTheme()) // what people see, not the test theme
	newTimeline(d, w)
	greys := map[fyne.ThemeColorName]bool{theme.ColorNamePlaceHolder: true, theme.ColorNameDisabled: true}
	checked := 0
	check := func(what string, th fyne.Theme, name fyne.ThemeColorName) {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			fg, bg := th.Color(name, v), th.Color(theme.ColorNameBackground, v)
			ratio := contrast(fg, bg)
			fatalIf(t, ratio < 4.5, "%q (%s, %s theme): contrast %.2f:1 < 4.5:1", what, name, map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[v], ratio)
		}
		checked++
	}
	walk(w, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Importance == widget.LowImportance {
				check(x.Text, x.Theme(), theme.ColorNameDisabled)
			}
		case *widget.RichText:
			for _, s := range x.Segments {
				if ts, ok := s.(*widget.TextSegment); ok && greys[ts.Style.ColorName] {
					check(ts.Text, x.Theme(), ts.Style.ColorName)
				}
			}
		}
	})
	fatalIf(t, checked < 5, "only %d grey texts found", checked)
	fatalIf(t, contrast(readable(color.White, color.White, 4.5), color.White) < 4.5, "readable gives up on white")
}

// The timeline opens at the newest entry: what just happened is what the
// engineer looks for.
func TestTimelineOpensAtTheNewest(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, w := harness(t, &fakeEngine{export: raw})
	v := newTimeline(d, w)
	w.Resize(fyne.NewSize(500, 260)) // smaller than the list
	v.scroll.ScrollToTop()
	v.last = nil // as when it first opens at this size
	v.show(raw)
	max := v.list.MinSize().Height - v.scroll.Size().Height
	fatalIf(t, max <= 0, "the list fits the window: the test proves nothing")
	fatalIf(t, v.scroll.Offset.Y < max-1, "opened at offset %v, want the bottom (%v)", v.scroll.Offset.Y, max)
}
