package updates

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
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

// A try's failure journalled after the same message was dropped (the
// worker records after releasing o.mu; Drop journals a rejection
// meanwhile) does not make the channel look failing, nor dead, for the
// message it owes next.
func TestReplayFailureAfterTheMessageWasDropped(t *testing.T) {
	l := Replay(events(t,
		EventQueued, Queued{Message: msg(1), Channels: []string{"practice"}},
		EventQueued, Queued{Message: msg(2), Channels: []string{"practice"}},
		EventFailed, Failed{MessageID: "inc/1", Channel: "practice", Attempt: 1, Error: "not sent: a drill", Rejected: true, Kind: KindNote},
		EventFailed, Failed{MessageID: "inc/1", Channel: "practice", Attempt: 1, Error: "connection refused", RetryAt: time.Now().Add(time.Minute), Dead: true},
	))
	c := l.Channels["practice"]
	if c.Attempts != 0 || c.LastError != "" || !c.RetryAt.IsZero() || c.Dead || !c.FailingSince.IsZero() {
		t.Errorf("practice: attempts %d, last error %q, retry at %v, dead %v, failing since %v; want none of them", c.Attempts, c.LastError, c.RetryAt, c.Dead, c.FailingSince)
	}
	if fmt.Sprint(ids(c.Pending)) != "[inc/2]" || len(c.Undelivered) != 1 {
		t.Errorf("practice: pending %v, undelivered %d; want [inc/2], 1", ids(c.Pending), len(c.Undelivered))
	}
}

// refLog is Replay's ledger as it was before it decoded lazily: every
// message decoded, each outcome a pass over all that is pending. Random
// journals replay the same through both.
type refLog struct {
	pending   []string
	delivered int
	rejected  []string
	settled   map[string]bool
	upTo      int
}

func refReplay(t *testing.T, evs []incident.Event) map[string]*refLog {
	logs := map[string]*refLog{}
	logOf := func(name string) *refLog {
		if logs[name] == nil {
			logs[name] = &refLog{settled: map[string]bool{}}
		}
		return logs[name]
	}
	settle := func(c *refLog, id string) bool {
		if c.settled[id] {
			return false
		}
		c.settled[id] = true
		seq, ok := MessageSeq(id)
		var kept []string
		for _, p := range c.pending {
			ps, pok := MessageSeq(p)
			switch {
			case p == id:
			case ok && pok && ps < seq:
				c.settled[p] = true
				c.delivered++
			default:
				kept = append(kept, p)
			}
		}
		c.pending = kept
		if ok && seq > c.upTo {
			c.upTo = seq
		}
		return true
	}
	for _, e := range evs {
		switch e.Kind {
		case EventQueued:
			var q Queued
			mustDecode(t, e.Data, &q)
			for _, name := range q.Channels {
				c := logOf(name)
				if seq, ok := MessageSeq(q.Message.ID); c.settled[q.Message.ID] || ok && seq <= c.upTo {
					continue
				}
				seq, ok := MessageSeq(q.Message.ID)
				i := len(c.pending)
				for ok && i > 0 {
					if prev, pok := MessageSeq(c.pending[i-1]); !pok || prev <= seq {
						break
					}
					i--
				}
				c.pending = append(c.pending[:i], append([]string{q.Message.ID}, c.pending[i:]...)...)
			}
		case EventDelivered:
			var d Delivered
			mustDecode(t, e.Data, &d)
			if c := logOf(d.Channel); settle(c, d.MessageID) {
				c.delivered++
			}
		case EventFailed:
			var f Failed
			mustDecode(t, e.Data, &f)
			if c := logOf(f.Channel); f.Rejected && settle(c, f.MessageID) {
				c.rejected = append(c.rejected, f.MessageID)
			}
		}
	}
	return logs
}

