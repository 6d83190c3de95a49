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
	"github.com/keepcool/keepcool/engine/client"
)

// promptWidth is small: the prompt interrupts someone fixing production.
// Its height follows what it has to say (fit).
const promptWidth = 500

// promptView asks for the one-line progress note. Enter sends it;
// No change and Snooze are one click each. Whatever fails, the typed text
// stays where it is.
//
// Opened by the engine on its own (quiet), it shows without the keyboard
// and takes no input until the user activates it (activate): a click in
// it, or the tray's Post update… or the notification's action.
type promptView struct {
	d                      *deps
	w                      fyne.Window
	st                     api.Status
	inc                    api.Incident
	entry                  *keyEntry
	send, noChange, snooze *keyButton
	revise                 *keyButton
	head                   *fyne.Container
	lastMsg, promise       *widget.Label
	trouble, errMsg        *widget.Label
	check                  *checkView
	checklist              *checklistBrief
	heldText               string // the note the engine's checks held back: Send anyway sends it, nothing else
	keys                   *keys
	obj                    fyne.CanvasObject
	quiet                  bool
	settling               bool // just activated: a double click's second half presses nothing
	busy                   bool
	ended                  bool // the incident was resolved while open
	// One idempotency key per text sent from this window: sending the same
	// note again (the engine stopped before answering) is then a no-op if
	// the first try was recorded.
	noteKey, noteKeyText, noChangeKey string
}

// keyFor is the idempotency key of a note with text: the same while the
// text is.
func (v *promptView) keyFor(text string) string {
	if v.noteKey == "" || v.noteKeyText != text {
		v.noteKey, v.noteKeyText = client.NewKey(), text
	}
	return v.noteKey
}

func newPrompt(d *deps, w fyne.Window) {
	w.SetTitle(title("Progress update"))
	w.SetContent(loading())
	w.Resize(fyne.NewSize(promptWidth, 230))
	withStatus(d, w, func(st api.Status) {
		if st.Incident == nil {
			noIncidentDeclare(w, "report", func() { newDeclare(d, w) })
			return
		}
		v := newPromptView(d, w, st)
		v.show()
		every(d, w, v.refresh) // "5 min ago" moves on; red once the promise passes
		follow(d, w, v.update) // a note from the CLI, a holding message, a new estimate
	})
}

func newPromptView(d *deps, w fyne.Window, st api.Status) *promptView {
	v := &promptView{d: d, w: w, entry: newEntry(), errMsg: errorLabel(), quiet: d.quiet}
	v.entry.OnSubmitted = func(string) { v.sendNote(false) }
	v.send = newPrimary("Send", func() { v.sendNote(false) })
	v.noChange = newButton("No change", v.sendNoChange)
	v.snooze = newButton("Snooze", v.openSnooze)
	v.snooze.Icon, v.snooze.IconPlacement = theme.MenuDropDownIcon(), widget.ButtonIconTrailingText
	v.revise = newButton("Revise estimate…", v.openEstimate)
	v.head = container.NewStack()
	v.lastMsg, v.promise = wrapped(), wrapped()
	v.trouble = errorLabel()
	v.check = newCheckView(v.sendAnyway, v.focusEntry)
	v.checklist = newChecklistBrief()
	v.entry.OnChanged = func(text string) { // an edit is not what was checked
		if strings.TrimSpace(text) != v.heldText {
			v.check.hide()
		}
	}
	v.apply(st)
	body := container.NewVBox(compact(container.NewVBox(v.lastMsg, v.promise)), v.checklist.obj, v.entry, v.check.obj)
	footer := container.NewVBox(v.trouble, v.errMsg,
		actions([]fyne.CanvasObject{v.noChange, v.snooze, v.revise}, v.send))
	v.obj = page(v.head, body, footer)
	d.onActivate = v.activate
	d.unsent = func() bool {
		if v.ended || strings.TrimSpace(v.entry.Text) == "" {
			return false
		}
		showError(v.errMsg, errEngineStopped)
		return true
	}
	return v
}

