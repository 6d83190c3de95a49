//go:build cgo

package app

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// runbookWidth suits an item of a line or two.
const runbookWidth = 600

// runbookView is the Runbook window: the incident's checklist, ticked one
// box at a time, and the runbook's back-out plan in a panel of its own at
// the bottom, never scrolled away. Only the user opens it (the tray's
// Runbook…): the engine never does.
//
// A box shows done only once the engine recorded the tick: clicking it
// asks the engine, and the answer ticks it. A ticked item offers Tell
// stakeholders, which posts that it is done as a note (api.ToldNote): one
// click, never by itself.
type runbookView struct {
	d        *deps
	w        fyne.Window
	inc      api.Incident
	head     *fyne.Container
	progress *widget.Label
	rows     []*checklistRow
	trouble  *widget.Label // which channels are not delivering: a told note may not have arrived
	errMsg   *widget.Label
	held     *checkView // why the engine held a told note back, with Send anyway
	heldItem int        // the item whose note is held
	keys     *keys
	told     map[int]bool   // items told from this window
	tellKeys map[int]string // one idempotency key per item's note
}

// checklistRow is one item: its box, when it was ticked, Tell stakeholders.
type checklistRow struct {
	n      int
	check  *keyCheck
	detail *widget.RichText
	tell   *keyButton
	line   *fyne.Container // detail and tell: shown once ticked
	obj    *fyne.Container
}

func newRunbookWindow(d *deps, w fyne.Window) {
	w.SetTitle(title("Runbook"))
	bindKeys(w, keymap{}) // Escape closes while the engine answers
	w.SetContent(loading())
	w.Resize(fyne.NewSize(runbookWidth, 0))
	withIncident(d, w, "follow a runbook for", func(inc api.Incident) {
		if inc.Runbook == "" {
			noChecklist(w, inc)
			return
		}
		v := newRunbookView(d, w, inc)
		w.SetContent(v.layout())
		fit(w, runbookWidth)
		// Again, now that the content has the window's width: a wrapped
		// line (the channels not delivering) measured before it was tall,
		// and left a gap under the checklist.
		fit(w, runbookWidth)
		v.focusFirstOpen()
		every(d, w, v.refresh)
		follow(d, w, v.update) // a tick from the CLI, resolved elsewhere
	})
}

// noChecklist fills the window for an incident declared without a runbook.
func noChecklist(w fyne.Window, inc api.Incident) {
	msg := widget.NewLabel("“" + inc.Title + "” was declared without a runbook, so it has no checklist. " +
		"Next time, choose one when declaring (keepcool start --runbook NAME; keepcool runbook list shows them).")
	msg.Wrapping = fyne.TextWrapWord
	done := newPrimary("Close", w.Close)
	w.SetContent(page(heading("No checklist"), container.NewVBox(msg), actions(nil, done)))
	bindKeys(w, keymap{})
	w.Canvas().Focus(done)
}

func newRunbookView(d *deps, w fyne.Window, inc api.Incident) *runbookView {
	v := &runbookView{d: d, w: w, inc: inc, head: container.NewStack(), progress: widget.NewLabel(""),
		trouble: errorLabel(), errMsg: errorLabel(), told: map[int]bool{}, tellKeys: map[int]string{}}
	v.held = newCheckView(func() { v.tell(v.heldItem, true) }, func() { v.held.hide() })
	for _, it := range inc.Checklist {
		v.rows = append(v.rows, v.newRow(it))
	}
	v.keys = bindKeys(w, keymap{})
	return v
}

func (v *runbookView) newRow(it api.ChecklistItem) *checklistRow {
	r := &checklistRow{n: it.N, detail: oneLineHint("")}
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.check = newCheck(fmt.Sprintf("%d. %s", it.N, it.Text), func(bool) { v.clicked(r) })
	r.tell = newButton("Tell stakeholders", func() { v.tell(r.n, false) })
	r.line = container.New(layout.NewCustomPaddedLayout(0, 0, 32, 0), container.NewBorder(nil, nil, nil, r.tell, compact(r.detail)))
	r.obj = container.NewVBox(r.check, r.line)
	return r
}

