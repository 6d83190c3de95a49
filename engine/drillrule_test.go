package engine

import (
	"context"
	"errors"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// A channel whose drill = true is removed mid-drill by a reload gets no
// more of the drill: the messages it still owed (it was dead, 404) are
// taken out and recorded as undelivered, so once it answers again its
// backlog is empty, and the all-clear does not go to it although it was
// told of the drill.
func TestReloadDropsADrillFromAChannelNoLongerForDrills(t *testing.T) {
	r, practice, drills, id := practiceDead(t)
	ctx := context.Background()
	if err := r.c.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if c := channelState(r, "practice"); c.Pending != 0 {
		t.Errorf("after the reload practice still owes %d messages", c.Pending)
	}
	practice.setGone(false)
	if err := r.c.TestChannel(ctx, "practice"); err != nil {
		t.Fatalf("channels test practice: %v", err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "drill done"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the drill's all-clear on drills", func() bool { return len(drills.received()) == 3 })
	assertNoDrillReached(t, practice.received())
	assertDroppedAsUndelivered(t, r, id, "practice", 2)
}

// practiceDead runs a drill with a note on two drill channels, practice
// (gone: dead by now) and drills, in an engine whose reload takes drill =
// true off practice. It returns the drill's incident id.
func practiceDead(t *testing.T) (r *running, practice *picky, drills *endpoint, id string) {
	t.Helper()
	practice = &picky{endpoint: endpoint{name: "practice"}, gone: true}
	drills = &endpoint{name: "drills"}
	r = launch(t, Options{
		Paths: testPaths(t), Config: config.Default(), Engineer: "Sam",
		Channels: []Registered{{Type: "webhook", Drill: true, Channel: practice}, {Type: "slack", Drill: true, Channel: drills}},
		Reload: func() (config.Config, []Registered, error) { // drill = true taken off practice
			return config.Default(), []Registered{{Type: "webhook", Channel: practice}, {Type: "slack", Drill: true, Channel: drills}}, nil
		},
		Retry: updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond},
	})
	id = drillWithNote(t, r)
	poll.For(t, "practice to be dead", func() bool { return channelState(r, "practice").State == api.ChannelDead })
	return r, practice, drills, id
}

// channels test NAME re-reads NAME's config: when drill = true was taken
// off it, what it owes of a drill is not sent, as at a reload, and the test
// passes rather than failing on drill messages refused after it.
func TestChannelTestDropsADrillFromAChannelNoLongerForDrills(t *testing.T) {
	r, practice, _, id := practiceDead(t)
	ctx := context.Background()
	practice.setGone(false)
	if err := r.c.TestChannel(ctx, "practice"); err != nil {
		t.Fatalf("channels test practice: %v", err)
	}
	if c := channelState(r, "practice"); c.Pending != 0 {
		t.Errorf("after the test practice still owes %d messages", c.Pending)
	}
	assertNoDrillReached(t, practice.received())
	assertDroppedAsUndelivered(t, r, id, "practice", 2)
}

// The same after a restart with drill = true removed: what the journal
// says practice (failing, 503) and pager (dead, 404) still owe of the drill
// is recorded as undelivered at the start, never sent to them now they
// answer, and the all-clear does not go to them.
func TestRestartDropsADrillFromAChannelNoLongerForDrills(t *testing.T) {
	paths := testPaths(t)
	failing := &endpoint{name: "practice", fail: 1 << 30}
	gone := &picky{endpoint: endpoint{name: "pager"}, gone: true}
	drills := &endpoint{name: "drills"}
	r := start(t, paths, config.Incident{}, nil, Registered{Type: "webhook", Drill: true, Channel: failing},
		Registered{Type: "webhook", Drill: true, Channel: gone}, Registered{Type: "slack", Drill: true, Channel: drills})
	ctx := context.Background()
	id := drillWithNote(t, r)
	poll.For(t, "the drill on drills", func() bool { return len(drills.received()) == 2 })
	poll.For(t, "practice to be retrying", func() bool { return channelState(r, "practice").State == api.ChannelRetrying })
	poll.For(t, "pager to be dead", func() bool { return channelState(r, "pager").State == api.ChannelDead })
	r.stop()

	// Both answer now, and neither is a drill channel.
	practice, pager := &endpoint{name: "practice"}, &endpoint{name: "pager"}
	r = start(t, paths, config.Incident{}, nil, Registered{Type: "webhook", Channel: practice},
		Registered{Type: "webhook", Channel: pager}, Registered{Type: "slack", Drill: true, Channel: drills})
	for _, name := range []string{"practice", "pager"} {
		if c := channelState(r, name); c.Pending != 0 || c.State != api.ChannelOK {
			t.Errorf("after the restart %s is %s and owes %d messages", name, c.State, c.Pending)
		}
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "drill done"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the drill's all-clear on drills", func() bool { return len(drills.received()) == 3 })
	if err := r.c.TestChannel(ctx, "pager"); err != nil {
		t.Fatalf("channels test pager: %v", err)
	}
	assertNoDrillReached(t, practice.received())
	assertNoDrillReached(t, pager.received())
	assertDroppedAsUndelivered(t, r, id, "practice", 2)
	assertDroppedAsUndelivered(t, r, id, "pager", 2)
}

// drillWithNote starts a drill and posts a note in it; it returns its id.
func drillWithNote(t *testing.T, r *running) string {
	t.Helper()
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Practice", Severity: 3, ETA: "1h", Drill: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over"}); err != nil {
		t.Fatal(err)
	}
	return inc.ID
}

func channelState(r *running, name string) api.Channel {
	for _, c := range r.eng.Channels() {
		if c.Name == name {
			return c.Status
		}
	}
	return api.Channel{}
}

func assertNoDrillReached(t *testing.T, got []updates.Message) {
	t.Helper()
	for _, m := range got {
		if m.Drill {
			t.Errorf("the channel no longer for drills got the drill's %s message %s", m.Kind, m.ID)
		}
	}
}

// assertDroppedAsUndelivered checks that incident id's journal records n
// messages to channel as not sent for the drill rule, and owes it none.
func assertDroppedAsUndelivered(t *testing.T, r *running, id, channel string, n int) {
	t.Helper()
	events := r.eng.incidentEvents(t, id)
	for _, e := range events {
		if e.Kind != updates.EventFailed {
			continue
		}
		if d, err := e.Decode(); err != nil {
			t.Fatal(err)
		} else if f := d.(updates.Failed); f.Channel == channel && f.Rejected && !f.HeldBack {
			t.Errorf("recorded %+v for %s: want it held back, not refused", f, channel)
		}
	}
	l := updates.Replay(events)
	c := l.Channels[channel]
	if c == nil {
		t.Fatalf("the journal has nothing for %s", channel)
	}
	if len(c.Pending) != 0 {
		t.Errorf("the journal says %s still owes %d messages", channel, len(c.Pending))
	}
	var kinds []updates.Kind
	for _, u := range c.Undelivered {
		if u.Error != notForDrills {
			t.Errorf("undelivered %s for %q, want %q", u.MessageID, u.Error, notForDrills)
		}
		kinds = append(kinds, u.Kind)
	}
	if want := []updates.Kind{updates.KindDeclared, updates.KindNote}; len(kinds) != n || !slices.Equal(kinds, want[:n]) {
		t.Errorf("undelivered to %s: %v, want %v", channel, kinds, want[:n])
	}
}

// The last guard: a channel that gets no drills refuses a drill's message
// as undelivered, not as the channel's fault, so however many of them come
// it is never marked dead, and the real message behind them goes.
func TestNonDrillChannelRefusesDrillMessagesAndStaysUp(t *testing.T) {
	e := &Engine{now: time.Now}
	ep := &endpoint{name: "ops"}
	ch := e.drillChannels([]Registered{{Type: "slack", Channel: ep}})[0].Channel
	rec := &records{}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := updates.NewOutbox(ctx, updates.Options{Recorder: rec, BaseBackoff: time.Millisecond})
	o.Register("slack", ch)
	for i := range 4 {
		o.Add(updates.Message{ID: "drill/" + string(rune('1'+i)), IncidentID: "drill", Kind: updates.KindNote, Drill: true}, []string{"ops"})
	}
	o.Add(updates.Message{ID: "real/1", IncidentID: "real", Kind: updates.KindDeclared}, []string{"ops"})
	poll.For(t, "the real message", func() bool { return len(ep.received()) == 1 })
	if got := ep.received()[0]; got.ID != "real/1" {
		t.Fatalf("ops got %s", got.ID)
	}
	if st := o.Status("drill")[0]; st.State != updates.StateOK || len(st.Undelivered) != 4 {
		t.Fatalf("ops after 4 refused drill messages: %+v", st)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, f := range rec.failed {
		if !f.Rejected || !f.HeldBack || f.Dead || f.Error != notForDrills {
			t.Errorf("recorded %+v, want a refusal for the drill rule", f)
		}
	}
	if err := ch.Send(ctx, updates.Message{Drill: true}); !errors.Is(err, errNotForDrills) || !updates.IsUnaddressed(err) || !updates.IsHeldBack(err) {
		t.Errorf("Send of a drill's message: %v", err)
	}
}

// A channel that finds its service's incident (finder) still does
// once the engine wraps it; one that does not, still does not.
func TestWrappedChannelStillFinds(t *testing.T) {
	e := &Engine{now: time.Now}
	if _, ok := finderOf(e.drillChannels([]Registered{{Type: "webhook", Channel: &endpoint{name: "hook"}}})[0].Channel); ok {
		t.Error("a wrapped webhook channel is taken for a finder")
	}
	for _, drill := range []bool{false, true} {
		ch := e.drillChannels([]Registered{{Type: "pagerduty", Drill: drill, Channel: &findsOne{endpoint: endpoint{name: "pd"}}}})[0].Channel
		f, ok := finderOf(ch)
		if !ok {
			t.Fatalf("drill %v: the wrapped channel is no finder", drill)
		}
		if id, ok := f.Found("x"); !ok || id != "P1" {
			t.Errorf("drill %v: Found = %q, %v", drill, id, ok)
		}
	}
}

type findsOne struct{ endpoint }

func (*findsOne) Found(string) (string, bool) { return "P1", true }

// records is an outbox Recorder that keeps the failures.
type records struct {
	mu     sync.Mutex
	failed []updates.Failed
}

func (r *records) Record(_, _ string, data any) error {
	if f, ok := data.(updates.Failed); ok {
		r.mu.Lock()
		r.failed = append(r.failed, f)
		r.mu.Unlock()
	}
	return nil
}

// A start that drops a drill's messages may snapshot the incident from
// what it read (at SnapshotEvery); the next start must not count the drops
// twice, once from that snapshot and once from the records after it.
func TestDroppedDrillCountedOnceAcrossSnapshots(t *testing.T) {
	paths := testPaths(t)
	drills := &endpoint{name: "drills"}
	opts := func(practice updates.Channel, drill bool) Options {
		return Options{
			Paths: paths, Config: config.Default(), Engineer: "Sam", SnapshotEvery: 3,
			Channels: []Registered{{Type: "webhook", Drill: drill, Channel: practice}, {Type: "slack", Drill: true, Channel: drills}},
			Retry:    updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond},
		}
	}
	r := launch(t, opts(&endpoint{name: "practice", fail: 1 << 30}, true))
	id := drillWithNote(t, r)
	poll.For(t, "practice to be retrying", func() bool { return channelState(r, "practice").State == api.ChannelRetrying })
	r.stop()
	// As after a kill -9: no snapshot of the clean stop, so the start reads
	// the whole journal, and snapshots it.
	if err := os.Remove(r.eng.store.snapshotPath(id)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		r.stop()
		r = launch(t, opts(&endpoint{name: "practice"}, false))
	}
	if c := channelState(r, "practice"); c.Undelivered != 2 || c.Pending != 0 {
		t.Errorf("practice after two starts: %d undelivered, %d pending; want 2, 0", c.Undelivered, c.Pending)
	}
	assertDroppedAsUndelivered(t, r, id, "practice", 2)
}
