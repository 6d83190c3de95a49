//go:build cgo

package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// runbookFake is the fake engine's runbooks and checklist.
type runbookFake struct {
	list    api.Runbooks
	ticks   []api.TickRequest
	tickErr error
}

func (f *fakeEngine) Runbooks(context.Context) (api.Runbooks, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.runbook.list, nil
}

// Tick records the tick as the engine does: the item is done from now on.
func (f *fakeEngine) Tick(_ context.Context, r api.TickRequest) (api.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runbook.ticks = append(f.runbook.ticks, r)
	if f.runbook.tickErr != nil {
		return api.Incident{}, f.runbook.tickErr
	}
	inc := *f.status.Incident
	inc.Checklist = slices.Clone(inc.Checklist)
	at := testNow
	inc.Checklist[r.Item-1].Done, inc.Checklist[r.Item-1].DoneAt = true, &at
	f.status.Incident = &inc
	return inc, nil
}

// withChecklist is activeIncident declared with runbook db-failover, its
// second item ticked at 09:40.
func withChecklist() *api.Incident {
	inc := activeIncident()
	done := time.Date(2026, 3, 14, 9, 40, 0, 0, time.UTC)
	inc.Runbook = "db-failover"
	inc.Checklist = []api.ChecklistItem{
		{N: 1, Text: "Page the DBA on call"},
		{N: 2, Text: "Fail over to the replica", Done: true, DoneAt: &done, Note: "took 3 min"},
		{N: 3, Text: "Point the app at the new primary"},
		{N: 4, Text: "Watch the error rate for ten minutes"},
	}
	inc.BackOut = "Fail back once the old primary is healthy:\n\n1. Stop writes to the replica\n2. Promote the old primary again"
	return inc
}

func openRunbook(t *testing.T, eng *fakeEngine) (*deps, fyne.App, fyne.Window) {
	t.Helper()
	d, a, w := harness(t, eng)
	newRunbookWindow(d, w)
	return d, a, w
}

// check finds the box whose label starts with text.
func checkBox(t *testing.T, w fyne.Window, text string) *widget.Check {
	t.Helper()
	var found *widget.Check
	walk(w, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == text {
			found = c
		}
	})
	if found == nil {
		t.Fatalf("no box %q; texts %q", text, texts(w))
	}
	return found
}

func TestRunbookWindowShowsTheChecklistAndTheBackOutPlan(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: withChecklist()}}
	_, _, w := openRunbook(t, eng)
	for _, want := range []string{"Checklist 1 of 4 done (db-failover)", "Done 09:40 UTC — took 3 min", "Back-out plan",
		"Fail back once the old primary is healthy:", "Stop writes to the replica"} {
		fatalIf(t, !shows(w, want), "the runbook window lacks %q; it shows %q", want, texts(w))
	}
	fatalIf(t, !checkBox(t, w, "2. Fail over to the replica").Checked || checkBox(t, w, "1. Page the DBA on call").Checked, "boxes do not match the engine")
	// Tell stakeholders is offered for the ticked item only.
	var tells int
	walk(w, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Tell stakeholders" && b.Visible() {
			tells++
		}
	})
	fatalIf(t, tells != 1, "%d Tell stakeholders buttons, want 1 (the ticked item's)", tells)
}

// A box shows done only once the engine recorded the tick; a tick tells
// no one.
func TestRunbookTickAsksTheEngine(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: withChecklist()}}
	eng.runbook.tickErr = errors.New("the engine is busy")
	_, _, w := openRunbook(t, eng)
	box := checkBox(t, w, "1. Page the DBA on call")
	test.Tap(box)
	fatalIf(t, box.Checked, "the box shows done though the engine refused")
	fatalIf(t, !shows(w, "The engine is busy"), "the refusal is not shown")

	eng.runbook.tickErr = nil
	test.Tap(box)
	fatalIf(t, !reflect.DeepEqual(eng.runbook.ticks, []api.TickRequest{{Item: 1}, {Item: 1}}), "ticks %+v", eng.runbook.ticks)
	fatalIf(t, !box.Checked || !shows(w, "Checklist 2 of 4 done"), "the recorded tick does not show")
	fatalIf(t, len(eng.notes) != 0, "a tick told stakeholders: %+v", eng.notes)

	// Unticking is not a thing: the record keeps the tick.
	test.Tap(box)
	fatalIf(t, !box.Checked || len(eng.runbook.ticks) != 2, "a ticked box came undone")
	fatalIf(t, !shows(w, "stays ticked"), "no word why the box stays ticked")
}

