package updates

import (
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// SavedLedger is a ledger as a snapshot keeps it, so that a start replays
// only the events after the snapshot (Ledger.Add): what every channel
// owes, how it fared and which outcomes it has, and of the messages only
// the first, the owed ones and the latest, as stored.
type SavedLedger struct {
	Messages []json.RawMessage       `json:"messages"`
	Earlier  int                     `json:"earlier"` // messages left out
	Channels map[string]SavedChannel `json:"channels"`
}

// SavedChannel is a ChannelLog as a snapshot keeps it.
type SavedChannel struct {
	Owed         []int       `json:"owed"` // indexes into SavedLedger.Messages
	Delivered    int         `json:"delivered"`
	Undelivered  []Rejection `json:"undelivered,omitempty"`
	Attempts     int         `json:"attempts,omitempty"`
	LastError    string      `json:"last_error,omitempty"`
	FailingSince time.Time   `json:"failing_since,omitzero"`
	RetryAt      time.Time   `json:"retry_at,omitzero"`
	Dead         bool        `json:"dead,omitempty"`
	Settled      []uint64    `json:"settled"` // seqSet
	SettledIDs   []string    `json:"settled_ids,omitempty"`
	UpTo         int         `json:"up_to"`
}

// Save is l as a snapshot keeps it, with the latest keep messages.
func (l *Ledger) Save(keep int) SavedLedger {
	kept := map[int]bool{0: true}
	for i := max(0, len(l.Messages)-keep); i < len(l.Messages); i++ {
		kept[i] = true
	}
	for _, c := range l.Channels {
		for _, i := range c.owed {
			kept[i] = true
		}
	}
	order := slices.Sorted(maps.Keys(kept))
	if len(l.Messages) == 0 {
		order = nil
	}
	at := make(map[int]int, len(order))
	s := SavedLedger{Earlier: l.earlier + len(l.Messages) - len(order), Channels: map[string]SavedChannel{}}
	for n, i := range order {
		at[i] = n
		s.Messages = append(s.Messages, l.Messages[i].data)
	}
	for name, c := range l.Channels {
		sc := SavedChannel{Delivered: c.Delivered, Undelivered: c.Undelivered, Attempts: c.Attempts,
			LastError: c.LastError, FailingSince: c.FailingSince, RetryAt: c.RetryAt, Dead: c.Dead,
			Settled: c.settled, UpTo: c.upTo, Owed: []int{}}
		for _, i := range c.owed {
			sc.Owed = append(sc.Owed, at[i])
		}
		for id := range c.settledIDs {
			sc.SettledIDs = append(sc.SettledIDs, id)
		}
		s.Channels[name] = sc
	}
	return s
}

// RestoreLedger is the ledger s was saved from, ready for Add. It is false
// when s does not hold together (a message it cannot read, an index out of
// range): the caller replays the whole journal instead.
func RestoreLedger(s SavedLedger) (*Ledger, bool) {
	l := &Ledger{Channels: map[string]*ChannelLog{}, earlier: s.Earlier}
	for _, raw := range s.Messages {
		id, kind, ok := scanMessage(raw)
		if !ok {
			return nil, false
		}
		seq, sok := MessageSeq(id)
		if !sok {
			seq = -1
		}
		l.Messages = append(l.Messages, MessageRef{ID: id, Kind: kind, seq: seq, data: raw})
	}
	for name, sc := range s.Channels {
		c := &ChannelLog{Delivered: sc.Delivered, Undelivered: sc.Undelivered, Attempts: sc.Attempts,
			LastError: sc.LastError, FailingSince: sc.FailingSince, RetryAt: sc.RetryAt, Dead: sc.Dead,
			settled: sc.Settled, settledIDs: map[string]bool{}, upTo: sc.UpTo}
		for _, id := range sc.SettledIDs {
			c.settledIDs[id] = true
		}
		for _, i := range sc.Owed {
			if i < 0 || i >= len(l.Messages) {
				return nil, false
			}
			c.owed = append(c.owed, i)
			c.unordered = c.unordered || l.Messages[i].seq < 0
		}
		l.Channels[name] = c
	}
	l.decodePending()
	return l, true
}
