package engine

import "sync"

// appendFaults holds, for an engine under test, what some of its appends
// fail with, as a full disk fails them: its EventQueued appends (a
// command's event was stored, its message's record was not) and its
// delivery records. Only tests store here (publish_test.go); it is keyed
// by engine so tests stay independent. The seam belongs in Engine, which
// this file does not own.
var appendFaults sync.Map // *Engine → faults

type faults struct {
	queue, record error // EventQueued; the outbox's records
}

func (e *Engine) faults() faults {
	if f, ok := appendFaults.Load(e); ok {
		return f.(faults)
	}
	return faults{}
}