func TestRunbookTellIsOneClick(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: withChecklist()}}
	_, _, w := openRunbook(t, eng)
	test.Tap(button(t, w, "Tell stakeholders"))
	// Progress, not the runbook's instruction (which reads as a plan).
	fatalIf(t, !reflect.DeepEqual(eng.notes, []api.NoteRequest{{Text: "Done: Fail over to the replica — took 3 min"}}), "notes %+v", eng.notes)
	fatalIf(t, eng.noteKeys[0] == "", "the note carries no idempotency key")
	told := button(t, w, "Told ✓")
	fatalIf(t, !told.Disabled(), "Told ✓ can be pressed again")

	// Reopened, the window reads the told note from the incident's notes.
	inc := withChecklist()
	inc.Notes = append(inc.Notes, api.Note{At: testNow, Kind: "note", Text: eng.notes[0].Text})
	_, _, w = openRunbook(t, &fakeEngine{status: api.Status{Incident: inc}})
	fatalIf(t, !button(t, w, "Told ✓").Disabled(), "reopened, the window offers to tell item 2 again: %q", texts(w))
}

// An item told from the CLI shows Told ✓ too: as this window tells it
// (api.ToldNote, whose wording engine/api's TestToldNote checks), or as
// older CLIs did (the tick's note alone, "Done: " and the item's text, the
// item's text).
func TestRunbookToldNote(t *testing.T) {
	for _, note := range []string{"Done: Fail over to the replica — took 3 min", "Done: Fail over to the replica", "Fail over to the replica", "took 3 min"} {
		inc := withChecklist()
		inc.Notes = append(inc.Notes, api.Note{At: testNow, Kind: "note", Text: note})
		_, _, w := openRunbook(t, &fakeEngine{status: api.Status{Incident: inc}})
		fatalIf(t, !button(t, w, "Told ✓").Disabled(), "told %q from the CLI, the window offers Tell again", note)
	}
}

// Ticks add a line under their items: the list grows with them instead of
// scrolling the last items out of a height fixed when the window opened.
func TestRunbookListGrowsWithTicks(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: withChecklist()}}
	_, _, w := openRunbook(t, eng)
	test.Tap(checkBox(t, w, "1. Page the DBA on call"))
	test.Tap(checkBox(t, w, "3. Point the app at the new primary"))
	w.Content().Refresh() // lay the window out as the driver does after a change
	box := checkBox(t, w, "4. Watch the error rate for ten minutes")
	var last, plan fyne.CanvasObject // as the window holds them: the driver places only those
	walk(w, func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Back-out plan" {
			plan = l
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, o := range c.Objects {
				if k, ok := o.(*keyCheck); ok && &k.Check == box {
					last = k
				}
			}
		}
	})
	d := fyne.CurrentApp().Driver()
	bottom, panel := d.AbsolutePositionForObject(last).Y+last.Size().Height, d.AbsolutePositionForObject(plan).Y
	fatalIf(t, bottom > panel, "after two ticks item 4 ends at y=%v, under the back-out plan at y=%v: scrolled out of view", bottom, panel)
}

// A note told to a channel that is down is queued, not heard: the window
// says so at once, as the prompt does, and while it stays open.
func TestRunbookTellSaysWhichChannelsAreNotDelivering(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: withChecklist()}}
	_, _, w := openRunbook(t, eng)
	const down = "1 of 2 channels is not delivering: hook (dead: HTTP 404 Not Found), 1 queued."
	fatalIf(t, showsVisible(w, down), "trouble shown before any")
	answer := *withChecklist()
	answer.Delivery = &api.Delivery{Channels: 2, NotDelivering: []api.Channel{
		{Name: "hook", State: api.ChannelDead, Pending: 1, Reason: "HTTP 404 Not Found"}}}
	eng.noted = &answer
	test.Tap(button(t, w, "Tell stakeholders"))
	fatalIf(t, !showsVisible(w, down), "after telling through a dead channel the window shows %q", texts(w))

	answer.Delivery = &api.Delivery{Channels: 2}
	eng.noted = &answer
	test.Tap(checkBox(t, w, "1. Page the DBA on call"))
	test.Tap(button(t, w, "Tell stakeholders"))
	fatalIf(t, showsVisible(w, down), "the channel delivers again, yet the window still says it does not")
}

func TestRunbookWindowKeys(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: withChecklist()}}
	_, a, w := openRunbook(t, eng)
	c := w.Canvas()
	focused := func() fyne.CanvasObject {
		o, _ := c.Focused().(fyne.CanvasObject)
		return plain(o)
	}
	fatalIf(t, focused() != fyne.CanvasObject(checkBox(t, w, "1. Page the DBA on call")), "the first open box has not the keyboard: %T", c.Focused())
	c.FocusNext()
	fatalIf(t, focused() != fyne.CanvasObject(checkBox(t, w, "2. Fail over to the replica")), "Tab does not move to the next box: %T", c.Focused())
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	fatalIf(t, isOpen(a, w), "Escape does not close the runbook window")
}

func TestRunbookWindowWithoutRunbook(t *testing.T) {
	_, _, w := openRunbook(t, &fakeEngine{status: api.Status{Incident: activeIncident()}})
	fatalIf(t, !shows(w, "was declared without a runbook"), "texts %q", texts(w))
}

