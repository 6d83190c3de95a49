//go:build cgo

package app

import (
	"errors"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

func openPrompt(t *testing.T, eng *fakeEngine) (fyne.App, fyne.Window) {
	t.Helper()
	if eng.status.Incident == nil {
		eng.status.Incident = activeIncident()
	}
	d, a, w := harness(t, eng)
	newPrompt(d, w)
	return a, w
}

func TestPromptShowsWhatStakeholdersWerePromised(t *testing.T) {
	_, w := openPrompt(t, &fakeEngine{})
	for _, want := range []string{
		"Checkout returns 500s", "SEV2",
		"Last update 09:30 UTC: Rolled back deploy 412, error rate falling",
		"Investigating · declared 09:12 UTC, 38 min ago",
		"Stakeholders were promised an update by 09:45 UTC, 5 min ago. Fix expected 09:42–10:42 UTC.",
	} {
		fatalIf(t, !shows(w, want), "prompt does not show %q; it shows %q", want, texts(w))
	}
	var promise *widget.Label
	walk(w, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text != "" && promise == nil && len(l.Text) > 12 && l.Text[:12] == "Stakeholders" {
			promise = l
		}
	})
	fatalIf(t, promise == nil || promise.Importance != widget.DangerImportance, "an overdue promise is not shown in red")
}

func TestPromptNoteWithEnterReachesTheEngine(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	typeLine(t, w, "Found it: a bad index on orders")
	want := []api.NoteRequest{{Text: "Found it: a bad index on orders"}}
	fatalIf(t, !reflect.DeepEqual(eng.notes, want), "Note got %+v, want %+v", eng.notes, want)
	fatalIf(t, isOpen(a, w), "the prompt stays open after sending")
}

func TestPromptNoChange(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	test.Tap(button(t, w, "No change"))
	want := []api.NoteRequest{{NoChange: true}}
	fatalIf(t, !reflect.DeepEqual(eng.notes, want), "Note got %+v, want %+v", eng.notes, want)
	fatalIf(t, isOpen(a, w), "the prompt stays open after No change")
}

// Snooze opens a menu of 5, 10 and 15 minutes; picking 10 (with the
// keyboard here) snoozes for 10 minutes.
func TestPromptSnooze(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	test.Tap(button(t, w, "Snooze"))
	menu, ok := w.Canvas().Focused().(*widget.PopUpMenu)
	fatalIf(t, !ok, "Snooze gave the keyboard to %T, want its menu", w.Canvas().Focused())
	for _, item := range []string{"5 minutes", "10 minutes", "15 minutes"} {
		fatalIf(t, !shows(w, item), "the snooze menu lacks %q", item)
	}
	menu.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	menu.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	menu.TypedKey(returnKey())
	want := []api.SnoozeRequest{{For: "10m0s"}}
	fatalIf(t, !reflect.DeepEqual(eng.snoozes, want), "Snooze got %+v, want %+v", eng.snoozes, want)
	fatalIf(t, len(eng.notes) != 0, "snoozing also sent a note: %+v", eng.notes)
	fatalIf(t, isOpen(a, w), "the prompt stays open after snoozing")
}

// Whatever fails, the note stays typed and the error says why.
func TestPromptKeepsTheNoteWhenTheEngineRefuses(t *testing.T) {
	eng := &fakeEngine{actionErr: errors.New("the keepcool engine answered 500 Internal Server Error")}
	a, w := openPrompt(t, eng)
	typeLine(t, w, "Restarting the pool")
	fatalIf(t, !isOpen(a, w), "the prompt closed although the note was not taken")
	fatalIf(t, focusedEntry(t, w).Text != "Restarting the pool", "the typed note is gone")
	fatalIf(t, !shows(w, "The keepcool engine answered 500"), "no error shown: %q", texts(w))
	eng.actionErr = nil
	test.Tap(button(t, w, "Send"))
	fatalIf(t, len(eng.notes) != 2 || eng.notes[1].Text != "Restarting the pool", "retry sent %+v", eng.notes)
	fatalIf(t, isOpen(a, w), "the prompt stays open after a successful retry")
}

func TestPromptEmptyNoteAsksForText(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	typeLine(t, w, "")
	fatalIf(t, len(eng.notes) != 0 || !isOpen(a, w), "an empty note was sent")
	fatalIf(t, !shows(w, "or press No change"), "no hint: %q", texts(w))
}

// Revise estimate… swaps the form in; Cancel comes back with the note as
// typed; revising sends the new range and why.
func TestPromptReviseEstimate(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	test.Type(focusedEntry(t, w), "half typed")
	test.Tap(button(t, w, "Revise estimate…"))
	fatalIf(t, w.Title() != "keepcool — Revise estimate", "title %q", w.Title())
	test.Tap(button(t, w, "Cancel"))
	fatalIf(t, focusedEntry(t, w).Text != "half typed", "the note was lost going to the estimate and back")
	test.Tap(button(t, w, "Revise estimate…"))
	fatalIf(t, focusedEntry(t, w).PlaceHolder != "or type: 2h-4h, until 11:30", "the estimate field does not have the keyboard")
	test.Tap(button(t, w, "1–3 h"))
	var why *widget.Entry
	walk(w, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.PlaceHolder == "e.g. the restore is slower than expected" {
			why = e
		}
	})
	test.Type(why, "restore is slow")
	why.TypedKey(returnKey())
	want := []api.EstimateRequest{{ETA: "1h-3h", Why: "restore is slow"}}
	fatalIf(t, !reflect.DeepEqual(eng.estimates, want), "Estimate got %+v, want %+v", eng.estimates, want)
	fatalIf(t, isOpen(a, w), "the window stays open after revising")
}

func TestPromptWithoutAnIncident(t *testing.T) {
	d, _, w := harness(t, &fakeEngine{})
	newPrompt(d, w)
	fatalIf(t, !shows(w, "There is no active incident"), "texts: %q", texts(w))
}

// The engine stopped before answering: sending the same note again uses
// the same idempotency key, so it is not recorded twice; another text gets
// another key.
func TestPromptResendsWithTheSameKey(t *testing.T) {
	eng := &fakeEngine{actionErr: &client.UncertainError{Err: errors.New("EOF")}}
	a, w := openPrompt(t, eng)
	typeLine(t, w, "Restarting the pool")
	fatalIf(t, !isOpen(a, w), "the prompt closed although the note's fate is unknown")
	test.Tap(button(t, w, "Send"))
	fatalIf(t, len(eng.noteKeys) != 2 || eng.noteKeys[0] == "" || eng.noteKeys[0] != eng.noteKeys[1],
		"the same note went with keys %q", eng.noteKeys)
	focusedEntry(t, w).SetText("Restarting the pool again")
	eng.actionErr = nil
	test.Tap(button(t, w, "Send"))
	fatalIf(t, len(eng.noteKeys) != 3 || eng.noteKeys[2] == eng.noteKeys[0], "another note reused the key: %q", eng.noteKeys)
}
