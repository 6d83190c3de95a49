//go:build cgo

package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine/api"
)

// press sends a key as fyne's desktop driver does (processKeyPressed in
// internal/driver/glfw/window.go): Tab and Shift+Tab move the focus unless
// the focused widget accepts tabs; any other key goes to the focused
// widget, and to the canvas only when nothing has focus.
func press(w fyne.Window, name fyne.KeyName, mod ...fyne.KeyModifier) {
	c := w.Canvas()
	focused := c.Focused()
	if name == fyne.KeyTab {
		if tb, ok := focused.(fyne.Tabbable); !ok || !tb.AcceptsTab() {
			if len(mod) > 0 && mod[0] == fyne.KeyModifierShift {
				c.FocusPrevious()
			} else {
				c.FocusNext()
			}
			return
		}
	}
	ev := &fyne.KeyEvent{Name: name}
	if focused != nil {
		focused.TypedKey(ev)
	} else if c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}

// ctrl sends Ctrl+key as the desktop driver does (triggersShortcut): to the
// focused widget when it takes shortcuts, else to the canvas.
func ctrl(w fyne.Window, key fyne.KeyName) {
	s := &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault}
	if f, ok := w.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	w.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

// fillIn types each text into the focused field and Tabs to the next.
func fillIn(t *testing.T, w fyne.Window, texts ...string) {
	t.Helper()
	for i, s := range texts {
		if i > 0 {
			press(w, fyne.KeyTab)
		}
		test.Type(focusedEntry(t, w), s)
	}
}

// asking reports whether a confirmation is over w.
func asking(w fyne.Window) bool { return w.Canvas().Overlays().Top() != nil }

// focusedButton is the label of the button that has the keyboard, "" if none.
func focusedButton(w fyne.Window) string {
	o, ok := w.Canvas().Focused().(fyne.CanvasObject)
	if !ok {
		return ""
	}
	if b, ok := plain(o).(*widget.Button); ok {
		return b.Text
	}
	return ""
}

func TestKeysEscapeClosesAnUntouchedWindow(t *testing.T) {
	for _, name := range window.Names() {
		if name == window.Prompt { // the prompt's keys are its own: prompt_test.go
			continue
		}
		for _, how := range []string{"Escape", "Ctrl+W"} {
			t.Run(name+"/"+how, func(t *testing.T) {
				eng := &fakeEngine{status: api.Status{Incident: activeIncident()}, export: []byte(`{"events":[]}`)}
				d, a, _ := harness(t, eng)
				w := open(a, name, d)
				if how == "Escape" {
					press(w, fyne.KeyEscape)
				} else {
					ctrl(w, fyne.KeyW)
				}
				fatalIf(t, isOpen(a, w), "%s left the %s window open (focus on %T)", how, name, w.Canvas().Focused())
				fatalIf(t, len(eng.starts)+len(eng.estimates)+len(eng.resolves)+len(eng.quits) != 0, "%s did something", how)
			})
		}
	}
}

// The screens that stand in for a window answer the keyboard too.
func TestKeysNotRunningAndNoIncident(t *testing.T) {
	eng := &countingDown{}
	d, a, w := harness(t, eng)
	newResolve(d, w)
	fatalIf(t, focusedButton(w) != "Try again", "focus on %q", focusedButton(w))
	press(w, fyne.KeyReturn) // tries again: still not running
	fatalIf(t, eng.asked != 2, "Enter asked the engine %d times in all, want 2", eng.asked)
	fatalIf(t, !isOpen(a, w) || !shows(w, "keepcool is not running"), "texts %q", texts(w))
	press(w, fyne.KeyEscape)
	fatalIf(t, isOpen(a, w), "Escape left the window open")

	d, a, w = harness(t, &fakeEngine{})
	newResolve(d, w)
	fatalIf(t, !shows(w, "There is no active incident"), "texts %q", texts(w))
	press(w, fyne.KeyEscape)
	fatalIf(t, isOpen(a, w), "Escape left the window open")
}

// countingDown is an engine that is not running, counting how often it is asked.
type countingDown struct {
	downEngine
	asked int
}

func (c *countingDown) Status(ctx context.Context) (api.Status, error) {
	c.asked++
	return c.downEngine.Status(ctx)
}