func TestPromptShowsTheNextOpenItems(t *testing.T) {
	_, w := openPrompt(t, &fakeEngine{status: api.Status{Incident: withChecklist()}})
	for _, want := range []string{"Checklist 1 of 4 done (db-failover)", "☐ 1. Page the DBA on call", "☐ 3. Point the app at the new primary"} {
		fatalIf(t, !shows(w, want), "the prompt lacks %q; it shows %q", want, texts(w))
	}
	fatalIf(t, shows(w, "Watch the error rate"), "the prompt lists more than the next two items")
	// Text only: the prompt may be quiet, and nothing in it may take keys.
	walk(w, func(o fyne.CanvasObject) {
		if _, ok := o.(*widget.Check); ok {
			t.Fatal("the prompt holds a box")
		}
	})
	_, w = openPrompt(t, &fakeEngine{})
	fatalIf(t, shows(w, "Checklist"), "the prompt shows a checklist the incident has not")
}

func TestDeclareOffersTheRunbooks(t *testing.T) {
	eng := &fakeEngine{}
	d, _, w := harness(t, eng)
	v := newDeclare(d, w)
	fatalIf(t, v.runbook.obj.Visible(), "the runbook choice shows with no runbooks")

	eng.runbook.list = api.Runbooks{Dir: "~/runbooks", Runbooks: []api.RunbookInfo{
		{Name: "db-failover", Title: "Database failover", Items: 4}, {Name: "broken", Title: "(unreadable: too big)", Problem: "too big"}}}
	d, _, w = harness(t, eng)
	v = newDeclare(d, w)
	fatalIf(t, !v.runbook.obj.Visible() || v.runbook.sel.Selected != noRunbook, "runbooks not offered, or one is chosen for the user")
	fatalIf(t, !reflect.DeepEqual(v.runbook.sel.Options, []string{noRunbook, "db-failover — Database failover (4 items)"}), "options %q", v.runbook.sel.Options)
	test.Type(v.title, "DB down")
	test.Tap(button(t, w, "Declare incident"))
	d, _, w = harness(t, eng)
	v = newDeclare(d, w)
	v.runbook.sel.SetSelected("db-failover — Database failover (4 items)")
	test.Type(v.title, "DB down")
	test.Tap(button(t, w, "Declare incident"))
	fatalIf(t, len(eng.starts) != 2 || eng.starts[0].Runbook != "" || eng.starts[1].Runbook != "db-failover", "starts %+v", eng.starts)
}

func TestTimelineShowsTicksQuietly(t *testing.T) {
	tick, _ := incident.NewEvent(testNow, incident.KindChecklistTicked, incident.ChecklistTicked{Item: 2, Text: "Fail over to the replica", Note: "took 3 min"})
	raw, _ := json.Marshal(map[string]any{"incident": withChecklist(), "events": []incident.Event{tick}})
	tl, err := parseTimeline(raw, timefmt.In(time.UTC))
	fatalIf(t, err != nil || len(tl.Entries) != 1, "%v %+v", err, tl.Entries)
	e := tl.Entries[0]
	fatalIf(t, e.Kind != entryQuiet || e.Text != "✓ 2. Fail over to the replica — took 3 min", "entry %+v", e)
}

// TestRunbookLooks renders the runbook window and the prompt with a
// checklist to /tmp/issue11 for a person to look at.
func TestRunbookLooks(t *testing.T) {
	if _, err := os.Stat("/tmp/issue11"); err != nil {
		t.Skip("no /tmp/issue11 to put the pictures in")
	}
	inc := withChecklist()
	inc.Checklist[0].Done, inc.Checklist[0].DoneAt = true, inc.Checklist[1].DoneAt
	inc.Notes = append(inc.Notes, api.Note{At: *inc.Checklist[0].DoneAt, Kind: "note", Text: "Page the DBA on call"})
	_, _, w := openRunbook(t, &fakeEngine{status: api.Status{Incident: inc}})
	w.Resize(fyne.NewSize(runbookWidth, w.Content().MinSize().Height))
	writePNG(t, w, "/tmp/issue11/runbook.png")
	_, w = openPrompt(t, &fakeEngine{status: api.Status{Incident: withChecklist()}})
	w.Resize(fyne.NewSize(promptWidth, w.Content().MinSize().Height))
	writePNG(t, w, "/tmp/issue11/prompt-checklist.png")
	eng := &fakeEngine{}
	eng.runbook.list = api.Runbooks{Runbooks: []api.RunbookInfo{{Name: "db-failover", Title: "Database failover", Items: 4}}}
	d, _, w := harness(t, eng)
	newDeclare(d, w)
	w.Resize(fyne.NewSize(680, w.Content().MinSize().Height))
	writePNG(t, w, "/tmp/issue11/declare-runbook.png")
}

func writePNG(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
