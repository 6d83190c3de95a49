//go:build linux

package alerts_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keepcool/keepcool/alerts"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testbus"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/notify/notifytest"
	"github.com/keepcool/keepcool/timefmt"
)

// fakeEngine is the engine as Alerts sees it: a state that tests change.
type fakeEngine struct {
	mu      sync.Mutex
	st      api.Status
	style   timefmt.Style // as the config says now
	changes chan struct{}
	read    chan struct{} // closed when Status is first called
	once    sync.Once
}

func (f *fakeEngine) Status() api.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.once.Do(func() { close(f.read) })
	st := f.st
	if st.Incident != nil {
		inc := *st.Incident
		inc.Notes = slices.Clone(inc.Notes)
		st.Incident = &inc
	}
	return st
}

func (f *fakeEngine) TimeStyle() timefmt.Style {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.style
}

func (f *fakeEngine) Subscribe() (<-chan struct{}, func()) { return f.changes, func() {} }

// change edits the state (nil: no incident) and tells subscribers.
func (f *fakeEngine) change(edit func(st *api.Status)) {
	f.mu.Lock()
	edit(&f.st)
	f.mu.Unlock()
	select {
	case f.changes <- struct{}{}:
	default:
	}
}

// windows records what the user opened.
type windows struct {
	mu     sync.Mutex
	opened []string
}

func (w *windows) Open(name string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opened = append(w.opened, name)
	return nil
}

func (w *windows) list() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.opened)
}

// rig is Alerts on a private bus with a stand-in notification server,
// watching a fake engine.
type rig struct {
	t   *testing.T
	bus *testbus.Bus
	srv *notifytest.Server
	eng *fakeEngine
	win *windows
	a   *alerts.Alerts

	now atomic.Pointer[time.Time] // the engineer's clock
}

func (r *rig) clock() time.Time     { return *r.now.Load() }
func (r *rig) setClock(t time.Time) { r.now.Store(&t) }

// zone is the engineer's: the notifications name it.
var zone = time.FixedZone("CET", 3600)

var at = func(hhmm string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-30 "+hhmm, zone)
	return t
}

// newRig starts Watch on an engine with incident active (nil: none) and
// channels chans.
func newRig(t *testing.T, withWindows bool, active *api.Incident, chans ...api.Channel) *rig {
	bus := testbus.Start(t, nil)
	r := &rig{t: t, bus: bus, srv: notifytest.Start(t, bus.Address, "body", "actions"),
		eng: &fakeEngine{changes: make(chan struct{}, 1), read: make(chan struct{})}, win: &windows{}}
	r.setClock(at("04:50"))
	r.eng.st.Incident, r.eng.st.Channels = active, chans
	r.eng.style = timefmt.In(zone)
	d := notify.New(notify.Options{App: "keepcool", Icon: "io.keepcool.keepcool", DesktopEntry: "io.keepcool.keepcool", Bus: bus.Address})
	t.Cleanup(d.Disconnect)
	o := alerts.Options{Desktop: d, Linger: 300 * time.Millisecond, Times: timefmt.In(zone), Now: r.clock}
	if withWindows {
		o.Windows = r.win
	}
	r.a = alerts.New(o)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.a.Watch(ctx, r.eng); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	<-r.eng.read // Watch has taken its first look: changes from now on are news
	return r
}

func checkout() *api.Incident {
	due := at("05:00")
	return &api.Incident{ID: "inc-1", Title: "Checkout returns 500s", Severity: 1, DeclaredAt: at("04:45"),
		NextUpdateDue: &due, Notes: []api.Note{}, Estimate: api.Estimate{MinAt: at("05:15"), MaxAt: at("06:15")}}
}

// prompt hands Alerts what the engine asks for when an update is due.
func (r *rig) prompt(reason incident.PromptReason) {
	r.t.Helper()
	inc := r.eng.Status().Incident
	p := engine.Prompt{Reason: reason, ID: inc.ID, Title: inc.Title, Severity: inc.Severity,
		Promised: *inc.NextUpdateDue, Estimate: incident.Estimate{MinAt: inc.Estimate.MinAt, MaxAt: inc.Estimate.MaxAt}}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.a.Prompt(ctx, p); err != nil {
		r.t.Fatal(err)
	}
}