// No incident to resolve: Declare… puts the declare form in the same
// window, and it is the default.
func TestNoIncidentOffersDeclare(t *testing.T) {
	eng := &fakeEngine{}
	d, a, w := harness(t, eng)
	newEstimateWindow(d, w)
	fatalIf(t, focusedButton(w) != "Declare…", "focus on %q; texts %q", focusedButton(w), texts(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, w.Title() != "keepcool — Declare an incident", "title %q", w.Title())
	typeLine(t, w, "Checkout returns 500s")
	fatalIf(t, len(eng.starts) != 1 || eng.starts[0].Title != "Checkout returns 500s", "Start got %+v", eng.starts)
	fatalIf(t, isOpen(a, w), "the window is still open after declaring")
}

// Escape with something typed asks first, and Enter keeps the text: the
// default answer never loses work.
func TestKeysEscapeAsksBeforeLosingWhatWasTyped(t *testing.T) {
	d, a, w := harness(t, &fakeEngine{})
	v := newDeclare(d, w)
	test.Type(v.title, "Checkout")
	press(w, fyne.KeyEscape)
	fatalIf(t, !asking(w) || !shows(w, "Discard what you typed?"), "no question; texts %q", texts(w))
	fatalIf(t, focusedButton(w) != "Keep editing", "the default is %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, asking(w) || !isOpen(a, w) || v.title.Text != "Checkout", "Enter did not keep the text")

	ctrl(w, fyne.KeyW)
	fatalIf(t, !asking(w), "Ctrl+W closed without asking")
	press(w, fyne.KeyEscape)
	fatalIf(t, asking(w) || !isOpen(a, w), "Escape in the question did not keep the text")

	test.Tap(button(t, w, "Cancel"))
	fatalIf(t, !asking(w), "Cancel closed without asking")
	press(w, fyne.KeyTab) // to Discard
	fatalIf(t, focusedButton(w) != "Discard", "Tab went to %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, isOpen(a, w), "Discard left the window open")
}

// Tab leaves a multi-line field instead of typing a tab into it.
func TestKeysTabLeavesMultiLineFields(t *testing.T) {
	d, _, w := harness(t, &fakeEngine{})
	v := newDeclare(d, w)
	for _, f := range []struct {
		from, to *keyEntry
		mod      []fyne.KeyModifier
	}{
		{v.known, v.unknown, nil}, {v.unknown, v.plan, nil}, {v.plan, v.unknown, []fyne.KeyModifier{fyne.KeyModifierShift}},
	} {
		w.Canvas().Focus(f.from)
		press(w, fyne.KeyTab, f.mod...)
		fatalIf(t, w.Canvas().Focused() != f.to, "Tab from %q went to %T", f.from.PlaceHolder, w.Canvas().Focused())
		fatalIf(t, f.from.Text != "", "Tab typed %q", f.from.Text)
	}
}

// Ctrl+Enter declares from a multi-line field, where Enter is a new line.
func TestKeysCtrlEnterDeclares(t *testing.T) {
	eng := &fakeEngine{}
	d, a, w := harness(t, eng)
	v := newDeclare(d, w)
	test.Type(v.title, "Checkout returns 500s")
	w.Canvas().Focus(v.known)
	test.Type(v.known, "since deploy 412")
	press(w, fyne.KeyReturn)
	test.Type(v.known, "EU only")
	ctrl(w, fyne.KeyReturn)
	fatalIf(t, len(eng.starts) != 1 || eng.starts[0].Known != "since deploy 412\nEU only", "Start got %+v", eng.starts)
	fatalIf(t, isOpen(a, w), "the window is still open after declaring")
}

// Resolve from the keyboard alone: summary, Tab, root cause, Ctrl+Enter,
// and Enter confirms the all-clear.
func TestKeysResolveFromTheKeyboard(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, a, w := harness(t, eng)
	newResolve(d, w)
	fillIn(t, w, "Back to normal", "pool exhausted")
	ctrl(w, fyne.KeyReturn)
	fatalIf(t, !shows(w, "Resolve the incident?") || focusedButton(w) != "Resolve and send the all-clear",
		"no confirmation with the default on Resolve; focus %q", focusedButton(w))
	press(w, fyne.KeyEscape)
	fatalIf(t, len(eng.resolves) != 0 || asking(w), "Escape resolved or left the question up")

	// Tab on to the button, Enter presses it, Enter confirms.
	w.Canvas().Focus(nil)
	for range 20 {
		if focusedButton(w) == "Resolve incident…" {
			break
		}
		press(w, fyne.KeyTab)
	}
	press(w, fyne.KeyReturn)
	fatalIf(t, !asking(w), "Enter on Resolve incident… asked nothing; focus %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	want := api.ResolveRequest{Summary: "Back to normal", RootCause: "pool exhausted"}
	fatalIf(t, len(eng.resolves) != 1 || eng.resolves[0] != want, "Resolve got %+v", eng.resolves)
	fatalIf(t, isOpen(a, w), "the window stays open after resolving")
}

// The estimate form, inside the prompt: Escape goes back to the prompt
// with the note as typed, and leaves the prompt's keys to the prompt.
func TestKeysEstimateInThePromptGoesBack(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, a, w := harness(t, eng)
	newPrompt(d, w)
	note := focusedEntry(t, w)
	test.Type(note, "half typed")
	test.Tap(button(t, w, "Revise estimate…"))
	fatalIf(t, w.Title() != "keepcool — Revise estimate", "title %q", w.Title())
	press(w, fyne.KeyEscape)
	fatalIf(t, w.Title() != "keepcool — Progress update" || !isOpen(a, w), "Escape did not go back: %q", w.Title())
	fatalIf(t, note.Text != "half typed", "the note was lost")
	ctrl(w, fyne.KeyReturn)
	fatalIf(t, len(eng.estimates) != 0, "Ctrl+Enter on the prompt revised the estimate: %+v", eng.estimates)
}

func TestKeysEstimateWindow(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, a, w := harness(t, eng)
	newEstimateWindow(d, w)
	fillIn(t, w, "2h-3h", "restore is slow")
	press(w, fyne.KeyEscape)
	fatalIf(t, !asking(w), "Escape with text typed did not ask")
	press(w, fyne.KeyEscape)
	ctrl(w, fyne.KeyReturn)
	fatalIf(t, len(eng.estimates) != 1 || eng.estimates[0] != (api.EstimateRequest{ETA: "2h-3h", Why: "restore is slow"}),
		"Estimate got %+v", eng.estimates)
	fatalIf(t, isOpen(a, w), "the window stays open after revising")
}

// During an incident the default is not to quit: Enter, or Escape, keeps
// keepcool running.
func TestKeysQuitDefaultsToKeepingKeepcoolRunning(t *testing.T) {
	eng, a, w := openQuit(t, shieldStatus())
	fatalIf(t, focusedButton(w) != "Keep keepcool running", "the default is %q", focusedButton(w))
	b := button(t, w, "Keep keepcool running")
	fatalIf(t, b.Importance != widget.HighImportance, "the default does not look it")
	for _, quit := range []string{"Put everything back and quit", "Keep the shield up and quit"} {
		fatalIf(t, button(t, w, quit).Importance == widget.HighImportance, "%q looks like the default", quit)
	}
	press(w, fyne.KeyReturn)
	fatalIf(t, len(eng.quits) != 0 || isOpen(a, w), "Enter quit (%+v) or left the window open", eng.quits)

	eng, a, w = openQuit(t, shieldStatus())
	press(w, fyne.KeyTab, fyne.KeyModifierShift) // back to Keep the shield up and quit
	press(w, fyne.KeyReturn)
	fatalIf(t, len(eng.quits) != 1 || eng.quits[0].RestoreShield || isOpen(a, w), "Quit got %+v", eng.quits)
}

// Without an incident there is nothing to keep running for: Enter quits.
func TestKeysQuitWithoutAnIncident(t *testing.T) {
	eng, _, w := openQuit(t, api.Status{})
	fatalIf(t, focusedButton(w) != "Quit", "the default is %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, len(eng.quits) != 1, "Quit got %+v", eng.quits)
}

func TestKeysTimeline(t *testing.T) {
	d, a, w := harness(t, &fakeEngine{})
	newTimeline(d, w)
	fatalIf(t, focusedButton(w) != "Close", "focus on %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, isOpen(a, w), "Enter on Close left the window open")
}

// Settings with edits not saved asks before closing, by any way out; the
// channel editor's Escape goes back to the list.
func TestKeysSettings(t *testing.T) {
	r := openSettings(t)
	a := fyne.CurrentApp()
	test.Tap(r.nth("Edit", 0))
	press(r.w, fyne.KeyEscape)
	fatalIf(t, !shows(r.w, "Add channel"), "Escape did not go back to the list: %q", texts(r.w))
	test.Tap(r.nth("Edit", 0))
	press(r.w, fyne.KeyEnd)
	test.Type(focusedEntry(t, r.w), "-new")
	press(r.w, fyne.KeyEscape)
	fatalIf(t, !asking(r.w), "Escape in an edited channel did not ask")
	press(r.w, fyne.KeyReturn)
	fatalIf(t, focusedEntry(t, r.w).Text != "ops-new", "Enter lost the edit")
	ctrl(r.w, fyne.KeyReturn) // saves the channel
	fatalIf(t, !shows(r.w, "Saved channel “ops-new”."), "Ctrl+Enter did not save: %q", texts(r.w))

	r.entryWithText("15m").SetText("10m")
	test.Tap(button(t, r.w, "Close"))
	fatalIf(t, !asking(r.w) || !isOpen(a, r.w), "Close with an edit not saved did not ask")
	press(r.w, fyne.KeyEscape)
	press(r.w, fyne.KeyEscape)
	fatalIf(t, !asking(r.w), "Escape with an edit not saved did not ask")
	press(r.w, fyne.KeyEscape)
	ctrl(r.w, fyne.KeyReturn)
	fatalIf(t, !shows(r.w, "Saved to "), "Ctrl+Enter did not save: %q", texts(r.w))
	press(r.w, fyne.KeyEscape)
	fatalIf(t, isOpen(a, r.w), "Escape after saving left the window open")
}