// The note field's placeholder: while quiet it says how to start, so that
// activating the prompt changes no layout.
const (
	activeHint = "What changed? Enter sends it to stakeholders"
	quietHint  = "Click here to write your update"
)

// wrapped is a label that wraps instead of cutting text off: a promised
// time or an estimate must never end in "…".
func wrapped() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// show puts the prompt (back) in its window: ready to type, or, when the
// engine opened it, waiting for the user to activate it.
func (v *promptView) show() {
	v.w.SetTitle(title("Progress update"))
	if v.quiet { // no keys bound: Escape typed for another window must not close it
		v.w.SetContent(container.NewStack(v.obj, newActivator(v.activate)))
		unbindKeys(v.w)
	} else {
		v.w.SetContent(v.obj)
		v.keys = bindKeys(v.w, keymap{Dirty: func() bool { return strings.TrimSpace(v.entry.Text) != "" }})
	}
	v.setEnabled(!v.quiet && !v.busy && !v.ended)
	// Quiet, the hint is in the field itself, so activating it moves
	// nothing: the second click of a double click lands where the first did.
	if v.quiet {
		v.entry.SetPlaceHolder(quietHint)
	} else {
		v.entry.SetPlaceHolder(activeHint)
	}
	fit(v.w, promptWidth)
	if !v.quiet {
		v.focusEntry()
	}
}

// activate hands the prompt the keyboard: the user clicked it or asked for
// it. Until then every key is ignored: nothing in it can take focus.
func (v *promptView) activate() {
	if v.quiet {
		v.quiet = false
		v.settling = true // the rest of a double click must not press what is now under it
		v.show()
		v.d.later(doubleClick, func() { v.settling = false })
	}
	v.w.RequestFocus()
}

// doubleClick is longer than a double click's two halves are apart.
const doubleClick = 600 * time.Millisecond

// sendAnyway sends the note the engine held back exactly as it was
// checked; a note edited since is checked again.
func (v *promptView) sendAnyway() {
	v.sendNote(strings.TrimSpace(v.entry.Text) == v.heldText)
}

func (v *promptView) focusEntry() {
	if !v.quiet {
		v.w.Canvas().Focus(v.entry)
	}
}

// apply shows the engine's state: what stakeholders heard last, what they
// were promised, which channels are not delivering.
func (v *promptView) apply(st api.Status) {
	v.st = st
	if st.Incident == nil {
		v.endedByEngine()
		return
	}
	v.inc = *st.Incident
	v.head.Objects = []fyne.CanvasObject{headline(v.inc, standingIn(v.inc, v.d.style(), v.d.now()))}
	v.head.Refresh()
	v.lastMsg.SetText(lastNote(v.inc, v.d.when))
	v.checklist.set(v.inc)
	v.trouble.Hidden = true
	if t := api.DeliveryOf(st.Channels).Summary(); t != "" {
		v.trouble.SetText(t)
		v.trouble.Show()
	}
	v.refresh()
}

// update is apply for a change while open: the window grows or shrinks to
// what it now says.
func (v *promptView) update(st api.Status) {
	if v.ended {
		return
	}
	v.apply(st)
	if v.w.Content() != nil {
		fit(v.w, promptWidth)
	}
}

// endedByEngine says the incident was resolved elsewhere (the CLI, the
// tray): nothing is left to report, but what was typed stays to copy.
func (v *promptView) endedByEngine() {
	v.ended = true
	v.promise.Importance = widget.MediumImportance
	v.promise.SetText("The incident was resolved while this window was open: there is nothing left to report.")
	v.setEnabled(false)
	v.entry.Enable() // to copy what was typed
}

// refresh states the promise as it stands now, in red once it has passed,
// and where the estimate is.
func (v *promptView) refresh() {
	if v.ended {
		return
	}
	v.head.Objects = []fyne.CanvasObject{headline(v.inc, standingIn(v.inc, v.d.style(), v.d.now()))}
	v.head.Refresh()
	text, late := promiseText(v.inc, v.d.now(), v.d.when, v.d.fixRangeNow(v.inc.Estimate))
	imp := widget.MediumImportance
	if late {
		imp = widget.DangerImportance
	}
	v.promise.Importance = imp
	v.promise.TextStyle.Bold = late
	v.promise.SetText(text)
}

