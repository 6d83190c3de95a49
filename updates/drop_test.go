package updates

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// Drop takes the selected messages out of a channel waiting out a backoff,
// in order, and counts them as refused; the others stay owed and go once
// the channel answers, at once (the tries were the dropped head's). It
// records nothing: the caller does.
func TestDropTakesSelectedMessagesOut(t *testing.T) {
	j := newMemJournal()
	o := waitingOutbox(t, j)
	ch := &flaky{name: "ops", n: 1, err: errors.New("503 Service Unavailable")}
	o.Register("slack", ch)
	drill := func(i int) Message {
		m := msg(i)
		m.IncidentID, m.ID, m.Drill = "drill", "drill/"+m.ID[len("inc/"):], true
		return m
	}
	queue(t, o, j, drill(1), "ops")
	poll.For(t, "the first try to fail", func() bool { return o.Status("drill")[0].State == StateRetrying })
	queue(t, o, j, msg(2), "ops")
	queue(t, o, j, drill(3), "ops")
	j.mu.Lock()
	recorded := len(j.events["drill"])
	j.mu.Unlock()

	got, done := o.Drop("ops", func(m Message) bool { return m.Drill }, "not for drills")
	if !done || len(got) != 2 || got[0].Failed.MessageID != "drill/1" || got[1].Failed.MessageID != "drill/3" {
		t.Fatalf("Drop = %+v, %v", got, done)
	}
	for _, d := range got {
		if f := d.Failed; d.IncidentID != "drill" || !f.Rejected || !f.HeldBack || f.Error != "not for drills" || f.Channel != "ops" || f.Kind != KindNote {
			t.Errorf("dropped %+v", d)
		}
	}
	if got[0].Failed.Attempt != 1 || got[1].Failed.Attempt != 0 {
		t.Errorf("attempts %d, %d: want the head's 1 try, then none", got[0].Failed.Attempt, got[1].Failed.Attempt)
	}
	poll.For(t, "the real message, long before the hour's backoff", func() bool { return len(ch.received()) == 1 })
	if ch.received()[0] != "inc/2" {
		t.Fatalf("ops got %v", ch.received())
	}
	if st := o.Status("drill")[0]; st.Pending != 0 || len(st.Undelivered) != 2 || st.State != StateOK {
		t.Errorf("status after the drop: %+v", st)
	}
	j.mu.Lock()
	n := len(j.events["drill"])
	j.mu.Unlock()
	if n != recorded {
		t.Errorf("Drop recorded %d events itself", n-recorded)
	}
}

// A channel that may be sending its head is left alone: Drop cannot tell
// whether that message is being delivered. With nothing to drop, it is
// done whatever the channel does.
func TestDropLeavesAChannelThatMaySend(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	ch := &blocking{name: "ops", entered: make(chan struct{}), release: make(chan struct{})}
	o.Register("slack", ch)
	queue(t, o, j, msg(1), "ops")
	<-ch.entered
	got, done := o.Drop("ops", func(Message) bool { return true }, "no")
	none, noneDone := o.Drop("ops", func(Message) bool { return false }, "no")
	close(ch.release)
	if done || got != nil {
		t.Fatalf("Drop while sending = %+v, %v; want nothing, not done", got, done)
	}
	if !noneDone || none != nil {
		t.Fatalf("Drop selecting nothing while sending = %+v, %v; want done: nothing to drop", none, noneDone)
	}
	poll.For(t, "the message", func() bool { return o.Status("inc")[0].Delivered == 1 })
	if got, done := o.Drop("ops", func(Message) bool { return true }, "no"); !done || got != nil {
		t.Fatalf("Drop of an empty queue = %+v, %v", got, done)
	}
}

// blocking is a channel whose first send waits for release.
type blocking struct {
	name             string
	entered, release chan struct{}
}

func (b *blocking) Name() string { return b.name }
func (b *blocking) Send(context.Context, Message) error {
	select {
	case <-b.entered:
	default:
		close(b.entered)
		<-b.release
	}
	return nil
}

