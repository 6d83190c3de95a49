//go:build cgo

package app

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/timefmt"
)

// openQuietPrompt is the prompt as the engine opens it on its own.
func openQuietPrompt(t *testing.T, eng *fakeEngine) (*deps, fyne.App, fyne.Window) {
	t.Helper()
	if eng.status.Incident == nil {
		eng.status.Incident = activeIncident()
	}
	d, a, w := harness(t, eng)
	d.quiet = true
	newPrompt(d, w)
	return d, a, w
}

// findActivator is the click target over a quiet prompt, nil once active.
func findActivator(w fyne.Window) *activator {
	var found *activator
	walk(w, func(o fyne.CanvasObject) {
		if a, ok := o.(*activator); ok && a.Visible() {
			found = a
		}
	})
	return found
}

// A prompt the engine opened takes no key typed for another window — not
// text, not Tab onto a button, not Space or Enter — until it is clicked.
func TestQuietPromptIgnoresKeysUntilClicked(t *testing.T) {
	eng := &fakeEngine{}
	_, a, w := openQuietPrompt(t, eng)
	c := w.Canvas()
	fatalIf(t, c.Focused() != nil, "a quiet prompt gave the keyboard to %T", c.Focused())
	for range 6 { // Tab through everything: nothing may take focus
		c.FocusNext()
		fatalIf(t, c.Focused() != nil, "Tab reached %T in a quiet prompt", c.Focused())
	}
	for _, r := range "t pods -n prod" { // as the driver delivers keys with nothing focused
		if c.OnTypedRune() != nil {
			c.OnTypedRune()(r)
		}
	}
	for _, k := range []fyne.KeyName{fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter, fyne.KeyEscape} {
		if c.OnTypedKey() != nil {
			c.OnTypedKey()(&fyne.KeyEvent{Name: k})
		}
	}
	fatalIf(t, len(eng.notes)+len(eng.snoozes)+len(eng.estimates) != 0, "keys reached the engine: %+v %+v", eng.notes, eng.snoozes)
	fatalIf(t, !isOpen(a, w), "keys closed the quiet prompt")
	fatalIf(t, !shows(w, quietHint), "the quiet prompt does not say how to start: %q", texts(w))
	layout := positions(w)

	act := findActivator(w)
	fatalIf(t, act == nil, "no click target over the quiet prompt")
	test.Tap(act)
	fatalIf(t, findActivator(w) != nil, "still quiet after a click")
	fatalIf(t, shows(w, quietHint), "the hint stays after the click")
	fatalIf(t, !reflect.DeepEqual(layout, positions(w)), "activating moved the buttons: %v, then %v", layout, positions(w))
	typeLine(t, w, "Failover done")
	want := []api.NoteRequest{{Text: "Failover done"}}
	fatalIf(t, !reflect.DeepEqual(eng.notes, want), "Note got %+v, want %+v", eng.notes, want)
}

// Post update… in the tray (or the notification's action) on a quiet
// prompt hands it the keyboard: type and Enter is the whole job.
func TestQuietPromptActivatedByTheTray(t *testing.T) {
	eng := &fakeEngine{}
	d, _, w := openQuietPrompt(t, eng)
	fatalIf(t, d.onActivate == nil, "the prompt does not listen for activation")
	d.onActivate()
	typeLine(t, w, "Index rebuilt")
	fatalIf(t, len(eng.notes) != 1 || eng.notes[0].Text != "Index rebuilt", "Note got %+v", eng.notes)
}

// A prompt the user opened takes the keyboard at once.
func TestPromptOpenedByTheUserTakesTheKeyboard(t *testing.T) {
	_, w := openPrompt(t, &fakeEngine{})
	fatalIf(t, findActivator(w) != nil, "a prompt the user opened waits for a click")
	focusedEntry(t, w)
}

