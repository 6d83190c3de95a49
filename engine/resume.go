package engine

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// resume reopens the active incident, if any, so a restart mid-incident
// picks the schedule up where the journal left it, and hands the outbox
// every delivery a journal says is still owed. Each journal is read once.
func (e *Engine) resume() error {
	// Damage is told in the engine's time style; nothing else runs yet.
	e.store.style = e.TimeStyle()
	ids, err := e.store.ids()
	if err != nil {
		return err
	}
	var recent recentLedgers // the newest, for the status page
	for i, id := range ids {
		ledger, err := e.resumeOne(id, i == len(ids)-1)
		if err != nil {
			return err
		}
		if ledger != nil {
			e.lastID = id
			recent.add(ledger)
		}
	}
	if e.journal != nil {
		e.lastID = e.state.ID
	}
	e.seedPage(recent)
	// A long replay leaves MBs of garbage the runtime would give back over
	// minutes: an app idle in the tray all day gives them back now.
	go debug.FreeOSMemory()
	return nil
}

// resumeOne reads one incident (latest: the newest) and picks up what it
// left: the active one's schedule, its deliveries still owed, its focus
// shield. It returns the incident's ledger, nil when it was skipped.
func (e *Engine) resumeOne(id string, latest bool) (*updates.Ledger, error) {
	l, err := e.store.read(id)
	if err != nil {
		e.logf("warning: incident %s unreadable, skipped: %v", id, err)
		return nil, nil
	}
	for _, w := range l.warnings {
		e.logf("warning: %s", w)
	}
	if l.snapshot == nil && l.contents.Empty() {
		e.logf("warning: incident journal %s holds no event (keepcool stopped while declaring it); set aside as %s.empty", id, id)
		if err := e.store.setAside(id); err != nil {
			e.logf("warning: %v", err)
		}
		return nil, nil
	}
	st, ledger := l.State, l.ledger
	if !st.Active() {
		if _, err := os.Stat(e.store.postMortemPath(id)); errors.Is(err, os.ErrNotExist) {
			e.writePostMortemOf(id, l)
		}
	}
	switch {
	case st.Active():
		if err := e.reopen(id, l); err != nil {
			return nil, err
		}
	case latest || hasPending(ledger):
		e.drain(id, l)
	}
	queued := 0
	if st.Active() || latest {
		if queued, err = e.requeueLoaded(id, l, ledger); err != nil {
			return nil, err
		}
		if queued > 0 { // the ledger as the journal now has it
			if events, _, err := incident.ReadJournal(e.store.path(id)); err == nil {
				ledger = updates.Replay(events)
			}
		}
	}
	e.pickUp(id, st, ledger)
	if queued == 0 && len(l.State.Events) >= e.snapshotEvery() {
		e.checkpointLater(id, l)
	}
	return ledger, nil
}

// pickUp hands on what a read incident left: the channels the active one
// told, its focus shield still up, the deliveries still owed (but not a
// drill's to a channel that gets no drills now).
func (e *Engine) pickUp(id string, st incident.State, ledger *updates.Ledger) {
	if st.Active() {
		e.told = map[string]bool{}
		for _, name := range ledger.Recipients() {
			e.told[name] = true
		}
	}
	if pending := st.ShieldPending(); len(pending) > 0 {
		e.shield.resume(id, pending)
		if !st.Active() {
			e.logf("incident %s ended while its focus shield was up: putting it back", id)
			e.shield.restore(id, "start")
		}
	}
	if st.Active() || hasPending(ledger) {
		e.mu.Lock()
		owed, dropped := e.dropOwedDrillsLocked(id, st, ledger)
		e.mu.Unlock()
		if dropped && !st.Active() {
			e.rewritePostMortem(id) // it lists them now
		}
		for _, name := range e.outbox.Restore(id, owed) {
			e.logf("warning: incident %s still owes messages to channel %q, which is no longer configured", id, name)
		}
	}
}

// writePostMortemOf writes a resolved incident's timeline, which a crash
// kept from being written: from every event (a snapshot keeps the latest
// notes only).
func (e *Engine) writePostMortemOf(id string, l loaded) {
	st := l.State
	if l.snapshot != nil {
		full, err := e.recorded(id)
		if err != nil {
			e.logf("warning: post-mortem of %s not written: %v", id, err)
			return
		}
		st = full
	}
	e.writePostMortem(st, e.timeStyleLocked())
}

// reopen makes a loaded incident the active one, appending to its journal
// as read (a torn last line, already reported, is cut off).
func (e *Engine) reopen(id string, l loaded) error {
	j, err := incident.ReopenJournal(e.store.path(id), l.contents)
	if err != nil {
		return fmt.Errorf("reopen incident %s: %w", id, err)
	}
	if e.journal != nil { // two active incidents: keep the newest, let the older drain
		e.draining[e.state.ID] = e.journal
		e.keepLinks(e.state.ID, e.state.Links)
	}
	st := l.State
	st.Events = nil // the journal has them
	st.TrimNotes(notesBrief)
	e.setLive(j, st)
	for _, k := range l.allKeys() {
		e.keys[k] = true
	}
	e.logf("resumed incident %s %q (%d notes)", l.State.ID, l.State.Title, l.State.NotesTotal())
	return nil
}

func hasPending(l *updates.Ledger) bool {
	for _, c := range l.Channels {
		if len(c.Pending) > 0 {
			return true
		}
	}
	return false
}

// requeueLoaded queues what an incident recorded but never queued, and
// says how many messages. When its
// declaration was lost, the rebuilt one stands in for it, so the incident's
// own events are told apart from ones never queued; if no message names
// the lost line, nothing is queued again rather than a second declaration.
func (e *Engine) requeueLoaded(id string, l loaded, ledger *updates.Ledger) (int, error) {
	events := l.State.Events
	if d := l.Declared; d != nil {
		if d.Seq == 0 {
			e.logf("warning: incident %s lost its declaration, and no message to stakeholders repeats it: nothing recorded before the restart is queued again", id)
			return 0, nil
		}
		events = append([]incident.Event{*d}, events...)
	}
	if !requeueNeeded(id, events, ledger) {
		return 0, nil
	}
	var base incident.State // what came before events: nothing, or a snapshot
	if l.snapshot != nil {
		base = *l.snapshot
	}
	return e.requeue(base, events, ledger)
}

// requeueNeeded reports whether an event that sends a message lacks its
// queued message, so requeue's pass over a long incident (every event
// applied again) runs only when it has something to queue. Any note counts,
// as requeue's messageKind would have it, and a link the engineer made
// (its summary, linkedByEngineer).
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
		if queued[ev.Seq] {
			continue
		}
		switch ev.Kind {
		case incident.KindDeclared, incident.KindNote, incident.KindEstimateRevised, incident.KindResolved:
			return true
		case incident.KindLinked:
			if _, ok := linkedByEngineer(ev); ok {
				return true
			}
		}
	}
	return false
}

// drain opens a resolved incident's journal, as read, for the deliveries
// still to be recorded in it; opened later by Record, its warnings would be
// said a second time. Its messages still owed keep its links.
func (e *Engine) drain(id string, l loaded) {
	e.keepLinks(id, l.State.Links) // its messages still owed go to the incidents it was linked to
	j, err := incident.ReopenJournal(e.store.path(id), l.contents)
	if err != nil {
		e.logf("warning: %v", err) // Record tries again when it must
		return
	}
	e.draining[id] = j
}