func (r *rig) note(kind incident.NoteKind, when string, nextDue string) {
	r.eng.change(func(st *api.Status) {
		st.Incident.Notes = append(st.Incident.Notes, api.Note{At: at(when), Kind: string(kind), Text: "x"})
		due := at(nextDue)
		st.Incident.NextUpdateDue = &due
	})
}

// onScreen is the one notification open, failing when there are several.
func (r *rig) onScreen() (notifytest.Notification, bool) {
	r.t.Helper()
	open := r.srv.Open()
	if len(open) > 1 {
		r.t.Fatalf("%d notifications on screen: %+v", len(open), open)
	}
	for _, n := range open {
		return n, true
	}
	return notifytest.Notification{}, false
}

// Ten prompts leave one notification, replaced each time, critical, with
// the app's icon and no CLI syntax; a note, a no-change or a snooze closes
// it.
func TestOnePerIncidentClosedOnPost(t *testing.T) {
	r := newRig(t, true, checkout())
	for range 10 {
		r.prompt(incident.PromptUpdate)
	}
	got := r.srv.Received()
	if len(got) != 10 {
		t.Fatalf("%d Notify calls for 10 prompts", len(got))
	}
	for i, n := range got {
		if n.ID != got[0].ID || (i > 0 && n.Replaces != got[0].ID) {
			t.Fatalf("call %d: id %d replaces %d; want every prompt to replace %d", i, n.ID, n.Replaces, got[0].ID)
		}
	}
	n, _ := r.onScreen()
	if n.Summary != "SEV1 update due: Checkout returns 500s" || n.Body != "Stakeholders were promised an update by 05:00 CET." {
		t.Fatalf("shows %q / %q", n.Summary, n.Body)
	}
	if n.Urgency() != 2 || n.Icon != "io.keepcool.keepcool" || n.Hint("desktop-entry") != "io.keepcool.keepcool" || n.Hints["resident"].Value() != true {
		t.Fatalf("urgency %d, icon %q, hints %v", n.Urgency(), n.Icon, n.Hints)
	}
	if strings.Contains(n.Body, "keepcool ") || strings.Contains(n.Body, "--") {
		t.Fatalf("CLI syntax in the body: %q", n.Body)
	}

	r.note(incident.NoteProgress, "04:58", "05:13")
	poll.For(t, "the notification to close after the note", func() bool { _, open := r.onScreen(); return !open })
	if c := r.srv.Closed(); len(c) != 1 || c[0] != got[0].ID {
		t.Fatalf("closed %v, want [%d]", c, got[0].ID)
	}

	r.prompt(incident.PromptUpdate) // the next cadence: one new notification
	poll.For(t, "the next prompt", func() bool { _, open := r.onScreen(); return open })
	r.note(incident.NoteNoChange, "05:12", "05:27")
	poll.For(t, "no-change to close it", func() bool { _, open := r.onScreen(); return !open })

	r.prompt(incident.PromptUpdate) // snoozed: asked again when the snooze ends
	poll.For(t, "the next prompt", func() bool { _, open := r.onScreen(); return open })
	r.eng.change(func(st *api.Status) { until := at("05:32"); st.Incident.SnoozedUntil = &until })
	poll.For(t, "a snooze to close it", func() bool { _, open := r.onScreen(); return !open })
}

// The action opens the prompt for the user (focused: Open, not
// OpenQuietly); on an estimate prompt it opens the estimate window.
func TestActionOpensThePrompt(t *testing.T) {
	r := newRig(t, true, checkout())
	r.prompt(incident.PromptUpdate)
	n, _ := r.onScreen()
	if !slices.Contains(n.Actions, "Post update") {
		t.Fatalf("actions %q", n.Actions)
	}
	r.srv.Invoke(t, n.ID, "open")
	poll.For(t, "the prompt to open", func() bool { return slices.Equal(r.win.list(), []string{"prompt"}) })
	r.srv.Invoke(t, n.ID+100, "open") // not ours
	r.srv.Invoke(t, n.ID, "default")  // a click on the body
	poll.For(t, "the prompt to open again", func() bool { return len(r.win.list()) == 2 })
	if _, open := r.onScreen(); !open {
		t.Fatal("the action took the notification away before an update was posted")
	}

	r.prompt(incident.PromptEstimate)
	n, _ = r.onScreen()
	if n.Summary != "SEV1 estimate passed: Checkout returns 500s" || !slices.Contains(n.Actions, "Revise estimate") {
		t.Fatalf("estimate prompt: %q %q", n.Summary, n.Actions)
	}
	r.srv.Invoke(t, n.ID, "open")
	poll.For(t, "the estimate window", func() bool { l := r.win.list(); return len(l) == 3 && l[2] == "estimate" })
	r.eng.change(func(st *api.Status) { st.Incident.Estimate.Revisions++; st.Incident.Estimate.MaxAt = at("07:00") })
	poll.For(t, "a revised estimate to close it", func() bool { _, open := r.onScreen(); return !open })
}