// While open, the prompt follows the engine: a holding message went out
// and a new promise stands, the estimate moved, a channel stopped.
func TestOpenPromptFollowsTheEngine(t *testing.T) {
	eng := &watchingEngine{fakeEngine: &fakeEngine{}, changes: make(chan api.Watched, 1)}
	eng.status.Incident = activeIncident()
	d, _, w := harness(t, eng)
	d.live = true
	shown := showOnTestGoroutine(d, w)
	t.Cleanup(func() { w.Close(); d.bg.Wait() }) // before the test app goes: no goroutine outlives the test
	newPrompt(d, w)
	test.Type(focusedEntry(t, w), "half typed")

	inc := activeIncident()
	holdingSent := time.Date(2026, 3, 14, 9, 47, 0, 0, time.UTC)
	next := holdingSent.Add(15 * time.Minute)
	inc.NextUpdateDue = &next
	inc.Notes = append(inc.Notes, api.Note{At: holdingSent, Kind: "holding", Text: "No new information yet."})
	inc.Estimate.MaxAt = time.Date(2026, 3, 14, 11, 30, 0, 0, time.UTC)
	eng.changes <- api.Watched{Revision: 7, Status: api.Status{Incident: inc, Channels: []api.Channel{
		{Name: "ops", State: "ok"},
		{Name: "hook", State: "retrying", Pending: 3, Reason: "connection refused"},
	}}}
	for _, want := range []string{
		"A holding message went out at 09:47 UTC. Next update promised by 10:02 UTC",
		"Fix expected 09:42–11:30 UTC",
		"Last update 09:47 UTC: keepcool sent a holding message for you",
		"1 of 2 channels is not delivering: hook (connection refused), 3 queued.",
	} {
		poll.Until(t, 5*time.Second, shown(want), "the prompt to show %q; it shows %q", want, texts(w))
	}
	fatalIf(t, focusedEntry(t, w).Text != "half typed", "the update lost what was typed")

	eng.changes <- api.Watched{Revision: 8, Status: api.Status{}} // resolved from the CLI
	poll.Until(t, 5*time.Second, shown("resolved while this window was open"), "no word that it was resolved: %q", texts(w))
	fatalIf(t, !button(t, w, "Send").Disabled(), "Send still works on a resolved incident")
}

// promiseLapsingSoon is an engine whose incident's promise is due in 4
// minutes, its holding message 2 minutes later (at holding).
func promiseLapsingSoon() (eng *fakeEngine, holding time.Time) {
	inc := activeIncident()
	due := testNow.Add(4 * time.Minute)
	holding = due.Add(2 * time.Minute)
	inc.NextUpdateDue, inc.HoldingAt = &due, &holding
	return &fakeEngine{status: api.Status{Incident: inc}}, holding
}

// Snooze says, before, when it would let the promise lapse.
func TestPromptSnoozeSaysWhenAHoldingMessageGoesOut(t *testing.T) {
	eng, holding := promiseLapsingSoon()
	_, w := openPrompt(t, eng)
	test.Tap(button(t, w, "Snooze"))
	fatalIf(t, !slices.Contains(texts(w), "5 minutes"), "5 minutes ends before the holding message, yet it warns: %q", texts(w))
	fatalIf(t, !shows(w, "10 min — holding message at "+timefmt.In(time.UTC).Time(holding, testNow)), "10 minutes does not warn: %q", texts(w))
}

// A note the engine holds back (a command, a secret) says why and waits
// for Send anyway; nothing is sent until then.
func TestPromptSendAnyway(t *testing.T) {
	eng := &fakeEngine{actionErr: &client.WarningsError{Message: "not sent", Warnings: []api.Warning{
		{Code: "command", Field: "note", Message: "The note looks like a shell command."}}}}
	a, w := openPrompt(t, eng)
	typeLine(t, w, "kubectl get pods -n prod")
	fatalIf(t, !isOpen(a, w), "the prompt closed although the engine held the note back")
	fatalIf(t, !shows(w, "The note looks like a shell command."), "no reason shown: %q", texts(w))
	eng.actionErr = nil
	test.Tap(button(t, w, "Send anyway"))
	fatalIf(t, len(eng.notes) != 2 || !eng.notes[1].Force || eng.notes[0].Force, "notes %+v, want the second forced", eng.notes)
	fatalIf(t, isOpen(a, w), "the prompt stays open after Send anyway")
}

