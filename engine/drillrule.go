package engine

import (
	"errors"
	"slices"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// The drill rule: a drill's messages go only to drill = true channels and
// the status page. A message is checked when it is queued
// (recipientsLocked); one already queued to a channel whose drill = true
// is then removed (a reload, or a restart with the new config) is taken
// out unsent and recorded as undelivered (dropDrillsLocked,
// dropOwedDrillsLocked), and a channel's Send refuses any that slips past
// both (drillChannel): nothing of a practice reaches stakeholders who were
// just taken out of it.

// notForDrills is why such a message was not sent, as the journal, the
// post-mortem and `status` say it.
const notForDrills = "not sent: this channel does not take drills now (no drill = true)"

// errNotForDrills is a channel's refusal of a drill's message. It is
// updates.HeldBack (so updates.Unaddressed): caused by the message's
// incident, not the channel, so the outbox records it as undelivered, held
// back, and goes on, and it never counts toward the refusals in a row that
// mark a channel dead.
var errNotForDrills = updates.HeldBack(errors.New(notForDrills))

// takes reports whether channel r gets the messages of an incident that is
// a drill (or not).
func takes(r Registered, drill bool) bool {
	return !drill || r.Drill || r.Type == statusPageType
}

// dropDrillsLocked takes out of the queues of the channels that get no
// drills now every drill message they still owe, and records each as
// undelivered in its incident's journal. Reload calls it. It returns the
// resolved incidents it recorded in, whose post-mortems must be written
// again once e.mu is released. Callers hold e.mu.
func (e *Engine) dropDrillsLocked() (ended []string) {
	for _, r := range e.channels {
		if takes(r, true) {
			continue
		}
		name := r.Channel.Name()
		drops, done := e.outbox.Drop(name, isDrill, notForDrills)
		if !done {
			e.logf("channel %s gets no drills now: it refuses the drill messages it still owes as it comes to them (recorded as undelivered)", name)
			continue
		}
		if len(drops) == 0 {
			continue
		}
		e.logf("channel %s gets no drills now: %s it still owed not sent, recorded as undelivered", name, timefmt.Count(len(drops), "drill message", "drill messages"))
		for _, id := range e.recordDroppedLocked(drops) {
			if !slices.Contains(ended, id) {
				ended = append(ended, id)
			}
		}
	}
	return ended
}

// recordDroppedLocked makes each drop durable in its incident's journal,
// so the ledger owes it no more (a restart does not send it) and the
// post-mortem lists it. It returns the resolved incidents among them.
// A drop that cannot be recorded is only logged: the next start finds the
// message still owed, and drops it again (dropOwedDrillsLocked). Callers
// hold e.mu.
func (e *Engine) recordDroppedLocked(drops []updates.Dropped) (ended []string) {
	for _, d := range drops {
		resolved, err := e.recordLocked(d.IncidentID, updates.EventFailed, d.Failed)
		if err != nil {
			e.logf("warning: message %s, not sent to channel %s (it gets no drills now), could not be recorded as undelivered: %v; the next start drops it again", d.Failed.MessageID, d.Failed.Channel, err)
			continue
		}
		if resolved && !slices.Contains(ended, d.IncidentID) {
			ended = append(ended, d.IncidentID)
		}
	}
	return ended
}

// dropOwedDrillsLocked is dropDrillsLocked for a start: before the outbox
// is handed what incident id still owes (Restore), the drill messages owed
// to configured channels that get no drills now are recorded as
// undelivered, and left out of the ledger it returns for Restore. The
// ledger read is not changed: a snapshot may still be written from it, and
// must agree with the journal it was read from (the records appended now
// come after it). An incident's messages are all a drill's or none, so
// none of its messages left owed precedes a dropped one (a later refusal
// would settle it as delivered). dropped reports whether it recorded any.
// Callers hold e.mu.
func (e *Engine) dropOwedDrillsLocked(id string, st incident.State, ledger *updates.Ledger) (owed *updates.Ledger, dropped bool) {
	if !st.Drill {
		return ledger, false
	}
	var drops []updates.Dropped
	owed, now := ledger, e.now()
	for _, r := range e.channels {
		if takes(r, true) {
			continue
		}
		name := r.Channel.Name()
		var d []updates.Dropped
		owed, d = owed.WithoutOwed(id, name, isDrill, notForDrills, now)
		if len(d) == 0 {
			continue
		}
		drops = append(drops, d...)
		e.logf("channel %s gets no drills now: %s of drill %s it still owed not sent, recorded as undelivered",
			name, timefmt.Count(len(d), "message", "messages"), id)
	}
	if len(drops) == 0 {
		return ledger, false
	}
	e.recordDroppedLocked(drops)
	return owed, true
}

func isDrill(m updates.Message) bool { return m.Drill }