// Where no window can open, no action is offered.
func TestNoActionWithoutWindows(t *testing.T) {
	r := newRig(t, false, checkout())
	r.prompt(incident.PromptUpdate)
	if n, _ := r.onScreen(); len(n.Actions) != 0 {
		t.Fatalf("actions %q with no windows to open", n.Actions)
	}
}

// A holding message that went out replaces the prompt and says when;
// resolving closes it.
func TestHoldingMessageSaysSo(t *testing.T) {
	r := newRig(t, true, checkout())
	r.prompt(incident.PromptUpdate)
	first, _ := r.onScreen()
	r.note(incident.NoteHolding, "05:02", "05:17")
	poll.For(t, "the holding notice", func() bool { n, _ := r.onScreen(); return n.Summary != first.Summary })
	n, _ := r.onScreen()
	if n.ID != first.ID || n.Summary != "SEV1 update missed: Checkout returns 500s" ||
		n.Body != "A holding message went out at 05:02 CET. Next update promised by 05:17 CET." || n.Urgency() != 2 {
		t.Fatalf("holding notice: %+v", n)
	}
	r.eng.change(func(st *api.Status) { st.Incident = nil })
	poll.For(t, "resolve to close it", func() bool { _, open := r.onScreen(); return !open })
}

// A time on another day than the engineer's clock carries the day: the
// engine's promise after midnight, the holding message before it.
func TestNotificationsGiveTheDay(t *testing.T) {
	r := newRig(t, true, checkout())
	r.setClock(at("23:50"))
	r.prompt(incident.PromptUpdate)
	first, _ := r.onScreen()
	if first.Body != "Stakeholders were promised an update by 05:00 CET." {
		t.Fatalf("prompt: %q", first.Body)
	}
	r.eng.change(func(st *api.Status) {
		due := at("00:05").Add(24 * time.Hour) // Tuesday
		st.Incident.Notes = append(st.Incident.Notes, api.Note{At: at("23:50"), Kind: string(incident.NoteHolding), Text: "x"})
		st.Incident.NextUpdateDue = &due
	})
	want := "A holding message went out at 23:50 CET. Next update promised by Tue 00:05 CET."
	poll.For(t, "the holding notice", func() bool { n, _ := r.onScreen(); return n.Body == want })

	r.setClock(at("00:07").Add(24 * time.Hour)) // read on Tuesday: the holding message was yesterday's
	r.eng.change(func(st *api.Status) {
		due := at("00:20").Add(24 * time.Hour)
		st.Incident.Notes = append(st.Incident.Notes, api.Note{At: at("00:06").Add(24 * time.Hour), Kind: string(incident.NoteHolding), Text: "x"})
		st.Incident.NextUpdateDue = &due
	})
	want = "A holding message went out at 00:06 CET. Next update promised by 00:20 CET."
	poll.For(t, "the second holding notice", func() bool { n, _ := r.onScreen(); return n.Body == want })
}

// Declaring confirms; the confirmation goes by itself. An incident active
// when Watch starts (a restart) is not announced again.
func TestDeclaringConfirms(t *testing.T) {
	r := newRig(t, true, checkout())
	time.Sleep(100 * time.Millisecond)
	if got := r.srv.Received(); len(got) != 0 {
		t.Fatalf("a restart announced the incident again: %+v", got)
	}
	r.eng.change(func(st *api.Status) { st.Incident = nil })
	time.Sleep(50 * time.Millisecond)
	r.eng.change(func(st *api.Status) {
		st.Incident = checkout()
		st.Incident.ID, st.Incident.Severity, st.Incident.Title = "inc-2", 2, "Login times out"
	})
	poll.For(t, "the confirmation", func() bool { _, open := r.onScreen(); return open })
	n, _ := r.onScreen()
	if n.Summary != "Declared SEV2: Login times out" || n.Body != "Stakeholders told; next update by 05:00 CET." || len(n.Actions) != 0 {
		t.Fatalf("confirmation: %+v", n)
	}
	poll.For(t, "the confirmation to go", func() bool { _, open := r.onScreen(); return !open })
}

