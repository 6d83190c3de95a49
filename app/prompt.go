//go:build cgo

package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
)

// promptSize is small: the prompt interrupts someone fixing production.
var promptSize = fyne.NewSize(480, 230)

// promptView asks for the one-line progress note. Enter sends it;
// No change and Snooze are one click each. Whatever fails, the typed text
// stays where it is.
type promptView struct {
	d                        *deps
	w                        fyne.Window
	inc                      api.Incident
	entry                    *widget.Entry
	send, noChange, snooze   *widget.Button
	revise                   *widget.Button
	snoozeMenu               *widget.PopUpMenu
	promise, errMsg, lastMsg *widget.Label
	obj                      fyne.CanvasObject
	busy                     bool
}

func newPrompt(d *deps, w fyne.Window) {
	w.SetTitle(title("Progress update"))
	w.SetContent(loading())
	w.Resize(promptSize)
	withIncident(d, w, "report", func(inc api.Incident) {
		v := newPromptView(d, w, inc)
		v.show()
		every(d, w, v.refreshPromise) // red once the promise passes
	})
}

func newPromptView(d *deps, w fyne.Window, inc api.Incident) *promptView {
	v := &promptView{d: d, w: w, inc: inc, entry: widget.NewEntry(), errMsg: errorLabel()}
	v.entry.SetPlaceHolder("What changed? Enter sends it to stakeholders")
	v.entry.OnSubmitted = func(string) { v.sendNote() }
	v.send = primary("Send", v.sendNote)
	v.noChange = widget.NewButton("No change", v.sendNoChange)
	v.snooze = widget.NewButtonWithIcon("Snooze", theme.MenuDropDownIcon(), v.openSnooze)
	v.snooze.IconPlacement = widget.ButtonIconTrailingText
	v.revise = widget.NewButton("Revise estimate…", v.openEstimate)
	v.snoozeMenu = widget.NewPopUpMenu(fyne.NewMenu("",
		fyne.NewMenuItem("5 minutes", func() { v.snoozeFor(5 * time.Minute) }),
		fyne.NewMenuItem("10 minutes", func() { v.snoozeFor(10 * time.Minute) }),
		fyne.NewMenuItem("15 minutes", func() { v.snoozeFor(15 * time.Minute) }),
	), w.Canvas())
	v.promise = widget.NewLabel("")
	v.promise.Truncation = fyne.TextTruncateEllipsis
	v.lastMsg = widget.NewLabel(lastNote(inc, d.loc()))
	v.lastMsg.Truncation = fyne.TextTruncateEllipsis
	v.refreshPromise()
	body := container.NewVBox(compact(container.NewVBox(v.lastMsg, v.promise)), v.entry)
	footer := container.NewVBox(v.errMsg, actions([]fyne.CanvasObject{v.noChange, v.snooze, v.revise}, v.send))
	detail := standing(inc, d.now()) + " · fix expected " + fixRange(inc.Estimate, d.loc())
	v.obj = page(headline(inc, detail), body, footer)
	return v
}

// show puts the prompt (back) in its window, ready to type.
func (v *promptView) show() {
	v.w.SetTitle(title("Progress update"))
	v.w.SetContent(v.obj)
	v.w.Resize(promptSize)
	v.w.Canvas().Focus(v.entry)
}

// lastNote says what stakeholders heard last.
func lastNote(inc api.Incident, loc *time.Location) string {
	if n := len(inc.Notes); n > 0 {
		last := inc.Notes[n-1]
		text := oneLine(last.Text)
		if last.Kind == "no-change" {
			text = "no change"
		}
		return "Last update " + clock(last.At, loc) + ": " + text
	}
	return "No update yet since it was declared at " + clock(inc.DeclaredAt, loc)
}

// refreshPromise states the promised time, in red once it has passed.
func (v *promptView) refreshPromise() {
	if v.inc.NextUpdateDue == nil {
		v.promise.SetText("")
		return
	}
	due, now := *v.inc.NextUpdateDue, v.d.now()
	text := "Stakeholders were promised an update by " + clock(due, v.d.loc())
	imp := widget.MediumImportance
	if now.After(due) {
		text += ", " + span(now.Sub(due)) + " ago"
		imp = widget.DangerImportance
	}
	v.promise.Importance = imp
	v.promise.TextStyle.Bold = imp == widget.DangerImportance
	v.promise.SetText(text)
}

func (v *promptView) sendNote() {
	text := strings.TrimSpace(v.entry.Text)
	if text == "" {
		showError(v.errMsg, errors.New("type what changed, or press No change"))
		v.w.Canvas().Focus(v.entry)
		return
	}
	v.do(func(ctx context.Context) error {
		_, err := v.d.eng.Note(ctx, api.NoteRequest{Text: text})
		return err
	})
}

func (v *promptView) sendNoChange() {
	v.do(func(ctx context.Context) error {
		_, err := v.d.eng.Note(ctx, api.NoteRequest{NoChange: true})
		return err
	})
}

func (v *promptView) openSnooze() {
	v.snoozeMenu.ShowAtRelativePosition(fyne.NewPos(0, v.snooze.Size().Height), v.snooze)
}

func (v *promptView) snoozeFor(d time.Duration) {
	v.do(func(ctx context.Context) error {
		_, err := v.d.eng.Snooze(ctx, api.SnoozeRequest{For: d.String()})
		return err
	})
}

// openEstimate swaps in the estimate form; Cancel comes back here with
// the typed note intact.
func (v *promptView) openEstimate() {
	est := newEstimateView(v.d, v.w, v.inc, v.show)
	v.w.SetTitle(title("Revise estimate"))
	v.w.SetContent(est.obj)
	fit(v.w, 560)
	v.w.Canvas().Focus(est.eta.free)
}

// do runs one answer to the prompt and closes the window once the engine
// has it; on failure the error shows and the typed text stays.
func (v *promptView) do(fn func(context.Context) error) {
	if v.busy {
		return
	}
	v.setBusy(true)
	v.d.call(fn, func(err error) {
		v.setBusy(false)
		if err == nil {
			v.w.Close()
			return
		}
		showError(v.errMsg, err)
		v.w.Canvas().Focus(v.entry)
	})
}

func (v *promptView) setBusy(busy bool) {
	v.busy = busy
	for _, b := range []*widget.Button{v.send, v.noChange, v.snooze, v.revise} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}
