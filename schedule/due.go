// Package schedule decides when keepcool must act during an incident. Due and
// Next are pure functions of the incident's state and the wall clock, so a
// restart, a laptop waking from sleep or a clock change can never make a
// prompt vanish or fire twice: whatever was acted on is in the journal.
package schedule

import (
	"time"

	"github.com/keepcool/keepcool/incident"
)

// Policy is the rhythm of updates.
type Policy struct {
	Cadence           time.Duration         // ask for an update this long after the last one
	Grace             time.Duration         // after a missed promise, wait this long, then send a holding message
	CadenceBySeverity map[int]time.Duration // per-severity cadence overrides
}

// CadenceFor returns the cadence for an incident of severity sev.
func (p Policy) CadenceFor(sev int) time.Duration {
	if c, ok := p.CadenceBySeverity[sev]; ok && c > 0 {
		return c
	}
	return p.Cadence
}

// ActionKind is what is due.
type ActionKind int

// What Due can ask for.
const (
	// SendHolding: the promised update time plus grace passed with no update;
	// tell stakeholders we are still on it and record a missed update.
	SendHolding ActionKind = iota + 1
	// PromptUpdate: ask the engineer for a one-line progress note.
	PromptUpdate
	// PromptEstimate: the estimate's upper bound passed; ask for a new one.
	PromptEstimate
)

func (k ActionKind) String() string {
	switch k {
	case SendHolding:
		return "holding"
	case PromptUpdate:
		return "prompt-update"
	case PromptEstimate:
		return "prompt-estimate"
	}
	return "unknown"
}

// Action is one thing that is due. Promised is the update time it
// concerns; For is what to record as asked about (incident.Prompted.For).
type Action struct {
	Kind     ActionKind
	Promised time.Time
	For      time.Time
}

// NextUpdateDue is the time stakeholders were promised the next update.
func NextUpdateDue(s incident.State, p Policy) time.Time {
	return s.LastUpdateAt.Add(p.CadenceFor(s.Severity))
}

// HoldingAt is when a holding message goes to stakeholders unless an
// update comes first: the promise plus grace.
func HoldingAt(s incident.State, p Policy) time.Time {
	return NextUpdateDue(s, p).Add(p.Grace)
}

// Due returns what is due at now, in the order to act on it: a holding
// message first (it moves the promise forward), then the prompts. Acting on
// an action means recording it in the journal, after which Due no longer
// returns it: however far the clock jumped, each is returned once.
func Due(s incident.State, now time.Time, p Policy) []Action {
	if !s.Active() || p.CadenceFor(s.Severity) <= 0 {
		return nil
	}
	var due []Action
	promised := NextUpdateDue(s, p)
	if !now.Before(HoldingAt(s, p)) {
		due = append(due, Action{Kind: SendHolding, Promised: promised})
	}
	if at, ok := promptAt(s, p); ok && !now.Before(at) {
		due = append(due, Action{Kind: PromptUpdate, Promised: promised, For: promised})
	}
	if at, ok := estimatePromptAt(s); ok && !now.Before(at) {
		due = append(due, Action{Kind: PromptEstimate, Promised: promised, For: s.Estimate.MaxAt})
	}
	return due
}

// Next returns the earliest time after now at which Due may return
// something, or the zero time when nothing is scheduled.
func Next(s incident.State, now time.Time, p Policy) time.Time {
	if !s.Active() || p.CadenceFor(s.Severity) <= 0 {
		return time.Time{}
	}
	var next time.Time
	consider := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	consider(HoldingAt(s, p))
	if at, ok := promptAt(s, p); ok {
		consider(at)
	}
	if at, ok := estimatePromptAt(s); ok {
		consider(at)
	}
	return next
}

// NextPrompt is when the engineer will next be asked for an update, if a
// prompt is still to come in the current window.
func NextPrompt(s incident.State, p Policy) (time.Time, bool) {
	if !s.Active() {
		return time.Time{}, false
	}
	return promptAt(s, p)
}

// promptAt is when to ask the engineer for the next update — at the
// promised time, or when a snooze that runs past it ends — and false when
// this window was already asked about and no snooze asks again.
func promptAt(s incident.State, p Policy) (time.Time, bool) {
	promised := NextUpdateDue(s, p)
	if s.LastPromptFor.Equal(promised) && !s.SnoozePending {
		return time.Time{}, false
	}
	return snoozed(s, promised), true
}

// estimatePromptAt is when to ask for a new estimate: once per estimate,
// when its upper bound passes (or a pending snooze ends).
func estimatePromptAt(s incident.State) (time.Time, bool) {
	if s.Estimate.MaxAt.IsZero() || s.LastEstimatePromptFor.Equal(s.Estimate.MaxAt) {
		return time.Time{}, false
	}
	return snoozed(s, s.Estimate.MaxAt), true
}

func snoozed(s incident.State, at time.Time) time.Time {
	if s.SnoozePending {
		return later(at, s.SnoozedUntil)
	}
	return at
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