// The user dismissing the notification is respected: the next prompt is a
// new one. A restarted server shows the open question again.
func TestDismissedAndServerRestart(t *testing.T) {
	r := newRig(t, true, checkout())
	r.prompt(incident.PromptUpdate)
	n, _ := r.onScreen()
	r.srv.Dismiss(t, n.ID)
	time.Sleep(100 * time.Millisecond)
	r.prompt(incident.PromptUpdate)
	got := r.srv.Received()
	if last := got[len(got)-1]; last.Replaces != 0 {
		t.Fatalf("after a dismissal the next prompt replaces %d", last.Replaces)
	}

	r.srv.Stop()
	r.srv = notifytest.Start(t, r.bus.Address, "body", "actions")
	poll.For(t, "the prompt on the restarted server", func() bool { _, open := r.onScreen(); return open })
	if n, _ := r.onScreen(); n.Summary != "SEV1 update due: Checkout returns 500s" {
		t.Fatalf("after the restart: %+v", n)
	}
}

// A prompt answered before it arrives (it travels on a goroutine) shows
// nothing.
func TestStalePromptShowsNothing(t *testing.T) {
	r := newRig(t, true, checkout())
	inc := r.eng.Status().Incident
	r.note(incident.NoteProgress, "04:58", "05:13")
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.a.Prompt(ctx, engine.Prompt{Reason: incident.PromptUpdate, ID: inc.ID, Title: inc.Title, Promised: *inc.NextUpdateDue}); err != nil {
		t.Fatal(err)
	}
	if got := r.srv.Received(); len(got) != 0 {
		t.Fatalf("a stale prompt showed %+v", got)
	}
}

// With no notification server (a daemon on a server), the error is said
// once, not at every prompt.
func TestNoServerSaysSoOnce(t *testing.T) {
	bus := testbus.Start(t, nil)
	d := notify.New(notify.Options{App: "keepcool", Bus: bus.Address})
	t.Cleanup(d.Disconnect)
	a := alerts.New(alerts.Options{Desktop: d})
	inc := checkout()
	var errs []error
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := a.Prompt(ctx, engine.Prompt{Reason: incident.PromptUpdate, ID: inc.ID, Title: inc.Title, Promised: *inc.NextUpdateDue}); err != nil {
			errs = append(errs, err)
		}
		cancel()
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no notification server") {
		t.Fatalf("errors %v, want one saying there is no notification server", errs)
	}
}

// A config reload that changes the clock or the zone reaches the next
// notification; no restart needed.
func TestReloadedTimeStyle(t *testing.T) {
	r := newRig(t, true, checkout())
	r.prompt(incident.PromptUpdate)
	if n, _ := r.onScreen(); n.Body != "Stakeholders were promised an update by 05:00 CET." {
		t.Fatalf("before the reload: %q", n.Body)
	}
	r.eng.mu.Lock()
	r.eng.style = timefmt.Style{Zone: time.FixedZone("EET", 7200), Hour12: true} // Reload
	r.eng.mu.Unlock()
	r.eng.change(func(*api.Status) {})
	r.prompt(incident.PromptUpdate)
	if n, _ := r.onScreen(); n.Body != "Stakeholders were promised an update by 6:00 AM EET." {
		t.Fatalf("after the reload: %q", n.Body)
	}
}

// channels sets hook's and ops's states, each owing pending messages.
func (r *rig) channels(hook, ops string, pending int) {
	r.eng.change(func(st *api.Status) {
		st.Channels = []api.Channel{
			{Name: "ops", State: ops, Reason: reason(ops), Pending: pending},
			{Name: "hook", State: hook, Reason: reason(hook), Pending: pending},
			{Name: "statuspage", State: api.ChannelOK},
		}
	})
}

