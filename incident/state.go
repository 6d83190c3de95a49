package incident

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// State is an incident as its journal tells it. Build it with Project, or
// keep it current with Apply.
type State struct {
	ID         string
	Title      string
	Severity   int
	Impact     string
	Engineer   string
	Known      string
	Unknown    string
	Plan       string
	Drill      bool
	DeclaredAt time.Time
	StartedAt  time.Time // when the trouble began, if said; zero otherwise
	Scenario   string    // the drill's scenario, if any

	// Links name the incident's counterparts in other tools, by channel
	// type (Declared.Links).
	Links map[string]string

	// Runbook is the runbook chosen at the declaration (nil: none), and
	// Checklist its items as they stand.
	Runbook   *Runbook
	Checklist []ChecklistItem

	Estimate  Estimate
	Revisions []Revision
	Status    Status
	Notes     []Note
	// EarlierNotes counts the notes before Notes[0] that this state no
	// longer holds (TrimNotes): the engine's live state keeps the latest.
	EarlierNotes int

	// LastUpdateAt is when stakeholders were last told anything: the
	// declaration, a note, a holding message, a new estimate or status.
	LastUpdateAt time.Time
	// LastPromptAt is when the engineer was last asked for an update, and
	// LastPromptFor the promised time that prompt was about;
	// LastEstimatePromptFor is the estimate bound last asked about.
	LastPromptAt          time.Time
	LastPromptFor         time.Time
	LastEstimatePromptFor time.Time
	// SnoozedUntil delays prompts; SnoozePending says a snooze came after
	// the last update prompt, so its end asks again.
	SnoozedUntil  time.Time
	SnoozePending bool
	MissedUpdates int

	ResolvedAt time.Time
	Summary    string
	RootCause  string

	// Shield is, per focus back-end, what it saved before raising the
	// shield and whether that has been put back.
	Shield map[string]ShieldEntry

	// Events is the journal as replayed: the timeline. The engine's live
	// state has none (see Fold): it reads the journal when it needs them.
	Events []Event

	// Damage says what of the journal could not be read ("line 7 of the
	// journal is damaged and was skipped"), for status, the timeline and
	// the export. Set by whoever read the journal, not by Apply.
	Damage []string
}

// ChecklistItem is one item of the incident's checklist.
type ChecklistItem struct {
	Text   string
	Done   bool
	DoneAt time.Time
	Note   string
}

// ShieldEntry is one focus back-end's part in an incident.
type ShieldEntry struct {
	Saved    json.RawMessage
	Restored bool
}

// ShieldPending lists the back-ends whose saved state is not yet put back,
// with what they saved.
func (s State) ShieldPending() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for name, e := range s.Shield {
		if !e.Restored {
			out[name] = e.Saved
		}
	}
	return out
}

// Revision is one change of the estimate.
type Revision struct {
	At   time.Time `json:"at"`
	From Estimate  `json:"from"`
	To   Estimate  `json:"to"`
	Why  string    `json:"why,omitempty"`
}

// Note is one update as stakeholders saw it.
type Note struct {
	At       time.Time `json:"at"`
	Kind     NoteKind  `json:"kind"`
	Text     string    `json:"text"`
	Promised time.Time `json:"-"`
}

// NotesTotal counts every note of the incident, held or not.
func (s *State) NotesTotal() int { return s.EarlierNotes + len(s.Notes) }

// TrimNotes keeps the latest keep notes once it holds twice as many,
// counting the others in EarlierNotes.
func (s *State) TrimNotes(keep int) {
	if len(s.Notes) < 2*keep || keep <= 0 {
		return
	}
	drop := len(s.Notes) - keep
	s.EarlierNotes += drop
	s.Notes = append([]Note(nil), s.Notes[drop:]...)
}

// Active reports whether the incident is declared and not yet resolved.
func (s *State) Active() bool { return s.ID != "" && s.Status != Resolved }

// Project replays events into a State. Events it cannot decode are skipped
// and reported, so one bad event never hides the rest of the incident.
// The state's Events share events' array (capped, so an Apply copies it
// first) when every event applies: a long incident is not held twice.
func Project(events []Event) (State, []error) {
	var s State
	var errs []error
	failed := map[int]bool{}
	for i, e := range events {
		if err := s.apply(e); err != nil {
			errs = append(errs, fmt.Errorf("event %d (%s): %w", e.Seq, e.Kind, err))
			failed[i] = true
		}
	}
	if len(failed) == 0 {
		s.Events = events[:len(events):len(events)]
		return s, nil
	}
	for i, e := range events {
		if !failed[i] {
			s.Events = append(s.Events, e)
		}
	}
	return s, errs
}

