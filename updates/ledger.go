package updates

import (
	"encoding/json"
	"time"

	"github.com/keepcool/keepcool/incident"
)

// Journal event kinds of the outbox. They are stored: never rename one.
const (
	EventQueued    = "message_queued"  // a message and the channels it goes to, before any try
	EventDelivered = "delivered"       // one channel got one message
	EventFailed    = "delivery_failed" // one try failed; when the next one is due
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

// Failed is the data of an EventFailed.
type Failed struct {
	MessageID string    `json:"message_id"`
	Channel   string    `json:"channel"`
	Attempt   int       `json:"attempt"`
	Error     string    `json:"error"`
	RetryAt   time.Time `json:"retry_at,omitzero"`
	Dead      bool      `json:"dead,omitempty"`
}

// Ledger is the delivery state of one incident, replayed from its journal:
// what each channel still owes, in order, and how it has fared.
type Ledger struct {
	Messages []Message              // every message, in order
	Channels map[string]*ChannelLog // by channel name
}

// ChannelLog is one channel's deliveries within one incident.
type ChannelLog struct {
	Pending      []Message // queued, not yet delivered, oldest first
	Delivered    int
	Attempts     int       // failed tries of the oldest pending message
	LastError    string    // of the latest failure, if the channel is failing
	FailingSince time.Time // first failure of the current streak
	RetryAt      time.Time
	Dead         bool
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
func Replay(events []incident.Event) *Ledger {
	l := &Ledger{Channels: map[string]*ChannelLog{}}
	log := func(name string) *ChannelLog {
		c, ok := l.Channels[name]
		if !ok {
			c = &ChannelLog{}
			l.Channels[name] = c
		}
		return c
	}
	for _, e := range events {
		switch e.Kind {
		case EventQueued:
			var q Queued
			if json.Unmarshal(e.Data, &q) != nil {
				continue
			}
			l.Messages = append(l.Messages, q.Message)
			for _, name := range q.Channels {
				c := log(name)
				c.Pending = append(c.Pending, q.Message)
			}
		case EventDelivered:
			var d Delivered
			if json.Unmarshal(e.Data, &d) != nil {
				continue
			}
			c := log(d.Channel)
			if removePending(c, d.MessageID) {
				c.Delivered++
			}
			c.Attempts, c.LastError, c.FailingSince, c.RetryAt, c.Dead = 0, "", time.Time{}, time.Time{}, false
		case EventFailed:
			var f Failed
			if json.Unmarshal(e.Data, &f) != nil {
				continue
			}
			c := log(f.Channel)
			if c.FailingSince.IsZero() {
				c.FailingSince = e.At
			}
			c.Attempts, c.LastError, c.RetryAt, c.Dead = f.Attempt, f.Error, f.RetryAt, f.Dead
		}
	}
	return l
}

func removePending(c *ChannelLog, id string) bool {
	for i, m := range c.Pending {
		if m.ID == id {
			c.Pending = append(c.Pending[:i:i], c.Pending[i+1:]...)
			return true
		}
	}
	return false
}
