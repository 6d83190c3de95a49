package updates

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
)

// Journal event kinds of the outbox. They are stored: never rename one.
const (
	EventQueued    = "message_queued"  // a message and the channels it goes to, before any try
	EventDelivered = "delivered"       // one channel got one message
	EventFailed    = "delivery_failed" // one try failed; when the next one is due (or, Rejected, never)
)

// Queued is the data of an EventQueued: one delivery per channel.
type Queued struct {
	Message  Message  `json:"message"`
	Channels []string `json:"channels"`
}

// Delivered is the data of an EventDelivered.
type Delivered struct {
	MessageID string `json:"message_id"`
	Channel   string `json:"channel"`
	Attempt   int    `json:"attempt"`
}

// Failed is the data of an EventFailed. Rejected is a message the provider
// refused for good (IsRejected): it is undelivered to that channel, and
// the channel went on with the next one. Journals written before Rejected
// existed replay as they always did.
type Failed struct {
	MessageID string    `json:"message_id"`
	Channel   string    `json:"channel"`
	Attempt   int       `json:"attempt"`
	Error     string    `json:"error"`
	RetryAt   time.Time `json:"retry_at,omitzero"`
	Dead      bool      `json:"dead,omitempty"`
	Rejected  bool      `json:"rejected,omitempty"`
	Kind      Kind      `json:"kind,omitempty"` // of the message, when Rejected
}

// Rejection is one message a channel refused for good.
type Rejection struct {
	MessageID string
	Kind      Kind
	At        time.Time // when the refusal was recorded
	Error     string    // the provider's answer
}

// Ledger is the delivery state of one incident, replayed from its journal:
// what each channel still owes, in order, and how it has fared.
type Ledger struct {
	Messages []Message              // every message, in order
	Channels map[string]*ChannelLog // by channel name
}

// ChannelLog is one channel's deliveries within one incident.
type ChannelLog struct {
	Pending      []Message // queued, not yet delivered, oldest (by source event) first
	Delivered    int
	Undelivered  []Rejection // messages the channel refused for good, in order
	Attempts     int         // failed tries of the oldest pending message
	LastError    string      // of the latest failure, if the channel is failing
	FailingSince time.Time   // first failure of the current streak
	RetryAt      time.Time
	Dead         bool

	settled map[string]bool // message ids with a recorded outcome
	upTo    int             // the highest source seq with a recorded outcome
}

// Settled reports whether the channel has an outcome (delivered or
// rejected) for message id, or for a later message: delivery is in order,
// so a later outcome means this one was handled too.
func (c *ChannelLog) Settled(id string) bool {
	if c.settled[id] {
		return true
	}
	seq, ok := messageSeq(id)
	return ok && seq <= c.upTo
}

// Recipients lists the channels that got (or are owed) anything.
func (l *Ledger) Recipients() []string {
	var out []string
	for name := range l.Channels {
		out = append(out, name)
	}
	return out
}

// Replay rebuilds the ledger from an incident's events; other kinds are
// ignored. Undecodable events are skipped: one bad line never stops delivery
// of the rest.
//
// Delivery is in order per channel, so a recorded outcome of a message
// settles every earlier message of that channel still pending: their own
// records were lost (a full disk), not their deliveries. Pending is kept in
// the order of the messages' source events, so a message queued late (by
// the engine's requeue after a crash) still goes before later ones, and a
// channel that already has an outcome for a message, or a later one, is
// not owed it again.
func Replay(events []incident.Event) *Ledger {
	l := &Ledger{Channels: map[string]*ChannelLog{}}
	for _, e := range events {
		switch e.Kind {
		case EventQueued:
			var q Queued
			if json.Unmarshal(e.Data, &q) != nil {
				continue
			}
			l.Messages = append(l.Messages, q.Message)
			for _, name := range q.Channels {
				if c := l.log(name); !c.Settled(q.Message.ID) {
					c.enqueue(q.Message)
				}
			}
		case EventDelivered:
			var d Delivered
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			c := l.log(d.Channel)
			if c.settle(d.MessageID) {
				c.Delivered++
			}
			c.Attempts, c.LastError, c.FailingSince, c.RetryAt, c.Dead = 0, "", time.Time{}, time.Time{}, false
		case EventFailed:
			var f Failed
			if json.Unmarshal(e.Data, &f) != nil {
				continue
			}
			l.failed(e.At, f)
		}
	}
	return l
}

func (l *Ledger) failed(at time.Time, f Failed) {
	c := l.log(f.Channel)
	if !f.Rejected {
		if c.FailingSince.IsZero() {
			c.FailingSince = at
		}
		c.Attempts, c.LastError, c.RetryAt, c.Dead = f.Attempt, f.Error, f.RetryAt, f.Dead
		return
	}
	if c.settle(f.MessageID) {
		kind := f.Kind
		if kind == "" {
			kind = l.kindOf(f.MessageID)
		}
		c.Undelivered = append(c.Undelivered, Rejection{MessageID: f.MessageID, Kind: kind, At: at, Error: f.Error})
	}
	c.Attempts, c.LastError, c.FailingSince, c.RetryAt, c.Dead = 0, "", time.Time{}, time.Time{}, false
}

func (l *Ledger) log(name string) *ChannelLog {
	c, ok := l.Channels[name]
	if !ok {
		c = &ChannelLog{settled: map[string]bool{}}
		l.Channels[name] = c
	}
	return c
}

func (l *Ledger) kindOf(id string) Kind {
	for _, m := range l.Messages {
		if m.ID == id {
			return m.Kind
		}
	}
	return ""
}

// enqueue adds m to Pending in source order.
func (c *ChannelLog) enqueue(m Message) {
	seq, ok := messageSeq(m.ID)
	i := len(c.Pending)
	for ok && i > 0 {
		if prev, pok := messageSeq(c.Pending[i-1].ID); !pok || prev <= seq {
			break
		}
		i--
	}
	c.Pending = slices.Insert(c.Pending, i, m)
}

// settle records an outcome for message id: it and every pending message
// before it leave Pending, those before it counted as delivered. It
// reports whether id itself was new (not settled before): the caller
// counts its outcome.
func (c *ChannelLog) settle(id string) bool {
	if c.settled[id] {
		return false
	}
	c.settled[id] = true
	seq, ok := messageSeq(id)
	kept := c.Pending[:0:0]
	for _, m := range c.Pending {
		ms, mok := messageSeq(m.ID)
		switch {
		case m.ID == id:
		case ok && mok && ms < seq:
			c.settled[m.ID] = true
			c.Delivered++
		default:
			kept = append(kept, m)
		}
	}
	c.Pending = kept
	if ok && seq > c.upTo {
		c.upTo = seq
	}
	return true
}

// messageSeq is the journal seq of the event a message was made from: its
// ID is "<incident id>/<seq>". ok is false for other IDs (a test message).
func messageSeq(id string) (seq int, ok bool) {
	i := strings.LastIndexByte(id, '/')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	return n, err == nil
}