// WithoutOwed takes the selected messages out of what a replayed ledger's
// channel owes, in order, as Drop does out of a live queue: counted as
// refused for good, held back. The ledger it was given is not changed,
// and neither are the other channels.
func TestWithoutOwedLeavesTheLedgerAsRead(t *testing.T) {
	j := newMemJournal()
	drill := func(i int) Message {
		m := msg(i)
		m.Drill = true
		return m
	}
	for _, m := range []Message{drill(1), msg(2), drill(3)} {
		if err := j.Record("inc", EventQueued, Queued{Message: m, Channels: []string{"ops", "drills"}}); err != nil {
			t.Fatal(err)
		}
	}
	l := j.ledger("inc")
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	isDrill := func(m Message) bool { return m.Drill }

	out, got := l.WithoutOwed("inc", "ops", isDrill, "not for drills", now)
	if len(got) != 2 || got[0].Failed.MessageID != "inc/1" || got[1].Failed.MessageID != "inc/3" {
		t.Fatalf("WithoutOwed dropped %+v", got)
	}
	for _, d := range got {
		if f := d.Failed; d.IncidentID != "inc" || !f.Rejected || !f.HeldBack || f.Attempt != 0 || f.Error != "not for drills" || f.Channel != "ops" || f.Kind != KindNote {
			t.Errorf("dropped %+v", d)
		}
	}
	c := out.Channels["ops"]
	if len(c.Pending) != 1 || c.Pending[0].ID != "inc/2" {
		t.Errorf("ops still owes %+v, want inc/2 only", c.Pending)
	}
	want := Rejection{MessageID: "inc/1", Kind: KindNote, At: now, Error: "not for drills"}
	if len(c.Undelivered) != 2 || c.Undelivered[0] != want || c.Undelivered[1].MessageID != "inc/3" {
		t.Errorf("ops undelivered %+v", c.Undelivered)
	}
	if len(l.Channels["ops"].Pending) != 3 || len(l.Channels["ops"].Undelivered) != 0 {
		t.Errorf("the ledger read was changed: ops %+v", l.Channels["ops"])
	}
	if out.Channels["drills"] != l.Channels["drills"] {
		t.Error("WithoutOwed changed another channel")
	}
	if same, none := out.WithoutOwed("inc", "ops", isDrill, "again", now); same != out || none != nil {
		t.Errorf("WithoutOwed with nothing to drop = %p, %+v; want the ledger given, nothing", same, none)
	}
}

// A channel whose Send holds a message back (HeldBack) has it recorded as
// held back, Unaddressed: undelivered, the channel not at fault. A
// provider's refusal, even an Unaddressed one, is not held back.
func TestSendThatHoldsBackIsRecordedAsHeldBack(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	held := HeldBack(errors.New("not for drills"))
	if !IsUnaddressed(held) || !IsRejected(held) || IsHeldBack(Unaddressed(errors.New("x"))) {
		t.Fatal("HeldBack is not an Unaddressed refusal of its own kind")
	}
	ch := &refusing{name: "hook", refuse: map[string]error{"inc/1": held, "inc/2": Unaddressed(errors.New("no such incident"))}}
	o.Register("webhook", ch)
	for i := 1; i <= 3; i++ {
		queue(t, o, j, msg(i), "hook")
	}
	poll.For(t, "the message after the refused ones", func() bool { return len(ch.received()) == 1 })
	poll.For(t, "the ledger to settle", func() bool { return len(j.ledger("inc").Channels["hook"].Pending) == 0 })
	j.mu.Lock()
	defer j.mu.Unlock()
	heldBack := map[string]bool{}
	for _, e := range j.events["inc"] {
		if e.Kind != EventFailed {
			continue
		}
		d, err := e.Decode()
		if err != nil {
			t.Fatal(err)
		}
		f := d.(Failed)
		if !f.Rejected {
			t.Errorf("recorded %+v: want refused for good", f)
		}
		heldBack[f.MessageID] = f.HeldBack
	}
	if want := map[string]bool{"inc/1": true, "inc/2": false}; !maps.Equal(heldBack, want) {
		t.Errorf("held back %v, want %v", heldBack, want)
	}
}