func reason(state string) string {
	if state == api.ChannelOK {
		return ""
	}
	return "connection refused"
}

// waitOpen waits until a notification titled summary is on screen.
func (r *rig) waitOpen(summary string) notifytest.Notification {
	r.t.Helper()
	var got notifytest.Notification
	poll.For(r.t, summary, func() bool {
		for _, n := range r.srv.Open() {
			if n.Summary == summary {
				got = n
				return true
			}
		}
		return false
	})
	return got
}

// A channel that stops delivering mid-incident is said at once, in a
// notification of its own (the open question stays), not again while it
// fails; it is replaced as channels fail or recover, says "delivering
// again" quietly and goes; its action opens Settings.
func TestChannelStopsDelivering(t *testing.T) {
	r := newRig(t, true, checkout())
	r.channels(api.ChannelOK, api.ChannelOK, 0)
	r.prompt(incident.PromptUpdate)
	r.channels(api.ChannelRetrying, api.ChannelOK, 3)
	n := r.waitOpen("hook is not delivering")
	if n.Body != "hook (connection refused): 3 updates queued. Fix it, then press Test in Settings." ||
		n.Urgency() != 2 || !slices.Contains(n.Actions, "Open Settings") {
		t.Fatalf("not delivering: %+v", n)
	}
	if open := r.srv.Open(); len(open) != 2 {
		t.Fatalf("%d notifications on screen, want the prompt and the delivery trouble: %+v", len(open), open)
	}
	calls := len(r.srv.Received())
	r.channels(api.ChannelDead, api.ChannelOK, 4) // still failing: nothing new
	r.channels(api.ChannelRetrying, api.ChannelOK, 5)
	time.Sleep(100 * time.Millisecond)
	if got := r.srv.Received(); len(got) != calls {
		t.Fatalf("told again while the same channel fails: %+v", got[calls:])
	}

	r.srv.Invoke(t, n.ID, "settings")
	poll.For(t, "Settings to open", func() bool { return slices.Equal(r.win.list(), []string{"settings"}) })

	r.channels(api.ChannelRetrying, api.ChannelRetrying, 1)
	two := r.waitOpen("ops and hook are not delivering")
	r.channels(api.ChannelRetrying, api.ChannelOK, 1)
	one := r.waitOpen("hook is not delivering")
	if two.ID != n.ID || one.ID != n.ID {
		t.Fatalf("ids %d, %d: want %d replaced in place", two.ID, one.ID, n.ID)
	}
	r.channels(api.ChannelOK, api.ChannelOK, 0)
	again := r.waitOpen("hook is delivering again")
	if again.ID != n.ID || again.Urgency() != 0 || len(again.Actions) != 0 {
		t.Fatalf("delivering again: %+v", again)
	}
	poll.For(t, "the all-clear on delivery to go", func() bool { _, open := r.srv.Open()[n.ID]; return !open })
	if _, open := r.srv.Open()[r.srv.Received()[0].ID]; !open {
		t.Fatal("the prompt went with the delivery notification")
	}

	r.channels(api.ChannelDead, api.ChannelOK, 2) // fails again: said again
	n = r.waitOpen("hook is not delivering")
	r.eng.change(func(st *api.Status) { st.Incident = nil })
	poll.For(t, "resolve to close both", func() bool { return len(r.srv.Open()) == 0 })
}

// A dismissed delivery notification stays dismissed while the channel
// fails, and its recovery shows nothing.
func TestDismissedDeliveryStaysQuiet(t *testing.T) {
	r := newRig(t, false, checkout())
	r.channels(api.ChannelOK, api.ChannelDead, 2)
	n := r.waitOpen("ops is not delivering")
	if len(n.Actions) != 0 {
		t.Fatalf("actions %q with no windows to open", n.Actions)
	}
	r.srv.Dismiss(t, n.ID)
	time.Sleep(100 * time.Millisecond)
	calls := len(r.srv.Received())
	r.channels(api.ChannelOK, api.ChannelOK, 0)
	time.Sleep(100 * time.Millisecond)
	if got := r.srv.Received(); len(got) != calls {
		t.Fatalf("a dismissed notification came back: %+v", got[calls:])
	}
}

