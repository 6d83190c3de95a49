package updates

import (
	"fmt"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
)

// events builds a journal from (kind, data) pairs, numbered from 1.
func events(t *testing.T, pairs ...any) []incident.Event {
	t.Helper()
	var out []incident.Event
	for i := 0; i < len(pairs); i += 2 {
		e, err := incident.NewEvent(time.Now(), pairs[i].(string), pairs[i+1])
		if err != nil {
			t.Fatal(err)
		}
		e.Seq = len(out) + 1
		out = append(out, e)
	}
	return out
}

func refIDs(ms []MessageRef) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func ids(ms []Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

// A full disk lost the delivery records of 1..7: the record of 8 settles
// them, so a restart owes only 9 and sends nothing again.
func TestReplayOutcomeSettlesEarlierMessages(t *testing.T) {
	var pairs []any
	for i := 1; i <= 9; i++ {
		pairs = append(pairs, EventQueued, Queued{Message: msg(i), Channels: []string{"ops", "boss"}})
	}
	pairs = append(pairs, EventDelivered, Delivered{MessageID: "inc/8", Channel: "ops"},
		EventFailed, Failed{MessageID: "inc/3", Channel: "boss", Error: "answered 400 Bad Request", Rejected: true})
	l := Replay(events(t, pairs...))
	if c := l.Channels["ops"]; fmt.Sprint(ids(c.Pending)) != "[inc/9]" || c.Delivered != 8 {
		t.Fatalf("ops: pending %v delivered %d", ids(c.Pending), c.Delivered)
	}
	c := l.Channels["boss"]
	if fmt.Sprint(ids(c.Pending)) != "[inc/4 inc/5 inc/6 inc/7 inc/8 inc/9]" || c.Delivered != 2 || len(c.Undelivered) != 1 {
		t.Fatalf("boss: pending %v delivered %d undelivered %+v", ids(c.Pending), c.Delivered, c.Undelivered)
	}
	if u := c.Undelivered[0]; u.MessageID != "inc/3" || u.Kind != KindNote || u.Error != "answered 400 Bad Request" {
		t.Fatalf("undelivered %+v", u)
	}
}

// A message queued late (requeued after a crash) goes in the order of the
// events the messages were made from.
func TestReplayPendingInSourceOrder(t *testing.T) {
	l := Replay(events(t,
		EventQueued, Queued{Message: msg(5), Channels: []string{"ops"}},
		EventQueued, Queued{Message: msg(7), Channels: []string{"ops"}},
		EventQueued, Queued{Message: msg(3), Channels: []string{"ops"}},
	))
	if got := fmt.Sprint(ids(l.Channels["ops"].Pending)); got != "[inc/3 inc/5 inc/7]" {
		t.Fatalf("pending %s", got)
	}
	if got := fmt.Sprint(refIDs(l.Messages)); got != "[inc/5 inc/7 inc/3]" {
		t.Fatalf("messages %s", got)
	}
}

// A message handed to the outbox whose EventQueued was never written can
// be delivered (and recorded) before the next start queues it: the channel
// that has it is not owed it again, the others are.
func TestReplayDeliveredBeforeQueued(t *testing.T) {
	l := Replay(events(t,
		EventDelivered, Delivered{MessageID: "inc/2", Channel: "ops"},
		EventQueued, Queued{Message: msg(2), Channels: []string{"ops", "boss"}},
		EventQueued, Queued{Message: msg(1), Channels: []string{"ops", "boss"}},
	))
	if c := l.Channels["ops"]; len(c.Pending) != 0 || c.Delivered != 1 {
		t.Fatalf("ops: pending %v delivered %d", ids(c.Pending), c.Delivered)
	}
	if c := l.Channels["boss"]; fmt.Sprint(ids(c.Pending)) != "[inc/1 inc/2]" {
		t.Fatalf("boss: pending %v", ids(c.Pending))
	}
	if !l.Channels["ops"].Settled("inc/2") || !l.Channels["ops"].Settled("inc/1") || l.Channels["boss"].Settled("inc/1") {
		t.Fatal("Settled disagrees with the ledger")
	}
}

// Journals written before message-level refusals replay as before: a
// permanent failure is a dead channel that still owes the message.
func TestReplayOldDeadChannel(t *testing.T) {
	l := Replay(events(t,
		EventQueued, Queued{Message: msg(1), Channels: []string{"ops"}},
		EventFailed, Failed{MessageID: "inc/1", Channel: "ops", Attempt: 1, Error: "answered 404 Not Found", Dead: true},
	))
	if c := l.Channels["ops"]; !c.Dead || len(c.Pending) != 1 || len(c.Undelivered) != 0 || c.LastError == "" {
		t.Fatalf("ops %+v", c)
	}
}
