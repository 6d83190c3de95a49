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
	EventFailed    = "delivery_failed" // one try failed; when the next one is due (or, Rejected, never)
)

// The outbox's kinds decode through the journal's one decoder
// (incident.Event.Decode), as incident's own do.
func init() {
	incident.Register[Queued](EventQueued)
	incident.Register[Delivered](EventDelivered)
	incident.Register[Failed](EventFailed)
}

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
// existed replay as they always did. HeldBack is a Rejected message that
// keepcool itself did not send (a drill's, to a channel that takes none
// now), not one a provider refused; journals written before HeldBack
// existed say so only in Error's words ("not sent: …").
type Failed struct {
	MessageID string    `json:"message_id"`
	Channel   string    `json:"channel"`
	Attempt   int       `json:"attempt"`
	Error     string    `json:"error"`
	RetryAt   time.Time `json:"retry_at,omitzero"`
	Dead      bool      `json:"dead,omitempty"`
	Rejected  bool      `json:"rejected,omitempty"`
	Kind      Kind      `json:"kind,omitempty"` // of the message, when Rejected
	HeldBack  bool      `json:"held_back,omitempty"`
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
	// Messages lists every message queued, in order, by id and kind; the
	// full message is decoded on demand (Message, Tail): a long incident's
	// thousands of delivered messages are never decoded at a start.
	Messages []MessageRef
	Channels map[string]*ChannelLog // by channel name

	earlier int // messages queued before Messages[1] that a snapshot left out (ledger_save.go)
}

// MessageRef is one queued message as the ledger keeps it.
type MessageRef struct {
	ID   string
	Kind Kind

	seq  int    // of its source event; -1 when the id names none
	data []byte // the message as stored
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

	settled    seqSet          // source seqs of message ids with a recorded outcome
	settledIDs map[string]bool // other ids with one (a test message's)
	upTo       int             // the highest source seq with a recorded outcome
	owed       []int           // Pending, as indexes into Ledger.Messages
	unordered  bool            // owed has held a message without a seq
}

// Settled reports whether the channel has an outcome (delivered or
// rejected) for message id, or for a later message: delivery is in order,
// so a later outcome means this one was handled too.
func (c *ChannelLog) Settled(id string) bool {
	seq, ok := MessageSeq(id)
	if !ok {
		return c.settledIDs[id]
	}
	return seq <= c.upTo || c.settled.has(seq)
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
//
// Only what is still owed is decoded in full (Pending); the outcomes are
// read without encoding/json (ledger_scan.go). A pending message that cannot
// be decoded is left out of Pending: it cannot be sent.
func Replay(events []incident.Event) *Ledger {
	l := &Ledger{Channels: map[string]*ChannelLog{}}
	l.Add(events)
	return l
}

// Add replays more events of the incident into l, as Replay does.
func (l *Ledger) Add(events []incident.Event) {
	for _, e := range events {
		switch e.Kind {
		case EventQueued:
			l.queued(e.Data)
		case EventDelivered:
			id, name, ok := scanDelivered(e.Data)
			if !ok {
				continue
			}
			c := l.logOf(name)
			if c.settle(l, id) {
				c.Delivered++
			}
			c.Attempts, c.LastError, c.FailingSince, c.RetryAt, c.Dead = 0, "", time.Time{}, time.Time{}, false
		case EventFailed:
			if f, err := e.Decode(); err == nil {
				l.failed(e.At, f.(Failed))
			}
		}
	}
	l.decodePending()
}

// Count is how many messages were queued, Messages and those a snapshot
// left out.
func (l *Ledger) Count() int { return l.earlier + len(l.Messages) }

// queued adds one EventQueued's message and owes it to its channels.
func (l *Ledger) queued(data []byte) {
	id, kind, msg, channels, ok := scanQueued(data)
	if !ok {
		return
	}
	seq, sok := MessageSeq(id)
	if !sok {
		seq = -1
	}
	l.Messages = append(l.Messages, MessageRef{ID: id, Kind: kind, seq: seq, data: msg})
	i := len(l.Messages) - 1
	for _, name := range channels {
		if c := l.logOf(name); !c.Settled(id) {
			c.enqueue(l, i)
		}
	}
}

func (l *Ledger) failed(at time.Time, f Failed) {
	c := l.logOf([]byte(f.Channel))
	if !f.Rejected && c.Settled(f.MessageID) {
		// A try's failure recorded after the message was settled: the
		// worker records after releasing the outbox's lock, and Drop may
		// journal the message's rejection meanwhile. It is not the
		// channel's state.
		return
	}
	if !f.Rejected {
		if c.FailingSince.IsZero() {
			c.FailingSince = at
		}
		c.Attempts, c.LastError, c.RetryAt, c.Dead = f.Attempt, f.Error, f.RetryAt, f.Dead
		return
	}
	if c.settle(l, f.MessageID) {
		kind := f.Kind
		if kind == "" {
			kind = l.kindOf(f.MessageID)
		}
		c.Undelivered = append(c.Undelivered, Rejection{MessageID: f.MessageID, Kind: kind, At: at, Error: f.Error})
	}
	c.Attempts, c.LastError, c.FailingSince, c.RetryAt, c.Dead = 0, "", time.Time{}, time.Time{}, false
}

// logOf is the named channel's log, made on first use. The name is only
// copied for a new channel.
func (l *Ledger) logOf(name []byte) *ChannelLog {
	c, ok := l.Channels[string(name)]
	if !ok {
		c = &ChannelLog{settledIDs: map[string]bool{}}
		l.Channels[string(name)] = c
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

// Message decodes the i-th message in full.
func (l *Ledger) Message(i int) (Message, error) {
	var m Message
	err := json.Unmarshal(l.Messages[i].data, &m)
	return m, err
}

// Tail decodes the first message (the declaration: it holds the
// situation) and the latest, n in all at most, in order; a message that
// cannot be decoded is left out. A ledger restored from a snapshot keeps
// the first and at least the latest 50.
func (l *Ledger) Tail(n int) []Message {
	var out []Message
	for i := range l.Messages {
		if i > 0 && i < len(l.Messages)-(n-1) {
			continue
		}
		if m, err := l.Message(i); err == nil {
			out = append(out, m)
		}
	}
	return out
}

// decodePending turns what each channel still owes into Pending, decoding
// each message once however many channels owe it.
func (l *Ledger) decodePending() {
	decoded := map[int]*Message{}
	for _, c := range l.Channels {
		c.Pending = nil
		for _, i := range c.owed {
			m, ok := decoded[i]
			if !ok {
				if d, err := l.Message(i); err == nil {
					m = &d
				}
				decoded[i] = m
			}
			if m != nil {
				c.Pending = append(c.Pending, *m)
			}
		}
	}
}
