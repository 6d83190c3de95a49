package engine

import (
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
	return e.requeue(events, ledger)
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