func (v *promptView) sendNote(force bool) {
	if v.settling {
		return
	}
	text := strings.TrimSpace(v.entry.Text)
	if text == "" {
		showError(v.errMsg, errors.New("type what changed, or press No change"))
		v.focusEntry()
		return
	}
	key := v.keyFor(text)
	v.do(func(ctx context.Context) error {
		_, err := v.d.eng.Note(ctx, api.NoteRequest{Text: text, Force: force, Key: key})
		return err
	})
}

// sendNoChange tells stakeholders nothing changed; with a note typed, it
// asks first (Tab from the note lands here, and Enter presses it): the
// note would be thrown away.
func (v *promptView) sendNoChange() {
	if v.settling {
		return
	}
	if strings.TrimSpace(v.entry.Text) != "" && v.keys != nil {
		v.keys.ask(choice{Title: "Send “no change” instead of your note?",
			Message: "What you typed is not sent and is thrown away.",
			Yes:     "Send no change", No: "Keep my note", SafeIsNo: true,
			OnYes: v.noChangeNow, OnNo: v.focusEntry})
		return
	}
	v.noChangeNow()
}

func (v *promptView) noChangeNow() {
	if v.noChangeKey == "" {
		v.noChangeKey = client.NewKey()
	}
	key := v.noChangeKey
	v.do(func(ctx context.Context) error {
		_, err := v.d.eng.Note(ctx, api.NoteRequest{NoChange: true, Key: key})
		return err
	})
}

// openSnooze offers 5, 10 and 15 minutes, each saying when it would let a
// promise lapse: stakeholders then get a holding message.
func (v *promptView) openSnooze() {
	if v.settling {
		return
	}
	var items []*fyne.MenuItem
	for _, m := range []int{5, 10, 15} {
		d := time.Duration(m) * time.Minute
		items = append(items, fyne.NewMenuItem(snoozeLabel(v.inc, v.d.now(), d, v.d.when), func() { v.snoozeFor(d) }))
	}
	menu := widget.NewPopUpMenu(fyne.NewMenu("", items...), v.w.Canvas())
	menu.ShowAtRelativePosition(fyne.NewPos(0, v.snooze.Size().Height), v.snooze)
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
	if v.settling {
		return
	}
	est := newEstimateView(v.d, v.w, v.inc, v.show)
	v.w.SetTitle(title("Revise estimate"))
	v.w.SetContent(est.obj)
	fit(v.w, 560)
	v.w.Canvas().Focus(est.eta.free)
}

// do runs one answer to the prompt and closes the window once the engine
// has it; on failure the error shows and the typed text stays. A note the
// engine's checks hold back (it looks like a command, or a secret) shows
// why, with Send anyway.
func (v *promptView) do(fn func(context.Context) error) {
	if v.busy {
		return
	}
	v.setBusy(true)
	v.check.hide()
	v.d.call(fn, func(err error) {
		v.setBusy(false)
		if err == nil {
			v.w.Close()
			return
		}
		if warnings := checkWarnings(err); len(warnings) > 0 {
			showError(v.errMsg, nil)
			v.heldText = strings.TrimSpace(v.entry.Text)
			v.check.show(warnings)
			fit(v.w, promptWidth)
			return
		}
		showError(v.errMsg, err)
		v.focusEntry()
	})
}

// setBusy holds the buttons while the engine works; the entry keeps the
// keyboard (a second Enter is ignored: busy).
func (v *promptView) setBusy(busy bool) {
	v.busy = busy
	for _, b := range v.buttons() {
		if busy || v.quiet || v.ended {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

func (v *promptView) buttons() []*keyButton {
	return []*keyButton{v.send, v.noChange, v.snooze, v.revise}
}

// setEnabled turns every control on or off: a quiet prompt has nothing
// that can take the keyboard, so Tab and Space typed for another window
// cannot reach a button.
func (v *promptView) setEnabled(on bool) {
	for _, b := range v.buttons() {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if on {
		v.entry.Enable()
	} else {
		v.entry.Disable()
	}
}
