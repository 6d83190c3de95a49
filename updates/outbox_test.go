package updates

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
)

// memJournal is a Recorder that keeps events per incident, as the engine's
// journals do.
type memJournal struct {
	mu     sync.Mutex
	events map[string][]incident.Event
	change chan struct{}
}

func newMemJournal() *memJournal {
	return &memJournal{events: map[string][]incident.Event{}, change: make(chan struct{}, 1000)}
}

func (j *memJournal) Record(id, kind string, data any) error {
	e, err := incident.NewEvent(time.Now(), kind, data)
	if err != nil {
		return err
	}
	j.mu.Lock()
	e.Seq = len(j.events[id]) + 1
	j.events[id] = append(j.events[id], e)
	j.mu.Unlock()
	j.change <- struct{}{}
	return nil
}

func (j *memJournal) ledger(id string) *Ledger {
	j.mu.Lock()
	defer j.mu.Unlock()
	return Replay(j.events[id])
}

// flaky fails its first n sends with err, then records what it got.
type flaky struct {
	name string
	mu   sync.Mutex
	n    int
	err  error
	got  []string
	try  int
}

func (f *flaky) Name() string { return f.name }
func (f *flaky) Send(ctx context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.try++
	if f.try <= f.n {
		return f.err
	}
	f.got = append(f.got, m.ID)
	return nil
}

func (f *flaky) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

func msg(i int) Message {
	return Message{ID: fmt.Sprintf("inc/%d", i), IncidentID: "inc", Kind: KindNote, Note: fmt.Sprint("note ", i)}
}

// queue records EventQueued as the engine does, then hands m to the outbox.
func queue(t *testing.T, o *Outbox, j *memJournal, m Message, chans ...string) {
	t.Helper()
	if err := j.Record(m.IncidentID, EventQueued, Queued{Message: m, Channels: chans}); err != nil {
		t.Fatal(err)
	}
	o.Add(m, chans)
}

func fastOutbox(t *testing.T, j *memJournal) *Outbox {
	return backoffOutbox(t, j, 5*time.Millisecond, 40*time.Millisecond)
}

// waitingOutbox is an outbox whose failing channel waits an hour before
// it tries again: a test acts on it while it waits.
func waitingOutbox(t *testing.T, j *memJournal) *Outbox {
	return backoffOutbox(t, j, time.Hour, time.Hour)
}

// backoffOutbox is an outbox whose failed tries wait base, doubling up to
// most; it stops when the test ends.
func backoffOutbox(t *testing.T, j *memJournal, base, most time.Duration) *Outbox {
	ctx, cancel := context.WithCancel(context.Background())
	o := NewOutbox(ctx, Options{Recorder: j, BaseBackoff: base, MaxBackoff: most, Timeout: time.Second})
	t.Cleanup(func() { cancel(); o.Wait() })
	return o
}

func TestFailThreeTimesThenDeliverInOrder(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	ch := &flaky{name: "ops", n: 3, err: errors.New("503 Service Unavailable")}
	o.Register("slack", ch)
	for i := 1; i <= 5; i++ {
		queue(t, o, j, msg(i), "ops")
	}
	poll.For(t, "5 deliveries", func() bool { return len(ch.received()) == 5 })
	got := ch.received()
	for i, id := range got {
		if id != fmt.Sprintf("inc/%d", i+1) {
			t.Fatalf("delivered %v, want inc/1..inc/5 once each in order", got)
		}
	}
	l := j.ledger("inc")
	if c := l.Channels["ops"]; c.Delivered != 5 || len(c.Pending) != 0 || c.Attempts != 0 {
		t.Fatalf("ledger: %+v", c)
	}
	if st := o.Status("inc")[0]; st.State != StateOK || st.Delivered != 5 || st.Pending != 0 {
		t.Fatalf("status %+v", st)
	}
}

func TestChannelsAreIndependent(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	down := &flaky{name: "down", n: 1 << 30, err: errors.New("connection refused")}
	up := &flaky{name: "up"}
	o.Register("webhook", down)
	o.Register("webhook", up)
	queue(t, o, j, msg(1), "down", "up")
	queue(t, o, j, msg(2), "down", "up")
	poll.For(t, "the healthy channel to get both", func() bool { return len(up.received()) == 2 })
	poll.For(t, "the failing one to show retrying", func() bool {
		st := o.Status("inc")[0]
		return st.State == StateRetrying && st.Pending == 2 && st.LastError == "connection refused"
	})
}

