package updates

import "slices"

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
		r := Rejection{MessageID: m.ID, Kind: m.Kind, At: now, Error: reason}
		w.rejected[m.IncidentID] = append(w.rejected[m.IncidentID], r)
		w.settled(m.ID, &r)
		f := Failed{MessageID: m.ID, Channel: w.name, Error: reason, Rejected: true, Kind: m.Kind}
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