// Declaring says what is true: which channels told nobody; the delivery
// notification, which stays until they deliver, says what to do.
func TestDeclaringSaysWhichChannelsDeliver(t *testing.T) {
	r := newRig(t, true, nil)
	r.eng.change(func(st *api.Status) {
		st.Channels = []api.Channel{{Name: "ops", State: api.ChannelMisconfigured}, {Name: "mail", State: api.ChannelOK},
			{Name: "hook", State: api.ChannelDead, Reason: "HTTP 404"}, {Name: "chat", State: api.ChannelOK}, {Name: "statuspage", State: api.ChannelOK}}
		st.Incident = checkout()
	})
	n := r.waitOpen("Declared SEV1: Checkout returns 500s")
	if n.Body != "3 of 5 channels told; ops and hook are not delivering. Next update by 05:00 CET." {
		t.Fatalf("declared: %q", n.Body)
	}
	r.waitOpen("ops and hook are not delivering")
	time.Sleep(100 * time.Millisecond)
	if got := r.srv.Received(); len(got) != 2 {
		t.Fatalf("%d notifications for one declaration, want the confirmation and the delivery trouble: %+v", len(got), got)
	}
}

// A restart (Watch's first look) does not announce channels that were
// failing before it.
func TestRestartTellsNothingNew(t *testing.T) {
	r := newRig(t, true, checkout(), api.Channel{Name: "hook", State: api.ChannelDead})
	r.channels(api.ChannelDead, api.ChannelOK, 1) // the same channel still failing
	time.Sleep(100 * time.Millisecond)
	if got := r.srv.Received(); len(got) != 0 {
		t.Fatalf("a restart told of a channel failing before it: %+v", got)
	}
}

// Past 50 notes the engine sends only the latest 50 (NotesTotal counts
// them all): a holding message then still gets its notice.
func TestHoldingMessageAfterFiftyNotes(t *testing.T) {
	r := newRig(t, true, checkout())
	capped := func(st *api.Status, kind incident.NoteKind, when string) {
		st.Incident.Notes = append(st.Incident.Notes, api.Note{At: at(when), Kind: string(kind), Text: "x"})
		if len(st.Incident.Notes) > 50 {
			st.Incident.Notes = st.Incident.Notes[len(st.Incident.Notes)-50:]
		}
		st.Incident.NotesTotal++
	}
	r.prompt(incident.PromptUpdate)
	r.eng.change(func(st *api.Status) {
		for range 60 {
			capped(st, incident.NoteProgress, "05:00")
		}
	})
	poll.For(t, "the notes to close the prompt's notice", func() bool { _, open := r.onScreen(); return !open })
	r.prompt(incident.PromptUpdate)
	first, _ := r.onScreen()
	r.eng.change(func(st *api.Status) {
		capped(st, incident.NoteHolding, "05:02")
		due := at("05:17")
		st.Incident.NextUpdateDue = &due
	})
	poll.For(t, "the holding notice", func() bool { n, _ := r.onScreen(); return n.Summary != first.Summary })
}

// A channel that refuses a message for good keeps delivering the rest,
// but its stakeholders missed an update: the engineer hears of it at once,
// and again for each new refusal.
func TestRefusedMessageIsSaid(t *testing.T) {
	r := newRig(t, true, checkout())
	r.channels(api.ChannelOK, api.ChannelOK, 0)
	r.prompt(incident.PromptUpdate)
	refuse := func(n int) {
		r.eng.change(func(st *api.Status) {
			st.Channels = slices.Clone(st.Channels) // the last status sent keeps its own
			st.Channels[1] = api.Channel{Name: "hook", State: api.ChannelOK, Undelivered: n, Reason: "HTTP 400 Bad Request"}
		})
	}
	refuse(1)
	n := r.waitOpen("hook refused 1 message")
	if n.Body != "Stakeholders there missed an update: hook (HTTP 400 Bad Request). Later updates still go; keepcool export lists what was refused." ||
		n.Urgency() != 2 {
		t.Fatalf("refused: %+v", n)
	}
	refuse(2)
	if again := r.waitOpen("hook refused 2 messages"); again.ID != n.ID {
		t.Fatalf("a second refusal stacked a notification (%d) instead of replacing %d", again.ID, n.ID)
	}
}
