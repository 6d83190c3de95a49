package updates

import (
	"context"
	"errors"
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
	ctx, cancel := context.WithCancel(context.Background())
	o := NewOutbox(ctx, Options{Recorder: j, BaseBackoff: time.Hour, MaxBackoff: time.Hour, Timeout: time.Second})
	t.Cleanup(func() { cancel(); o.Wait() })
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
		if f := d.Failed; d.IncidentID != "drill" || !f.Rejected || f.Error != "not for drills" || f.Channel != "ops" || f.Kind != KindNote {
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
