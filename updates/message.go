// Package updates is what stakeholders get: the messages keepcool sends,
// rendered as plain facts that each channel escapes and formats for itself,
// and the durable outbox that delivers them in order, retrying until they
// arrive. One sub-package per channel (updates/slack, updates/email, …)
// implements Channel.
package updates

import (
	"context"
	"time"

	"github.com/keepcool/keepcool/incident"
)

// Channel is one place stakeholders read updates. Send must honour ctx and
// return a *PermanentError when retrying cannot help, a *RetryAfterError
// when the server asked to wait.
type Channel interface {
	Name() string
	Send(ctx context.Context, m Message) error
}

// Kind is what a message says.
type Kind string

// Message kinds. They are stored in journals: never rename one.
const (
	KindDeclared Kind = "declared"  // the incident is declared
	KindNote     Kind = "note"      // a progress note
	KindNoChange Kind = "no-change" // a heartbeat: still working, nothing new
	KindHolding  Kind = "holding"   // sent automatically after a missed promise
	KindEstimate Kind = "estimate"  // the estimate was revised
	KindStatus   Kind = "status"    // the status changed
	KindResolved Kind = "resolved"  // the all-clear
	KindTest     Kind = "test"      // `keepcool channels test`
)

// Message is one update, frozen when it was made: a retry hours later sends
// what was true then. Every string in it is untrusted plain text; each
// channel escapes it for its own syntax. Times carry the engine's local
// offset; they are shown as wall-clock times in TimeZone, else in that
// offset, always naming the zone.
type Message struct {
	ID   string    `json:"id"` // "<incident id>/<journal seq>": stable across retries
	Kind Kind      `json:"kind"`
	At   time.Time `json:"at"`

	IncidentID string    `json:"incident_id"`
	Title      string    `json:"title"`
	Severity   int       `json:"severity"`
	Status     string    `json:"status"`
	Drill      bool      `json:"drill,omitempty"`
	DeclaredAt time.Time `json:"declared_at"`
	Engineer   string    `json:"engineer,omitempty"`

	// Declared messages carry the situation in full.
	Impact  string `json:"impact,omitempty"`
	Known   string `json:"known,omitempty"`
	Unknown string `json:"unknown,omitempty"`
	Plan    string `json:"plan,omitempty"`

	Note string `json:"note,omitempty"` // the engineer's note, or the holding text
	Why  string `json:"why,omitempty"`  // why the estimate changed

	Estimate         incident.Estimate `json:"estimate"`
	PreviousEstimate incident.Estimate `json:"previous_estimate,omitzero"` // set when it changed
	NextUpdateBy     time.Time         `json:"next_update_by,omitzero"`    // zero on resolved

	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	Summary    string    `json:"summary,omitempty"`
	RootCause  string    `json:"root_cause,omitempty"`

	StatusPage string `json:"status_page,omitempty"` // URL, when one is reachable
	// Links name the incident's counterparts in other tools, by channel
	// type: {"pagerduty": "PT4KHLK"}.
	Links map[string]string `json:"links,omitempty"`
	// Recap marks the summary sent to a tool's channels when the incident
	// is linked to its incident there mid-incident: a declared message for
	// them, not a new update, so the post-mortem neither counts it as the
	// update that answered a promise nor calls it the declaration.
	// Channels render it as its Kind.
	Recap bool `json:"recap,omitempty"`

	// How stakeholders read its times: an IANA zone ("" is the zone the
	// times carry) and "12h" or "24h" ("" is 24h). See Style.
	TimeZone string `json:"time_zone,omitempty"`
	Clock    string `json:"clock,omitempty"`

	// Custom, set by a channel's template at send time (never stored),
	// replaces the built-in body and facts.
	Custom *Custom `json:"-"`
}

// Custom is what a user's template made of a message.
type Custom struct {
	Body string // plain text: the channel escapes and lays it out like a note
}
