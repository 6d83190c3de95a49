//go:build cgo

package app

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/timefmt"
)

// timelineView shows an incident as it happened, each update with a tick
// per channel: what stakeholders actually got.
type timelineView struct {
	d      *deps
	w      fyne.Window
	list   *fyne.Container
	scroll *container.Scroll
	head   *fyne.Container
	last   []byte        // the export last drawn: a poll that brings nothing new redraws only the header
	drawn  timeline      // last, as read (its figures replay the journal: not redone every poll)
	ts     timefmt.Style // the style drawn was read in
	id     string        // the incident shown; "": the latest
}

// timelinePoll is how often an open timeline asks the engine for news: a
// delivery that lands or a note from the CLI shows within seconds, and
// the engine answers from memory on a local socket.
const timelinePoll = 3 * time.Second

func newTimeline(d *deps, w fyne.Window) *timelineView { return newTimelineOf(d, w, "") }

// newTimelineOf shows incident id ("": the latest), as History opens it.
func newTimelineOf(d *deps, w fyne.Window, id string) *timelineView {
	v := &timelineView{d: d, w: w, id: id, list: container.NewVBox(), head: container.NewStack(heading("Timeline"))}
	v.scroll = container.NewVScroll(v.list)
	legend := hint("✓ delivered   ⟳ retrying   ✗ not delivering   … queued")
	legend.Wrapping = fyne.TextWrapOff
	done := newPrimary("Close", w.Close)
	footer := actions([]fyne.CanvasObject{legend}, done)
	w.SetTitle(title("Timeline"))
	w.SetContent(container.NewThemeOverride(page(v.head, v.scroll, footer), legible{}))
	w.Resize(fyne.NewSize(720, 520))
	bindKeys(w, keymap{})
	w.Canvas().Focus(done)
	v.load()
	everyInterval(d, w, min(d.refresh, timelinePoll), v.load) // live: ticks turn green as deliveries land
	return v
}

// load fetches the latest incident's journal and redraws the list.
func (v *timelineView) load() {
	var raw []byte
	v.d.call(func(ctx context.Context) (err error) {
		raw, err = v.d.eng.Export(ctx, v.id, "json")
		return err
	}, func(err error) {
		switch {
		case engineDown(err):
			notRunning(v.w, func() { newTimelineOf(v.d, v.w, v.id) })
		case notFound(err):
			v.head.Objects = []fyne.CanvasObject{container.NewVBox(heading("No incidents yet"),
				hint("An incident's timeline shows here as it happens: every note, status change and delivery, channel by channel. "+
					"Declare one with Incident mode… in the tray, or keepcool start \"TITLE\"."))}
			v.head.Refresh()
		case err != nil:
			failed(v.w, err)
		default:
			v.show(raw)
		}
	})
}

