// Package incident is keepcool's domain: an incident, the events that change
// it, the append-only journal that stores them and the projection that
// rebuilds the incident's state from them. Pure Go: no UI, no network, and no
// clock of its own — every time comes in as a parameter.
package incident

import (
	"encoding/json"
	"fmt"
	"time"
)

// Event is one fact about an incident, as stored in its journal.
type Event struct {
	Seq  int             `json:"seq"`
	At   time.Time       `json:"at"`
	Kind string          `json:"kind"`
	Data json.RawMessage `json:"data,omitempty"`
	// Key is the idempotency key of the request that made this event (its
	// first event only): a repeat of that request changes nothing.
	Key string `json:"key,omitempty"`
}

// Event kinds. They are stored on disk: never rename one.
const (
	KindDeclared        = "declared"
	KindNote            = "note"
	KindEstimateRevised = "estimate_revised"
	KindStatusChanged   = "status_changed"
	KindSnoozed         = "snoozed"
	KindPrompted        = "prompted"
	KindResolved        = "resolved"
	KindShieldSaved     = "shield_saved"
	KindShieldRestored  = "shield_restored"
	// KindChecklistTicked: the engineer ticked an item of the runbook's
	// checklist (ChecklistTicked).
	KindChecklistTicked = "checklist_ticked"
	// KindScenarioEvent: a drill scenario's scripted event happened
	// (ScenarioEvent), e.g. a channel made to fail at +5 min.
	KindScenarioEvent = "scenario_event"
)

// Declared is the data of a KindDeclared event.
type Declared struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity int      `json:"severity"`
	Impact   string   `json:"impact,omitempty"`
	Engineer string   `json:"engineer,omitempty"`
	Known    string   `json:"known,omitempty"`
	Unknown  string   `json:"unknown,omitempty"`
	Plan     string   `json:"plan,omitempty"`
	Drill    bool     `json:"drill,omitempty"`
	Estimate Estimate `json:"estimate"`
	// StartedAt is when the trouble began, if the engineer said
	// (`start --started`): the post-mortem's time to declare counts from it.
	StartedAt time.Time `json:"started_at,omitzero"`
	// Scenario names the drill scenario this drill runs (drills/NAME).
	Scenario string `json:"scenario,omitempty"`
	// Runbook is the runbook chosen at the declaration, as it read then:
	// its checklist is the incident's.
	Runbook *Runbook `json:"runbook,omitempty"`
	// Links name the incident's counterparts in other tools, by channel
	// type (api.StartRequest.Links).
	Links map[string]string `json:"links,omitempty"`
}

// Runbook is a runbook as an incident keeps it: its name, its checklist
// (the `- [ ]` items, in order) and its back-out plan.
type Runbook struct {
	Name    string   `json:"name"`
	Items   []string `json:"items,omitempty"`
	BackOut string   `json:"back_out,omitempty"`
}

// ChecklistTicked is the data of a KindChecklistTicked event. Item counts
// from 1, as `keepcool runbook` numbers them; Text is the item as it read.
type ChecklistTicked struct {
	Item int    `json:"item"`
	Text string `json:"text"`
	Note string `json:"note,omitempty"` // the engineer's own words, for the record only
}

// ScenarioEvent is the data of a KindScenarioEvent: one scripted event of
// a drill's scenario, as it happened.
type ScenarioEvent struct {
	Kind    string `json:"kind"`              // e.g. "channel_fails", "message"
	Channel string `json:"channel,omitempty"` // the channel it is about, if any
	Text    string `json:"text,omitempty"`    // what it says, for the timeline
}

// NoteKind tells a progress note from the updates keepcool sends by itself.
type NoteKind string

// Note kinds, as shown in `status --json`.
const (
	NoteProgress NoteKind = "note"
	NoteNoChange NoteKind = "no-change"
	NoteHolding  NoteKind = "holding" // sent automatically after a missed promise
)

// NoteAdded is the data of a KindNote event.
type NoteAdded struct {
	Kind NoteKind `json:"kind"`
	Text string   `json:"text,omitempty"`
	// Promised is, for a holding message, the update time that was missed.
	Promised time.Time `json:"promised,omitzero"`
}

// EstimateRevised is the data of a KindEstimateRevised event.
type EstimateRevised struct {
	Estimate Estimate `json:"estimate"`
	Why      string   `json:"why,omitempty"`
}

// StatusChanged is the data of a KindStatusChanged event.
type StatusChanged struct {
	Status Status `json:"status"`
}

// Snoozed is the data of a KindSnoozed event.
type Snoozed struct {
	Until time.Time `json:"until"`
}

// PromptReason says what the engineer was asked for.
type PromptReason string

// Prompt reasons.
const (
	PromptUpdate   PromptReason = "update"
	PromptEstimate PromptReason = "estimate"
)

// Prompted is the data of a KindPrompted event: the engineer was asked.
type Prompted struct {
	Reason PromptReason `json:"reason"`
	// For names the window asked about: the promised update time, or the
	// estimate's upper bound. "Already asked" is decided by equality with
	// it, never by comparing clocks, so a clock stepped back cannot
	// silence the prompts.
	For time.Time `json:"for,omitzero"`
}

// Resolution is the data of a KindResolved event.
type Resolution struct {
	Summary   string `json:"summary,omitempty"`
	RootCause string `json:"root_cause,omitempty"`
}

// ShieldSaved is the data of a KindShieldSaved event: what a focus
// back-end is about to change, recorded before it changes it, so a later
// process can put it back.
type ShieldSaved struct {
	Backend string          `json:"backend"`
	Saved   json.RawMessage `json:"saved,omitempty"`
}

// ShieldRestored is the data of a KindShieldRestored event: the back-end
// put back what it saved.
type ShieldRestored struct {
	Backend string `json:"backend"`
	Reason  string `json:"reason,omitempty"` // "resolved", "quit", "start" (mended after a crash)
}

// NewEvent builds an event with data marshalled to JSON. Seq is set by the
// journal on append.
func NewEvent(at time.Time, kind string, data any) (Event, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("encode %s event: %w", kind, err)
	}
	return Event{At: at, Kind: kind, Data: raw}, nil
}