// The promise and the estimate wrap; they are never cut to "…".
func TestPromptNeverCutsTheTimesOff(t *testing.T) {
	_, w := openPrompt(t, &fakeEngine{})
	walk(w, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && (len(l.Text) > 12 && (l.Text[:12] == "Stakeholders" || l.Text[:12] == "Last update ")) {
			fatalIf(t, l.Truncation != fyne.TextTruncateOff || l.Wrapping == fyne.TextWrapOff, "%q may be cut off", l.Text)
		}
	})
}

// watchingEngine is a fake engine whose changes the test sends.
type watchingEngine struct {
	*fakeEngine
	changes chan api.Watched
}

func (e *watchingEngine) Watch(ctx context.Context, since uint64) (api.Watched, error) {
	select {
	case w := <-e.changes:
		return w, nil
	case <-ctx.Done():
		return api.Watched{Revision: since}, ctx.Err()
	}
}

// showsVisible is shows for what is on screen: hidden objects do not count.
func showsVisible(w fyne.Window, s string) bool {
	found := false
	var rec func(o fyne.CanvasObject)
	rec = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() || found {
			return
		}
		switch x := o.(type) {
		case *widget.Label:
			found = strings.Contains(x.Text, s)
		case *fyne.Container:
			for _, c := range x.Objects {
				rec(c)
			}
		}
	}
	rec(w.Content())
	return found
}

