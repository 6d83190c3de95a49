package engine

import (
	"strconv"
	"strings"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// requeueLoaded queues what an incident recorded but never queued. When its
// declaration was lost, the rebuilt one stands in for it, so the incident's
// own events are told apart from ones never queued; if no message names
// the lost line, nothing is queued again rather than a second declaration.
func (e *Engine) requeueLoaded(id string, l loaded, ledger *updates.Ledger) error {
	events := l.State.Events
	if d := l.Declared; d != nil {
		if d.Seq == 0 {
			e.logf("warning: incident %s lost its declaration, and no message to stakeholders repeats it: nothing recorded before the restart is queued again", id)
			return nil
		}
		events = append([]incident.Event{*d}, events...)
	}
	if !requeueNeeded(id, events, ledger) {
		return nil
	}
	return e.requeue(events, ledger)
}

// requeueNeeded reports whether an event that sends a message lacks its
// queued message, so requeue's pass over a long incident (every event
// applied again) runs only when it has something to queue. Any note counts,
// as requeue's messageKind would have it.
func requeueNeeded(id string, events []incident.Event, ledger *updates.Ledger) bool {
	queued := make(map[int]bool, len(ledger.Messages))
	for _, m := range ledger.Messages {
		if rest, ok := strings.CutPrefix(m.ID, id+"/"); ok {
			if seq, err := strconv.Atoi(rest); err == nil {
				queued[seq] = true
			}
		}
	}
	for _, ev := range events {
		switch ev.Kind {
		case incident.KindDeclared, incident.KindNote, incident.KindEstimateRevised, incident.KindResolved:
			if !queued[ev.Seq] {
				return true
			}
		}
	}
	return false
}

// drain opens a resolved incident's journal, as read, for the deliveries
// still to be recorded in it; opened later by Record, its warnings would be
// said a second time.
func (e *Engine) drain(id string, l loaded) {
	j, err := incident.ReopenJournal(e.store.path(id), l.contents)
	if err != nil {
		e.logf("warning: %v", err) // Record tries again when it must
		return
	}
	e.draining[id] = j
}