// Apply folds one event into the state. Unknown kinds are kept in the
// timeline and otherwise ignored, so an older keepcool can read a newer
// journal.
func (s *State) Apply(e Event) error {
	if err := s.Fold(e); err != nil {
		return err
	}
	s.Events = append(s.Events, e)
	return nil
}

// Fold is Apply without keeping e in Events: for a state that lives as
// long as its incident (the engine's), whose timeline is its journal on
// disk. A long incident's events are most of its journal's bytes.
func (s *State) Fold(e Event) error {
	if err := s.apply(e); err != nil {
		return fmt.Errorf("event %d (%s): %w", e.Seq, e.Kind, err)
	}
	return nil
}

func (s *State) apply(e Event) error {
	if !folded[e.Kind] {
		return nil
	}
	v, err := e.Decode()
	if err != nil {
		return err
	}
	switch d := v.(type) {
	case Declared:
		s.declare(d, e.At)
	case NoteAdded:
		s.Notes = append(s.Notes, Note{At: e.At, Kind: d.Kind, Text: d.Text, Promised: d.Promised})
		if d.Kind == NoteHolding {
			s.MissedUpdates++
		}
		s.LastUpdateAt = e.At
	case EstimateRevised:
		s.Revisions = append(s.Revisions, Revision{At: e.At, From: s.Estimate, To: d.Estimate, Why: d.Why})
		s.Estimate, s.LastUpdateAt = d.Estimate, e.At
	case StatusChanged:
		s.Status, s.LastUpdateAt = d.Status, e.At
	case Snoozed:
		s.SnoozedUntil, s.SnoozePending = d.Until, true
	case Prompted:
		if d.Reason == PromptEstimate {
			s.LastEstimatePromptFor = d.For
		} else {
			s.LastPromptAt, s.LastPromptFor, s.SnoozePending = e.At, d.For, false
		}
	case Resolution:
		s.Status, s.ResolvedAt, s.Summary, s.RootCause = Resolved, e.At, d.Summary, d.RootCause
	case ChecklistTicked:
		if d.Item < 1 || d.Item > len(s.Checklist) {
			return fmt.Errorf("checklist item %d: the checklist has %d", d.Item, len(s.Checklist))
		}
		s.Checklist = slices.Clone(s.Checklist) // a copy of the state may share it
		s.Checklist[d.Item-1] = ChecklistItem{Text: s.Checklist[d.Item-1].Text, Done: true, DoneAt: e.At, Note: d.Note}
	case ShieldSaved:
		if s.Shield == nil {
			s.Shield = map[string]ShieldEntry{}
		}
		s.Shield[d.Backend] = ShieldEntry{Saved: d.Saved}
	case Linked:
		s.link(d)
	case ShieldRestored:
		if entry, ok := s.Shield[d.Backend]; ok {
			entry.Restored = true
			s.Shield[d.Backend] = entry
		}
	}
	return nil
}

// folded are the kinds whose data apply reads. It keeps every other event
// (a drill's scripted events, the outbox's records, a newer keepcool's
// kinds) in the timeline undecoded: a long incident's messages are not
// decoded at every start.
var folded = map[string]bool{
	KindDeclared: true, KindNote: true, KindEstimateRevised: true, KindStatusChanged: true,
	KindSnoozed: true, KindPrompted: true, KindResolved: true, KindChecklistTicked: true,
	KindShieldSaved: true, KindShieldRestored: true, KindLinked: true,
}

// declare starts the incident d, declared at at.
func (s *State) declare(d Declared, at time.Time) {
	s.ID, s.Title, s.Severity, s.Impact = d.ID, d.Title, d.Severity, d.Impact
	s.Engineer, s.Known, s.Unknown, s.Plan = d.Engineer, d.Known, d.Unknown, d.Plan
	s.Drill, s.Estimate, s.Status = d.Drill, d.Estimate, Investigating
	s.DeclaredAt, s.LastUpdateAt = at, at
	s.StartedAt, s.Scenario, s.Runbook, s.Checklist = d.StartedAt, d.Scenario, d.Runbook, nil
	s.Links = d.Links
	if d.Runbook != nil {
		for _, it := range d.Runbook.Items {
			s.Checklist = append(s.Checklist, ChecklistItem{Text: it})
		}
	}
}