func (v *runbookView) layout() fyne.CanvasObject {
	list := container.NewVBox()
	for _, r := range v.rows {
		list.Add(r.obj)
	}
	if len(v.rows) == 0 {
		list.Add(hint("This runbook has no “- [ ]” items, so there is nothing to tick."))
	}
	v.refresh()
	header := container.NewVBox(v.head, v.progress)
	footer := container.NewVBox(backOutPanel(v.inc.BackOut), v.trouble, v.errMsg, v.held.obj,
		actions(nil, newButton("Close", v.keys.cancel)))
	return page(header, container.New(scrollUpTo{most: 360}, container.NewVScroll(list)), footer)
}

// scrollUpTo lays out a scroll as tall as its content, up to most: the
// checklist grows as ticks add a line under their items, where a height
// fixed when the window opened scrolled the last items out of view.
type scrollUpTo struct{ most float32 }

func (s scrollUpTo) MinSize(objs []fyne.CanvasObject) fyne.Size {
	scroll := objs[0].(*container.Scroll)
	return fyne.NewSize(scroll.MinSize().Width, min(scroll.Content.MinSize().Height+theme.Padding()*4, s.most))
}

func (scrollUpTo) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// backOutPanel is the back-out plan in a bordered panel: how to undo what
// the checklist does, in view the whole time.
func backOutPanel(plan string) fyne.CanvasObject {
	var text fyne.CanvasObject = hint("This runbook has no back-out plan (a “## Back-out plan” section).")
	lines := 1
	if plan != "" {
		md := widget.NewRichTextFromMarkdown(plan)
		md.Wrapping = fyne.TextWrapWord
		text, lines = md, 0
		// The panel's text is about the window's width less the page's and
		// the panel's margins; a line longer than that wraps.
		usable := float32(runbookWidth - 80)
		for _, l := range strings.Split(plan, "\n") {
			if strings.TrimSpace(l) != "" {
				w := fyne.MeasureText(l, theme.TextSize(), fyne.TextStyle{}).Width
				lines += int(w/usable) + 1
			}
		}
	}
	// A wrapped text has no height of its own until laid out: room for
	// its lines as wrapped at the window's width, within reason (a long
	// plan scrolls inside the panel).
	// The text's own padding, above and below, counts too: without it a
	// one-line plan showed a scroll bar.
	scroll := container.NewVScroll(text)
	scroll.SetMinSize(fyne.NewSize(0, min(float32(lines)*theme.TextSize()*1.7+theme.InnerPadding()*2+theme.Padding(), 150)))
	border := canvas.NewRectangle(color.Transparent)
	border.StrokeColor = theme.Color(theme.ColorNameWarning)
	border.StrokeWidth = 2
	border.CornerRadius = 6
	inner := container.NewBorder(fieldLabel("Back-out plan"), nil, nil, nil, scroll)
	return container.NewStack(border, container.New(layout.NewCustomPaddedLayout(4, 6, 10, 10), inner))
}

// update shows the engine's state while open.
func (v *runbookView) update(st api.Status) {
	if st.Incident == nil {
		showError(v.errMsg, fmt.Errorf("the incident was resolved while this window was open: the checklist is in its post-mortem"))
		for _, r := range v.rows {
			r.check.Disable()
			r.tell.Disable()
		}
		return
	}
	v.apply(*st.Incident)
}

// apply shows inc's checklist, as the engine recorded it.
func (v *runbookView) apply(inc api.Incident) {
	if len(inc.Checklist) == len(v.rows) {
		v.inc = inc
	}
	v.refresh()
	// A tick adds a line under its item: grow the window to show it, as
	// far as scrollUpTo lets the list grow.
	if size, need := v.w.Canvas().Size(), v.w.Content().MinSize(); size.Height < need.Height {
		v.w.Resize(fyne.NewSize(max(size.Width, need.Width), need.Height))
	}
}