// The prompt answers the keyboard like every window: Escape closes an
// empty one, asks before throwing a typed note away (Enter keeps it),
// Ctrl+W likewise; Tab walks to the buttons and Enter presses them.
func TestPromptKeyboard(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	test.Type(focusedEntry(t, w), "half typed")
	press(w, fyne.KeyEscape)
	fatalIf(t, !asking(w) || !shows(w, "Discard what you typed?"), "Escape did not ask; texts %q", texts(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, asking(w) || !isOpen(a, w), "Enter in the question did not keep the note")
	ctrl(w, fyne.KeyW)
	fatalIf(t, !asking(w), "Ctrl+W closed without asking")
	press(w, fyne.KeyEscape)
	fatalIf(t, asking(w) || !isOpen(a, w), "Escape in the question did not keep the note")

	w.Canvas().Focus(nil)
	press(w, fyne.KeyTab)          // the first field: the note
	focusedEntry(t, w).SetText("") // No change over a typed note asks: TestPromptNoChangeAsksWhenANoteIsTyped
	for range 2 {                  // on to No change, then Snooze
		press(w, fyne.KeyTab)
	}
	fatalIf(t, focusedButton(w) != "Snooze", "Tab went to %q, want Snooze after No change", focusedButton(w))
	press(w, fyne.KeyTab, fyne.KeyModifierShift)
	fatalIf(t, focusedButton(w) != "No change", "Shift+Tab went to %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, len(eng.notes) != 1 || !eng.notes[0].NoChange, "Enter on No change sent %+v", eng.notes)
	fatalIf(t, isOpen(a, w), "the prompt stays open after No change")

	eng2 := &fakeEngine{}
	a2, w2 := openPrompt(t, eng2)
	press(w2, fyne.KeyEscape)
	fatalIf(t, isOpen(a2, w2), "Escape left an empty prompt open")
	fatalIf(t, len(eng2.notes)+len(eng2.snoozes) != 0, "Escape sent something: %+v %+v", eng2.notes, eng2.snoozes)
}

// The estimate window the engine opens when the estimate runs out is
// quiet too: every key is dropped until a click.
func TestQuietEstimateWindowIgnoresKeysUntilClicked(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, a, w := harness(t, eng)
	d.quiet = true
	newEstimateWindow(d, w)
	c := w.Canvas()
	for _, r := range "2h-4h" {
		c.Focused().TypedRune(r)
	}
	for _, k := range []fyne.KeyName{fyne.KeyTab, fyne.KeyTab, fyne.KeySpace, fyne.KeyReturn, fyne.KeyEscape} {
		press(w, k)
	}
	ctrl(w, fyne.KeyReturn)
	ctrl(w, fyne.KeyW)
	fatalIf(t, len(eng.estimates) != 0, "keys revised the estimate: %+v", eng.estimates)
	fatalIf(t, !isOpen(a, w), "keys closed the quiet estimate window")
	fatalIf(t, !shows(w, "Click this window to revise it"), "no hint: %q", texts(w))
	test.Tap(findActivator(w))
	e := focusedEntry(t, w)
	fatalIf(t, e.Text != "", "keys typed before the click reached the field: %q", e.Text)
	fatalIf(t, showsVisible(w, "Click this window"), "the hint stays after the click")
}

// Declare, Revise estimate and Resolve say why the engine held their text
// back and offer Send anyway, which repeats the request with Force.
func TestHeldBackTextOffersSendAnyway(t *testing.T) {
	held := func() error {
		return &client.WarningsError{Message: "not sent", Warnings: []api.Warning{
			{Code: "estimate", Message: "The fix estimate ends more than a day from now."}}}
	}
	for _, tc := range []struct {
		name   string
		open   func(d *deps, w fyne.Window)
		submit func(w fyne.Window)
		forced func(eng *fakeEngine) []bool
	}{
		{"declare", func(d *deps, w fyne.Window) { newDeclare(d, w) },
			func(w fyne.Window) { typeLine(t, w, "Checkout returns 500s") },
			func(eng *fakeEngine) (out []bool) {
				for _, r := range eng.starts {
					out = append(out, r.Force)
				}
				return
			}},
		{"estimate", newEstimateWindow,
			func(w fyne.Window) { typeLine(t, w, "26h-30h") },
			func(eng *fakeEngine) (out []bool) {
				for _, r := range eng.estimates {
					out = append(out, r.Force)
				}
				return
			}},
		{"resolve", newResolve,
			func(w fyne.Window) {
				test.Type(focusedEntry(t, w), "Fixed")
				ctrl(w, fyne.KeyReturn)  // the form
				press(w, fyne.KeyReturn) // the confirmation
			},
			func(eng *fakeEngine) (out []bool) {
				for _, r := range eng.resolves {
					out = append(out, r.Force)
				}
				return
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{status: api.Status{Incident: activeIncident()}, actionErr: held()}
			d, a, w := harness(t, eng)
			tc.open(d, w)
			tc.submit(w)
			fatalIf(t, !isOpen(a, w), "the window closed although the engine held the text back")
			fatalIf(t, !showsVisible(w, "more than a day from now"), "no reason shown: %q", texts(w))
			eng.actionErr = nil
			test.Tap(button(t, w, "Send anyway"))
			fatalIf(t, !slices.Equal(tc.forced(eng), []bool{false, true}), "requests forced: %v, want the second only", tc.forced(eng))
			fatalIf(t, isOpen(a, w), "the window stays open after Send anyway")
		})
	}
}

// positions are where the prompt's buttons are, by label.
func positions(w fyne.Window) map[string]fyne.Position {
	out := map[string]fyne.Position{}
	walk(w, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok {
			out[b.Text] = fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		}
	})
	return out
}

// The click that activates a quiet prompt is often the first half of a
// double click: the second half presses nothing, whatever is under it.
func TestQuietPromptDoubleClickPressesNothing(t *testing.T) {
	eng := &fakeEngine{}
	d, a, w := openQuietPrompt(t, eng)
	var settle func()
	d.after = func(_ time.Duration, f func()) { settle = f }
	test.Tap(findActivator(w))
	test.Tap(button(t, w, "No change")) // the second half of the double click
	test.Tap(button(t, w, "Send"))
	fatalIf(t, len(eng.notes) != 0, "the double click that activated the prompt sent %+v", eng.notes)
	fatalIf(t, settle == nil, "nothing ends the settling time")
	settle()
	test.Tap(button(t, w, "No change"))
	fatalIf(t, len(eng.notes) != 1 || !eng.notes[0].NoChange, "No change after the double click: %+v", eng.notes)
	fatalIf(t, isOpen(a, w), "the prompt stays open after No change")
}

// Tab from a typed note lands on No change, and Enter presses it: that
// must not throw the note away without asking.
func TestPromptNoChangeAsksWhenANoteIsTyped(t *testing.T) {
	eng := &fakeEngine{}
	a, w := openPrompt(t, eng)
	test.Type(focusedEntry(t, w), "Payments recovered in EU, monitoring")
	press(w, fyne.KeyTab)
	fatalIf(t, focusedButton(w) != "No change", "Tab went to %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, len(eng.notes) != 0, "No change went out over a typed note: %+v", eng.notes)
	fatalIf(t, !asking(w), "No change over a typed note did not ask")
	fatalIf(t, focusedButton(w) != "Keep my note", "the default answer is %q", focusedButton(w))
	press(w, fyne.KeyReturn)
	fatalIf(t, !isOpen(a, w) || len(eng.notes) != 0, "keeping the note sent %+v", eng.notes)
	fatalIf(t, focusedEntry(t, w).Text != "Payments recovered in EU, monitoring", "the note is gone")

	test.Tap(button(t, w, "No change"))
	press(w, fyne.KeyTab) // to Send no change
	press(w, fyne.KeyReturn)
	fatalIf(t, len(eng.notes) != 1 || !eng.notes[0].NoChange, "the confirmed no change: %+v", eng.notes)
}

// Send anyway sends the text that was checked; once the note is edited,
// the warning goes, and the edited note is checked again.
func TestSendAnywaySendsOnlyWhatWasChecked(t *testing.T) {
	held := &client.WarningsError{Message: "not sent", Warnings: []api.Warning{
		{Code: "command", Field: "note", Message: "The note looks like a shell command."}}}
	eng := &fakeEngine{actionErr: held}
	_, w := openPrompt(t, eng)
	typeLine(t, w, "kubectl get pods -n prod")
	anyway := button(t, w, "Send anyway")
	fatalIf(t, !showsVisible(w, "looks like a shell command"), "no warning: %q", texts(w))
	e := focusedEntry(t, w)
	e.SetText("db creds: password=hunter2")
	fatalIf(t, showsVisible(w, "looks like a shell command"), "the warning about other text stays after an edit")
	anyway.OnTapped() // however it is reached
	fatalIf(t, len(eng.notes) != 2 || eng.notes[1].Force, "an edited note went out forced: %+v", eng.notes)

	for _, tc := range []struct {
		name string
		open func(d *deps, w fyne.Window)
		edit func(w fyne.Window)
		sent func(eng *fakeEngine) (n int, lastForced bool)
	}{
		{"declare", func(d *deps, w fyne.Window) {
			v := newDeclare(d, w)
			test.Type(v.title, "sudo systemctl restart payments")
			v.title.TypedKey(returnKey())
		}, func(w fyne.Window) { focusedEntry(t, w).SetText("Payments API down") },
			func(eng *fakeEngine) (int, bool) { return len(eng.starts), eng.starts[len(eng.starts)-1].Force }},
		{"estimate", func(d *deps, w fyne.Window) {
			newEstimateWindow(d, w)
			typeLine(t, w, "30h-40h")
		}, func(w fyne.Window) { focusedEntry(t, w).SetText("2h-3h") },
			func(eng *fakeEngine) (int, bool) {
				return len(eng.estimates), eng.estimates[len(eng.estimates)-1].Force
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{status: api.Status{Incident: activeIncident()}, actionErr: held}
			d, _, w := harness(t, eng)
			tc.open(d, w)
			anyway := button(t, w, "Send anyway")
			fatalIf(t, !showsVisible(w, "looks like a shell command"), "no warning: %q", texts(w))
			tc.edit(w)
			fatalIf(t, showsVisible(w, "looks like a shell command"), "the warning stays after an edit")
			anyway.OnTapped()
			n, forced := tc.sent(eng)
			fatalIf(t, n != 2 || forced, "after an edit, Send anyway sent %d requests, the last forced: %v", n, forced)
		})
	}
}

// keepcool quitting under a half-typed note leaves the prompt open with
// the text, saying why; an empty prompt just closes.
func TestPromptKeepsUnsentTextWhenKeepcoolStops(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, _, w := harness(t, eng)
	newPrompt(d, w)
	fatalIf(t, d.unsent == nil || d.unsent(), "an empty prompt holds keepcool's quit up")
	test.Type(focusedEntry(t, w), "Rolled back")
	fatalIf(t, !d.unsent(), "a half-typed note is thrown away when keepcool stops")
	fatalIf(t, !showsVisible(w, "Not sent: keepcool stopped."), "no word why it stayed: %q", texts(w))
	fatalIf(t, focusedEntry(t, w).Text != "Rolled back", "the text is gone")
}

// An open Resolve window follows the engine: a revised estimate changes
// what it says about accuracy; resolved elsewhere, it says so and stops.
func TestResolveFollowsTheEngine(t *testing.T) {
	eng := &watchingEngine{fakeEngine: &fakeEngine{}, changes: make(chan api.Watched, 1)}
	eng.status.Incident = activeIncident()
	d, _, w := harness(t, eng)
	d.live = true
	shown := showOnTestGoroutine(d, w)
	t.Cleanup(func() { w.Close(); d.bg.Wait() })
	newResolve(d, w)
	fatalIf(t, !shows(w, "Within the estimate of 09:42–10:42 UTC"), "texts %q", texts(w))
	inc := activeIncident()
	inc.Estimate.MinAt, inc.Estimate.MaxAt = testNow.Add(20*time.Minute), testNow.Add(40*time.Minute)
	eng.changes <- api.Watched{Revision: 3, Status: api.Status{Incident: inc}}
	poll.Until(t, 5*time.Second, shown("Sooner than the estimate of 10:10–10:30 UTC"), "the revised estimate never showed: %q", texts(w))
	eng.changes <- api.Watched{Revision: 4, Status: api.Status{}}
	poll.Until(t, 5*time.Second, shown("resolved elsewhere"), "no word that it was resolved elsewhere: %q", texts(w))
	fatalIf(t, !button(t, w, "Resolve incident…").Disabled(), "Resolve still works on a resolved incident")
}

// showOnTestGoroutine makes what the engine sends run on the test's
// goroutine, as fyne would on its own (never beside the test reading the
// window), and returns a condition for poll.Until: it applies what has
// come, then looks for want.
func showOnTestGoroutine(d *deps, w fyne.Window) func(want string) func() bool {
	ui := make(chan func(), 16)
	d.ui = func(f func()) { ui <- f }
	return func(want string) func() bool {
		return func() bool {
			for {
				select {
				case f := <-ui:
					f()
				default:
					return shows(w, want)
				}
			}
		}
	}
}

// Declaring over an active incident says what to do in the desktop's
// words, not the CLI's.
func TestDeclareOverAnActiveIncidentSaysWhatToDo(t *testing.T) {
	eng := &fakeEngine{actionErr: &client.APIError{Status: 409,
		Message: `incident "DB down" is already active: post to it with keepcool note, or resolve it first with keepcool resolve`}}
	d, a, w := harness(t, eng)
	v := newDeclare(d, w)
	test.Type(v.title, "Checkout returns 500s")
	v.title.TypedKey(returnKey())
	fatalIf(t, !isOpen(a, w), "the window closed")
	fatalIf(t, !showsVisible(w, "Post update… in the tray"), "no way on in the desktop's words: %q", texts(w))
	fatalIf(t, showsVisible(w, "keepcool note"), "CLI syntax in a window: %q", texts(w))
}

// The snooze menu fits the prompt, its warnings whole.
func TestPromptSnoozeMenuFitsTheWindow(t *testing.T) {
	eng, _ := promiseLapsingSoon()
	_, w := openPrompt(t, eng)
	test.Tap(button(t, w, "Snooze"))
	menu, ok := w.Canvas().Focused().(*widget.PopUpMenu)
	fatalIf(t, !ok, "no snooze menu: %T", w.Canvas().Focused())
	fatalIf(t, menu.MinSize().Width > promptWidth-40, "the menu is %v wide: cut off in a %v-wide prompt", menu.MinSize().Width, promptWidth)
}
