package postmortem

import (
	"strconv"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// script writes an incident's journal on a fixed clock, as the engine
// would: each event with the next seq, and a message queued for the
// events stakeholders hear of, promising the next update cadence later.
type script struct {
	t       testing.TB
	now     time.Time
	id      string
	cadence time.Duration
	events  []incident.Event
	to      []string // the channels messages are queued to
}

func newScript(t testing.TB, start time.Time) *script {
	return &script{t: t, now: start, id: "20261123-093000-checkout-down", cadence: 15 * time.Minute, to: []string{"slack"}}
}

// after moves the clock on.
func (s *script) after(d time.Duration) *script { s.now = s.now.Add(d); return s }

// add appends an event of kind with data at the current time.
func (s *script) add(kind string, data any) incident.Event {
	s.t.Helper()
	e, err := incident.NewEvent(s.now, kind, data)
	if err != nil {
		s.t.Fatal(err)
	}
	e.Seq = len(s.events) + 1
	s.events = append(s.events, e)
	return e
}

// publish queues the message of trigger to the script's channels,
// promising the next update by (zero: none, the all-clear).
func (s *script) publish(kind updates.Kind, trigger incident.Event, by time.Time) string {
	m := updates.Message{ID: s.id + "/" + strconv.Itoa(trigger.Seq), Kind: kind, At: trigger.At, IncidentID: s.id, NextUpdateBy: by}
	s.add(updates.EventQueued, updates.Queued{Message: m, Channels: s.to})
	return m.ID
}

// say adds an event and publishes it with the usual promise: cadence from now.
func (s *script) say(kind string, data any, msg updates.Kind) string {
	e := s.add(kind, data)
	by := s.now.Add(s.cadence)
	if msg == updates.KindResolved {
		by = time.Time{}
	}
	return s.publish(msg, e, by)
}

func (s *script) declare(d incident.Declared) string {
	d.ID = s.id
	return s.say(incident.KindDeclared, d, updates.KindDeclared)
}

func (s *script) note(text string) string {
	return s.say(incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: text}, updates.KindNote)
}

func (s *script) noChange() string {
	return s.say(incident.KindNote, incident.NoteAdded{Kind: incident.NoteNoChange}, updates.KindNoChange)
}

func (s *script) holding(promised time.Time) string {
	return s.say(incident.KindNote, incident.NoteAdded{Kind: incident.NoteHolding, Text: "We are still working on it.", Promised: promised}, updates.KindHolding)
}

func (s *script) estimate(eta time.Duration, spread time.Duration, why string) string {
	est := incident.Estimate{MinAt: s.now.Add(eta), MaxAt: s.now.Add(eta + spread)}
	return s.say(incident.KindEstimateRevised, incident.EstimateRevised{Estimate: est, Why: why}, updates.KindEstimate)
}

func (s *script) resolve(summary, rootCause string) string {
	return s.say(incident.KindResolved, incident.Resolution{Summary: summary, RootCause: rootCause}, updates.KindResolved)
}

// state replays the script's journal.
func (s *script) state() incident.State {
	s.t.Helper()
	st, errs := incident.Project(s.events)
	if len(errs) > 0 {
		s.t.Fatal(errs)
	}
	return st
}

// estimateIn is an estimate of lo to hi from now.
func (s *script) estimateIn(lo, hi time.Duration) incident.Estimate {
	return incident.Estimate{MinAt: s.now.Add(lo), MaxAt: s.now.Add(hi)}
}

var t0 = time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)

// link links the incident to a tool's incident, as `keepcool link` does:
// a summary (Recap) is queued to that tool's channel pd, repeating the
// promise in force (by).
func (s *script) link(typ, id string, by time.Time) string {
	e := s.add(incident.KindLinked, incident.Linked{Type: typ, ID: id})
	m := updates.Message{ID: s.id + "/" + strconv.Itoa(e.Seq), Kind: updates.KindDeclared, Recap: true, At: e.At, IncidentID: s.id, NextUpdateBy: by}
	s.add(updates.EventQueued, updates.Queued{Message: m, Channels: []string{"pd"}})
	return m.ID
}
