package engine

import "github.com/keepcool/keepcool/incident"

// The active incident lives in memory as its projected state without its
// events: a long incident's events are most of its journal's bytes (50,000
// of them, 12 MB, at 10,000 notes), and nothing live needs them. What the
// engine needs of them is kept beside the state as events are appended:
// the idempotency keys they carry (keys.go), the channels told anything
// (the all-clear's recipients) and the event appended last. Of its notes it
// holds the latest (State.TrimNotes), which status and the commands'
// answers show. Export and the post-mortem read the journal (recorded).

// setLive makes j and st the active incident. Callers hold e.mu, or run
// before anything else does (resume).
func (e *Engine) setLive(j *incident.Journal, st incident.State) {
	e.journal, e.state = j, st
	e.keys, e.told, e.last = map[string]bool{}, map[string]bool{}, incident.Event{}
}

// endLive leaves no active incident. Callers hold e.mu.
func (e *Engine) endLive() {
	e.drillEndedLocked() // a drill's scripted faults end with it (drill.go)
	e.journal, e.state = nil, incident.State{}
	e.keys, e.told, e.last = nil, nil, incident.Event{}
}

// applyLocked folds an event just appended to the active journal into the
// live state. Callers hold e.mu.
func (e *Engine) applyLocked(ev incident.Event) error {
	e.last = ev
	if ev.Key != "" {
		e.keys[ev.Key] = true
	}
	err := e.state.Fold(ev)
	e.state.TrimNotes(notesBrief)
	return err
}

// lastEvent is the event just appended. Callers hold e.mu.
func (e *Engine) lastEvent() incident.Event { return e.last }