func (v *timelineView) show(raw []byte) {
	ts := v.d.style()
	if bytes.Equal(raw, v.last) && ts == v.ts {
		// Nothing new: only the header's "38 min ago" moves. Rebuilding
		// the same list would only flicker.
		v.head.Objects = []fyne.CanvasObject{keepLegible(headline(v.drawn.Incident, v.drawn.summary(ts, v.d.now())))}
		v.head.Refresh()
		return
	}
	tl, err := parseTimeline(raw, ts)
	if err != nil {
		failed(v.w, err)
		return
	}
	v.head.Objects = []fyne.CanvasObject{keepLegible(headline(tl.Incident, tl.summary(ts, v.d.now())))}
	v.head.Refresh()
	first := v.last == nil
	v.last, v.drawn, v.ts = raw, tl, ts
	offset := v.scroll.Offset
	v.list.Objects = nil
	for _, e := range tl.Entries {
		v.list.Add(v.row(e, tl.Incident.Severity))
	}
	v.list.Refresh()
	if first { // open at the newest: what just happened is what is looked for
		v.scroll.ScrollToBottom()
		return
	}
	v.scroll.Offset = offset
	v.scroll.Refresh()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// row is one entry: the time, a dot coloured by what it was, the text and
// the delivery ticks below it.
func (v *timelineView) row(e entry, sev int) fyne.CanvasObject {
	at := widget.NewRichText(&widget.TextSegment{Text: e.When, Style: widget.RichTextStyle{
		ColorName: theme.ColorNamePlaceHolder, TextStyle: fyne.TextStyle{Monospace: true}, Inline: true}})
	text := widget.NewLabel(e.Text)
	text.Wrapping = fyne.TextWrapWord
	switch e.Kind {
	case entryQuiet:
		text.Importance = widget.LowImportance
	case entryDeclared, entryResolved:
		text.TextStyle.Bold = true
	}
	var lines fyne.CanvasObject = container.NewVBox(text)
	if len(e.Ticks) > 0 {
		lines = container.NewVBox(text, ticks(e.Ticks))
	}
	left := container.NewHBox(at, container.New(layout.NewCustomPaddedLayout(13, 0, 0, 0), container.NewVBox(dot(e.Kind, sev))))
	// Each row gets legible greys of its own: rows added to a list later
	// are outside the window's theme override.
	return keepLegible(container.NewBorder(nil, nil, left, nil, compact(lines)))
}

// dot marks an entry's kind: the severity for the declaration, green for
// the all-clear, amber for what went wrong, grey for the routine.
func dot(k entryKind, sev int) fyne.CanvasObject {
	var c color.Color
	switch k {
	case entryDeclared:
		c = sevColor(sev)
	case entryResolved:
		c = theme.Color(theme.ColorNameSuccess)
	case entryWarning:
		c = theme.Color(theme.ColorNameWarning)
	case entryQuiet:
		c = legible{}.Color(theme.ColorNameDisabled, fyne.CurrentApp().Settings().ThemeVariant())
	default:
		c = theme.Color(theme.ColorNamePrimary)
	}
	circle := canvas.NewCircle(c)
	circle.Resize(fyne.NewSize(10, 10))
	return container.NewGridWrap(fyne.NewSize(10, 10), circle)
}

// ticks is the delivery line: "✓ ops  ⟳ email", each in its state's colour.
func ticks(ts []tick) *widget.RichText {
	var segs []widget.RichTextSegment
	for i, t := range ts {
		if i > 0 {
			segs = append(segs, &widget.TextSegment{Text: "    ", Style: tickStyle(theme.ColorNameForeground)})
		}
		segs = append(segs, &widget.TextSegment{Text: t.State.glyph() + " " + t.Channel, Style: tickStyle(tickColor(t.State))})
	}
	return widget.NewRichText(segs...)
}

func tickStyle(c fyne.ThemeColorName) widget.RichTextStyle {
	return widget.RichTextStyle{Inline: true, ColorName: c, SizeName: theme.SizeNameCaptionText}
}

func tickColor(s tickState) fyne.ThemeColorName {
	switch s {
	case tickDelivered:
		return theme.ColorNameSuccess
	case tickRetrying:
		return theme.ColorNameWarning
	case tickDead:
		return theme.ColorNameError
	}
	return theme.ColorNameDisabled
}

// legible is the current theme with its greys (placeholder and disabled
// text: the timeline's times, routine entries and queued ticks) darkened
// or lightened until they meet WCAG AA, 4.5:1 against the background.
// fyne's own are 3.5:1 (placeholder, light) and 1.3:1 (disabled, light),
// too faint to read what stakeholders were told.
type legible struct{ override }

// keepLegible is obj in the legible theme, the theme overrides inside it
// (compact's) made legible too: a theme inside another does not inherit
// from it.
func keepLegible(obj fyne.CanvasObject) fyne.CanvasObject {
	var rec func(o fyne.CanvasObject)
	rec = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				rec(c)
			}
		case *container.ThemeOverride:
			if o, ok := x.Theme.(override); ok {
				x.Theme = legible{o}
				x.Refresh()
			}
			rec(x.Content)
		}
	}
	rec(obj)
	return container.NewThemeOverride(obj, legible{})
}

func (l legible) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	c := l.override.Color(n, v)
	if n == theme.ColorNamePlaceHolder || n == theme.ColorNameDisabled {
		return readable(c, l.override.Color(theme.ColorNameBackground, v), 4.5)
	}
	return c
}