// refresh rewrites what depends on the clock and the checklist.
func (v *runbookView) refresh() {
	v.trouble.Hidden = true
	if t := v.inc.Delivery.Summary(); t != "" {
		v.trouble.SetText(t)
		v.trouble.Show()
	}
	now, ts := v.d.now(), v.d.style()
	v.head.Objects = []fyne.CanvasObject{incidentHeader(v.inc, ts, now)}
	v.head.Refresh()
	v.progress.SetText(checklistProgress(v.inc))
	for i, r := range v.rows {
		it := v.inc.Checklist[i]
		r.check.Checked = it.Done // not SetChecked: that would run OnChanged
		r.check.Refresh()
		if !it.Done {
			r.line.Hide()
			r.tell.Hide() // hidden in itself too: Tab skips it
			continue
		}
		detail := "Done " + ts.Time(*it.DoneAt, now)
		if it.Note != "" {
			detail += " — " + it.Note
		}
		r.detail.Segments[0].(*widget.TextSegment).Text = detail
		r.detail.Refresh()
		if v.told[it.N] || v.noted(it) {
			r.tell.SetText("Told ✓")
			r.tell.Disable()
		}
		r.tell.Show()
		r.line.Show()
	}
}

// noted reports whether a note of the incident told it already: from this
// window or the CLI (both post api.ToldNote), also before it was reopened;
// or from an older CLI, whose runbook tick --tell posted the tick's note
// bare, else api.DoneNote of the item's whole text, or before DoneNote
// the item's text.
func (v *runbookView) noted(it api.ChecklistItem) bool {
	said := []string{api.ToldNote(it.Text, it.Note), api.DoneNote(it.Text), it.Text}
	if it.Note != "" {
		said = append(said, it.Note)
	}
	for _, n := range v.inc.Notes {
		if slices.Contains(said, n.Text) {
			return true
		}
	}
	return false
}

// clicked asks the engine to tick r's item. The box goes back to what the
// engine recorded until it answers; a tick cannot be taken back.
func (v *runbookView) clicked(r *checklistRow) {
	it := v.inc.Checklist[r.n-1]
	r.check.Checked = it.Done
	r.check.Refresh()
	if it.Done {
		showError(v.errMsg, fmt.Errorf("item %d was ticked at %s and stays ticked: the record keeps it", it.N, v.d.when(*it.DoneAt)))
		return
	}
	showError(v.errMsg, nil)
	r.check.Disable()
	var inc api.Incident
	v.d.call(func(ctx context.Context) (err error) {
		inc, err = v.d.eng.Tick(ctx, api.TickRequest{Item: r.n})
		return err
	}, func(err error) {
		r.check.Enable()
		if err != nil {
			showError(v.errMsg, err)
			return
		}
		v.apply(inc)
	})
}

// tell posts that item n is done as a stakeholder note; force sends it
// though the engine's checks held it back (the user saw why).
func (v *runbookView) tell(n int, force bool) {
	if n < 1 || n > len(v.rows) {
		return
	}
	it := v.inc.Checklist[n-1]
	r, text := v.rows[n-1], api.ToldNote(it.Text, it.Note)
	if v.tellKeys[n] == "" {
		v.tellKeys[n] = client.NewKey()
	}
	v.held.hide()
	showError(v.errMsg, nil)
	r.tell.Disable()
	var inc api.Incident
	v.d.call(func(ctx context.Context) (err error) {
		inc, err = v.d.eng.Note(ctx, api.NoteRequest{Text: text, Force: force, Key: v.tellKeys[n]})
		return err
	}, func(err error) {
		if warnings := checkWarnings(err); len(warnings) > 0 {
			r.tell.Enable()
			v.heldItem = n
			v.held.show(warnings)
			return
		}
		if err != nil {
			r.tell.Enable()
			showError(v.errMsg, err)
			return
		}
		v.told[n] = true
		v.apply(inc) // with which channels are not delivering it
	})
}

// focusFirstOpen gives the keyboard to the first item not yet ticked:
// Space ticks it, Tab moves on through the boxes.
func (v *runbookView) focusFirstOpen() {
	for i, r := range v.rows {
		if !v.inc.Checklist[i].Done {
			v.w.Canvas().Focus(r.check)
			return
		}
	}
}