func TestPermanentFailureKillsChannelTestRevives(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	ch := &flaky{name: "ops", n: 1, err: Permanent(errors.New("404 no_service"))}
	o.Register("slack", ch)
	queue(t, o, j, msg(1), "ops")
	poll.For(t, "dead", func() bool { return o.Status("inc")[0].State == StateDead })
	queue(t, o, j, msg(2), "ops") // later messages still queue
	time.Sleep(50 * time.Millisecond)
	if n := len(ch.received()); n != 0 {
		t.Fatalf("a dead channel was tried: %d sends", n)
	}
	if st := o.Status("inc")[0]; st.Pending != 2 {
		t.Fatalf("pending %d, want 2", st.Pending)
	}
	// A test that fails again says why now: the user changed something.
	ch.mu.Lock()
	ch.n, ch.err = ch.try+1, Permanent(errors.New("403 forbidden"))
	ch.mu.Unlock()
	if _, err := o.Test(context.Background(), "ops", Message{ID: "test", Kind: KindTest}); err == nil {
		t.Fatal("a failing test passed")
	}
	if st := o.Status("inc")[0]; st.State != StateDead || st.LastError != "403 forbidden" {
		t.Fatalf("after a failed test: %s, %q; want dead with the test's error", st.State, st.LastError)
	}
	if _, err := o.Test(context.Background(), "ops", Message{ID: "test", Kind: KindTest}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "flush after test", func() bool { return len(ch.received()) == 3 })
	if got := ch.received(); got[0] != "test" || got[1] != "inc/1" || got[2] != "inc/2" {
		t.Fatalf("after revive: %v", got)
	}
	if l := j.ledger("inc").Channels["ops"]; l.Dead || l.Delivered != 2 {
		t.Fatalf("ledger after revive: %+v", l)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	ch := &flaky{name: "ops", n: 1, err: &RetryAfterError{After: 1200 * time.Millisecond, Err: errors.New("429")}}
	o.Register("slack", ch)
	start := time.Now()
	queue(t, o, j, msg(1), "ops")
	poll.For(t, "delivery", func() bool { return len(ch.received()) == 1 })
	if waited := time.Since(start); waited < time.Second {
		t.Fatalf("retried after %s; the server asked for 1.2s", waited)
	}
	l := j.ledger("inc")
	if l.Channels["ops"].Delivered != 1 {
		t.Fatalf("ledger %+v", l.Channels["ops"])
	}
}

func TestGivesUpAfterDeadAfter(t *testing.T) {
	j := newMemJournal()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); now = now.Add(time.Hour); return now }
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel() }()
	o := NewOutbox(ctx, Options{Recorder: j, Now: clock, BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	ch := &flaky{name: "ops", n: 1 << 30, err: errors.New("timeout")}
	o.Register("slack", ch)
	queue(t, o, j, msg(1), "ops")
	poll.For(t, "dead after 24h of failures", func() bool { return o.Status("inc")[0].State == StateDead })
}

// After a crash, Restore owes exactly what the journal says is undelivered.
func TestRestoreResumesPending(t *testing.T) {
	j := newMemJournal()
	ctx, cancel := context.WithCancel(context.Background())
	o := NewOutbox(ctx, Options{Recorder: j, BaseBackoff: time.Hour})
	down := &flaky{name: "ops", n: 1 << 30, err: errors.New("down")}
	o.Register("slack", down)
	for i := 1; i <= 3; i++ {
		queue(t, o, j, msg(i), "ops")
	}
	poll.For(t, "a failure recorded", func() bool { return j.ledger("inc").Channels["ops"].Attempts == 1 })
	cancel()
	o.Wait()

	up := &flaky{name: "ops"}
	o2 := fastOutbox(t, j)
	o2.Register("slack", up)
	l := j.ledger("inc")
	l.Channels["ops"].RetryAt = time.Time{} // the first run's retry time is an hour out
	if missing := o2.Restore("inc", l); len(missing) != 0 {
		t.Fatalf("missing %v", missing)
	}
	poll.For(t, "all three after restart", func() bool { return len(up.received()) == 3 })
}

func TestBackoffCappedWithJitter(t *testing.T) {
	base, ceiling := 2*time.Second, 5*time.Minute
	for attempt := 1; attempt <= 20; attempt++ {
		d := backoff(attempt, base, ceiling)
		want := min(base<<(attempt-1), ceiling)
		if attempt > 10 {
			want = ceiling
		}
		if d < want/2 || d > want {
			t.Fatalf("attempt %d: %s outside [%s, %s]", attempt, d, want/2, want)
		}
	}
}