func mustDecode(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

func TestReplayAgreesWithDecodingEverything(t *testing.T) {
	chans := []string{"ops", "boss", `we"ird`}
	for round := range 300 {
		r := rand.New(rand.NewPCG(uint64(round), 1))
		var pairs []any
		var sent []string
		id := func() string {
			switch {
			case len(sent) > 0 && r.IntN(4) > 0:
				return sent[r.IntN(len(sent))]
			case r.IntN(10) == 0:
				return "test-" + strconv.Itoa(r.IntN(3))
			}
			return "inc/" + strconv.Itoa(r.IntN(60))
		}
		for range r.IntN(80) {
			switch ch := chans[r.IntN(len(chans))]; r.IntN(6) {
			case 0, 1:
				m := msg(len(pairs) + 1)
				if r.IntN(5) == 0 { // queued late (requeue), or not for an event
					m.ID = id()
				}
				m.Note = "a \"quoted\" note"
				pairs = append(pairs, EventQueued, Queued{Message: m, Channels: chans[:1+r.IntN(len(chans))]})
				sent = append(sent, m.ID)
			case 2, 3:
				pairs = append(pairs, EventDelivered, Delivered{MessageID: id(), Channel: ch, Attempt: 1})
			case 4:
				pairs = append(pairs, EventFailed, Failed{MessageID: id(), Channel: ch, Rejected: r.IntN(2) == 0, Error: "no"})
			case 5:
				pairs = append(pairs, "note", map[string]string{"kind": "note"})
			}
		}
		evs := events(t, pairs...)
		want, got := refReplay(t, evs), Replay(evs)
		if len(want) != len(got.Channels) {
			t.Fatalf("round %d: %d channels, want %d", round, len(got.Channels), len(want))
		}
		resumed := resumedAt(t, evs, r.IntN(len(evs)+1))
		if resumed.Count() != got.Count() || fmt.Sprint(resumed.Tail(3)) != fmt.Sprint(got.Tail(3)) {
			t.Fatalf("round %d: a snapshot and the rest: %d messages, want %d; tail %v, want %v",
				round, resumed.Count(), got.Count(), ids(resumed.Tail(3)), ids(got.Tail(3)))
		}
		for name, w := range want {
			compareLog(t, round, name, w, got.Channels[name], sent)
			compareLog(t, round, name+" (snapshot)", w, resumed.Channels[name], sent)
		}
	}
}

// resumedAt replays evs as a start with a snapshot taken after the first
// n of them does: the snapshot through JSON, then the rest.
func resumedAt(t *testing.T, evs []incident.Event, n int) *Ledger {
	b, err := json.Marshal(Replay(evs[:n]).Save(2))
	if err != nil {
		t.Fatal(err)
	}
	var saved SavedLedger
	mustDecode(t, b, &saved)
	l, ok := RestoreLedger(saved)
	if !ok {
		t.Fatalf("snapshot after %d events not restored", n)
	}
	l.Add(evs[n:])
	return l
}

func compareLog(t *testing.T, round int, name string, w *refLog, g *ChannelLog, sent []string) {
	t.Helper()
	if fmt.Sprint(ids(g.Pending)) != fmt.Sprint(w.pending) || g.Delivered != w.delivered || len(g.Undelivered) != len(w.rejected) {
		t.Fatalf("round %d, %s: pending %v delivered %d refused %d; want %v, %d, %d",
			round, name, ids(g.Pending), g.Delivered, len(g.Undelivered), w.pending, w.delivered, len(w.rejected))
	}
	for _, s := range sent {
		seq, ok := MessageSeq(s)
		if want := w.settled[s] || ok && seq <= w.upTo; g.Settled(s) != want {
			t.Fatalf("round %d, %s: Settled(%s) %v", round, name, s, !want)
		}
	}
}

// The outbox's kinds decode through the journal's one decoder, as its
// own types.
func TestOutboxKindsDecode(t *testing.T) {
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for kind, data := range map[string]any{
		EventQueued:    Queued{Message: Message{ID: "inc/3", Kind: KindNote, At: at, IncidentID: "inc", Title: "db down"}, Channels: []string{"ops", "boss"}},
		EventDelivered: Delivered{MessageID: "inc/3", Channel: "ops", Attempt: 2},
		EventFailed:    Failed{MessageID: "inc/3", Channel: "boss", Attempt: 1, Error: "503", RetryAt: at.Add(time.Minute)},
	} {
		e, err := incident.NewEvent(at, kind, data)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.Decode()
		if err != nil || !reflect.DeepEqual(got, data) {
			t.Errorf("%s decoded to %#v, %v; want %#v", kind, got, err, data)
		}
	}
}
