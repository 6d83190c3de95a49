package updates

import (
	"errors"
	"maps"
	"slices"
	"time"
)

// Dropped is one message Drop took out of a channel's queue, unsent: the
// refusal the caller makes durable in the journal of its incident.
type Dropped struct {
	IncidentID string
	Failed     Failed // Rejected, with Drop's reason as its Error
}

// Drop takes out of the named channel's queue, unsent, every message drop
// selects (a drill's, when the channel no longer takes drills), and counts
// each as refused for good with reason: in Status's Undelivered, and for a
// `channels test` waiting on the backlog. It returns them in queue order
// for the caller to record; it records nothing itself, so, unlike a
// refusal the worker meets, they never count toward the refusals in a row
// that mark a channel dead.
//
// A channel that may be sending the head of its queue right now (neither
// dead nor waiting out a backoff) is left as it is, and Drop reports
// !done: taking that message out could record as refused one that is
// being delivered, and a refusal recorded for a later message would settle
// it in the ledger (delivery is in order). The channel's Send must then
// refuse those messages itself, in order.
func (o *Outbox) Drop(name string, drop func(Message) bool, reason string) (dropped []Dropped, done bool) {
	o.mu.Lock()
	defer func() {
		o.mu.Unlock()
		if len(dropped) > 0 {
			o.opts.OnChange()
		}
	}()
	w, ok := o.workers[name]
	if !ok || !slices.ContainsFunc(w.queue, drop) {
		return nil, true
	}
	now := o.opts.Now()
	if !w.dead && !w.retryAt.After(now) {
		return nil, false
	}
	reason = Truncate(reason, 300)
	headGone := drop(w.queue[0])
	kept := make([]Message, 0, len(w.queue))
	for i, m := range w.queue {
		if !drop(m) {
			kept = append(kept, m)
			continue
		}
		f, r := withheld(m, w.name, reason, now)
		w.rejected[m.IncidentID] = append(w.rejected[m.IncidentID], r)
		w.settled(m.ID, &r)
		if i == 0 {
			f.Attempt = w.attempts // the tries it had; the others had none
		}
		dropped = append(dropped, Dropped{IncidentID: m.IncidentID, Failed: f})
	}
	w.queue = kept
	if headGone && !w.dead {
		// The failed tries were the dropped head's, as when its provider
		// refuses it: the next message goes at once. A dead channel stays
		// dead: only a test message proves it fixed.
		w.clearStreak()
		w.poke()
	}
	return dropped, true
}

// WithoutOwed is Drop for a ledger replayed at a start, before the outbox
// is handed it (Restore): l with every message drop selects taken out of
// what the named channel owes, and counted as refused for good with
// reason at now in its Undelivered. It returns them in order, as incident
// incidentID's, for the caller to record. l itself is not changed (a
// snapshot may still be written from it, and must agree with the journal
// it was read from); the ledger returned is for Restore, not for more
// events. With nothing to drop it returns l.
func (l *Ledger) WithoutOwed(incidentID, name string, drop func(Message) bool, reason string, now time.Time) (*Ledger, []Dropped) {
	c := l.Channels[name]
	if c == nil || !slices.ContainsFunc(c.Pending, drop) {
		return l, nil
	}
	reason = Truncate(reason, 300)
	var dropped []Dropped
	left := *c
	left.Pending, left.Undelivered = nil, slices.Clone(c.Undelivered)
	for _, m := range c.Pending {
		if !drop(m) {
			left.Pending = append(left.Pending, m)
			continue
		}
		f, r := withheld(m, name, reason, now)
		left.Undelivered = append(left.Undelivered, r)
		dropped = append(dropped, Dropped{IncidentID: incidentID, Failed: f})
	}
	out := *l
	out.Channels = maps.Clone(l.Channels)
	out.Channels[name] = &left
	return &out, dropped
}

// withheld is the record of message m not sent to channel, for reason, at
// now: the event the journal keeps (with no tries: the caller sets them)
// and the refusal the channel counts.
func withheld(m Message, channel, reason string, now time.Time) (Failed, Rejection) {
	f := Failed{MessageID: m.ID, Channel: channel, Error: reason, Rejected: true, Kind: m.Kind, HeldBack: true}
	return f, Rejection{MessageID: m.ID, Kind: m.Kind, At: now, Error: reason}
}

// HeldBack wraps err, why keepcool itself does not send a message to a
// channel (a drill's, to one that takes none now), for that channel's Send
// to return. It is Unaddressed: the outbox records the message as
// undelivered, with HeldBack set, and it never counts toward the refusals
// in a row that mark a channel dead.
func HeldBack(err error) error { return &heldBackError{Unaddressed(err)} }

// IsHeldBack reports whether err is a HeldBack refusal.
func IsHeldBack(err error) bool {
	var h *heldBackError
	return errors.As(err, &h)
}

type heldBackError struct{ err error }

func (e *heldBackError) Error() string { return e.err.Error() }
func (e *heldBackError) Unwrap() error { return e.err }
