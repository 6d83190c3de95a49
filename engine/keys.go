package engine

import (
	"time"

	"github.com/keepcool/keepcool/incident"
)

// Idempotency keys. A client sends one random key per command and the same
// key on every retry of it (a reply lost to a timeout must not post a note
// twice). The command's first event carries the key in the journal; a
// request whose key an event of the incident already carries changed
// everything it was going to, so it is answered with the incident as it
// stands. The journal is the set of keys seen, correct after a restart:
// the active incident's are kept in a set as its events are read and
// appended (e.keys: an incident may hold 50,000 events), an ended
// incident's journal is read when a Start or Resolve repeats.

// hasKey reports whether an event of events carries key.
func hasKey(events []incident.Event, key string) bool {
	for i := len(events) - 1; i >= 0; i-- { // a retry follows its first try closely
		if events[i].Key == key {
			return true
		}
	}
	return false
}

// repeatedLocked reports whether a command with key already happened to
// the active incident. Callers hold e.mu.
func (e *Engine) repeatedLocked(key string) bool {
	return key != "" && e.journal != nil && e.keys[key]
}

// repeatedLatestLocked is repeatedLocked for Start and Resolve, whose
// repeat may find the incident they made or ended no longer active: it
// looks at the latest incident too, and returns it as it stands. Callers
// hold e.mu.
func (e *Engine) repeatedLatestLocked(key string) (incident.State, bool) {
	switch {
	case key == "":
		return incident.State{}, false
	case e.journal != nil:
		return e.state, e.keys[key]
	case e.lastID == "":
		return incident.State{}, false
	}
	st, err := e.recorded(e.lastID) // as every reader does: damage and a lost declaration handled
	if err != nil || !hasKey(st.Events, key) {
		return incident.State{}, false
	}
	return st, true
}

// appendKeyedLocked makes an event that carries an idempotency key ("":
// none) durable, then applies it. Callers hold e.mu.
func (e *Engine) appendKeyedLocked(now time.Time, kind string, data any, key string) error {
	ev, err := incident.NewEvent(now, kind, data)
	if err != nil {
		return err
	}
	ev.Key = key
	if ev, err = e.appendEvent(e.journal, ev); err != nil {
		return err
	}
	return e.applyLocked(ev)
}
