// Package api holds the wire types of the engine's control API: JSON over
// HTTP on a unix socket. The engine serves them, engine/client sends them.
// `status --json` prints Status as is: its fields are a public contract —
// add fields, never rename or remove one.
//
// Checks before text leaves. Start, Note, Estimate and Resolve look at
// the stakeholder text they carry (package incident/check):
//   - text over a hard limit (title 200 characters, note 2,000, …) is
//     refused with 400 Bad Request (client.APIError, IsUsage) and an Error
//     saying which field and by how much. Force does not override it:
//     shorten the text.
//   - text that is likely a mistake is refused with 422 Unprocessable
//     Entity and an Error whose Warnings say what was seen, unless the
//     request has Force set. Each Warning's Code says what it is about
//     (new codes may be added; show the Message whatever the code):
//     command (a shell command or SQL statement), paste (a log or stack
//     trace, even one run into one line; lines in a one-line field),
//     secret, stray (a whole note that is keys meant for another window:
//     "q", ":wq", "exit"), terminal (terminal escape codes), encoding
//     (bytes that are not UTF-8 text), long (a "one line" over 500
//     characters), estimate (more than 24 h away).
//     Nothing is journalled or sent when a request is refused. The Go
//     client returns a *client.WarningsError for a 422: show its Warnings
//     (each Message is a sentence for a person) with a way to send anyway,
//     which repeats the same request with Force: true.
//
// Every command's answer (an Incident) carries Delivery: the channels not
// delivering at the moment of the answer, so whoever posts sees it there.
//
// Every command carries a Key. The Go client makes a random one per call
// and, when the engine may have received the request but no answer came
// (the connection closed, reset or timed out), sends it again with the
// same key for a few seconds; a repeat of a recorded key is a no-op. If
// that does not settle it, the client returns client.ErrMaybeRecorded
// (an *client.UncertainError holding the key): say the command may have
// been carried out, and repeat it only with the same key.
//
// Limits besides the text checks: a body of at most 1 MiB, a query of at
// most 1 KiB, a key of at most 128 characters, an estimate, snooze,
// status or channel name of at most 200; past them, 400 Bad Request.
package api

import (
	"time"

	"github.com/keepcool/keepcool/postmortem"
)

// Routes of the control API.
const (
	PathStatus   = "/v1/status"
	PathStart    = "/v1/start"
	PathNote     = "/v1/note"
	PathEstimate = "/v1/estimate"
	PathSnooze   = "/v1/snooze"
	PathResolve  = "/v1/resolve"
	PathExport   = "/v1/export"
	PathHistory  = "/v1/history"
	PathChannels = "/v1/channels"
	PathTest     = "/v1/channels/test"
	PathSetState = "/v1/incident/status"
	PathReload   = "/v1/reload"
	PathQuit     = "/v1/quit"
	// PathWatch (GET, ?since=REVISION) answers with a Watched as soon as
	// the engine's state differs from that revision, or after ~20 s.
	PathWatch = "/v1/watch"
)

// Watched is the status at a revision: ask again with since=Revision to
// wait for the next change.
type Watched struct {
	Revision uint64 `json:"revision"`
	Status   Status `json:"status"`
}

// StartRequest declares an incident.
type StartRequest struct {
	Title    string `json:"title"`
	Severity int    `json:"severity"`
	ETA      string `json:"eta"`
	Impact   string `json:"impact,omitempty"`
	Known    string `json:"known,omitempty"`
	Unknown  string `json:"unknown,omitempty"`
	Plan     string `json:"plan,omitempty"`
	Drill    bool   `json:"drill,omitempty"`
	Force    bool   `json:"force,omitempty"` // send despite Warnings (not past hard limits)
	// Key makes a retry of the same request a no-op: the engine records it
	// with the command's first event and answers a repeat with the incident
	// as it stands (client: one random key per command, reused on retry).
	Key string `json:"key,omitempty"`
	// StartedAt is when the trouble began, if known: "09:40" (today, in
	// the configured zone; yesterday if that is in the future), "25m" (that
	// long ago) or RFC 3339. The post-mortem's time to declare counts from it.
	StartedAt string `json:"started_at,omitempty"`
	// Runbook names a runbook in [runbooks] dir (its file name without
	// .md): its `- [ ]` items become the incident's checklist.
	Runbook string `json:"runbook,omitempty"`
	// Scenario names a drill scenario (drills/NAME.toml or .md); it
	// implies Drill, and fills what the request leaves empty.
	Scenario string `json:"scenario,omitempty"`
	// Links name this incident's counterparts in other tools, by channel
	// type: {"pagerduty": "PT4KHLK"} (`start --pagerduty ID`).
	Links map[string]string `json:"links,omitempty"`
}

// NoteRequest adds a progress note, or a "no change" heartbeat, optionally
// moving the incident to a new status.
type NoteRequest struct {
	Text     string `json:"text,omitempty"`
	NoChange bool   `json:"no_change,omitempty"`
	Status   string `json:"status,omitempty"`
	Force    bool   `json:"force,omitempty"` // send despite Warnings (not past hard limits)
	// Key makes a retry of the same request a no-op: the engine records it
	// with the command's first event and answers a repeat with the incident
	// as it stands (client: one random key per command, reused on retry).
	Key string `json:"key,omitempty"`
}

// EstimateRequest revises the estimate.
type EstimateRequest struct {
	ETA   string `json:"eta"`
	Why   string `json:"why,omitempty"`
	Force bool   `json:"force,omitempty"` // send despite Warnings (not past hard limits)
	// Key makes a retry of the same request a no-op: the engine records it
	// with the command's first event and answers a repeat with the incident
	// as it stands (client: one random key per command, reused on retry).
	Key string `json:"key,omitempty"`
}

// StatusRequest moves the incident to investigating, identified or monitoring.
type StatusRequest struct {
	Status string `json:"status"`
	// Key makes a retry of the same request a no-op: the engine records it
	// with the command's first event and answers a repeat with the incident
	// as it stands (client: one random key per command, reused on retry).
	Key string `json:"key,omitempty"`
}

// SnoozeRequest delays the next prompt.
type SnoozeRequest struct {
	For string `json:"for"`
	// Key makes a retry of the same request a no-op: the engine records it
	// with the command's first event and answers a repeat with the incident
	// as it stands (client: one random key per command, reused on retry).
	Key string `json:"key,omitempty"`
}

// ResolveRequest resolves the incident.
type ResolveRequest struct {
	Summary   string `json:"summary,omitempty"`
	RootCause string `json:"root_cause,omitempty"`
	Force     bool   `json:"force,omitempty"` // send despite Warnings (not past hard limits)
	// Key makes a retry of the same request a no-op: the engine records it
	// with the command's first event and answers a repeat with the incident
	// as it stands (client: one random key per command, reused on retry).
	Key string `json:"key,omitempty"`
}

// Status is what `keepcool status --json` prints.
type Status struct {
	Incident *Incident `json:"incident"`
	Channels []Channel `json:"channels"`
	// Shield is each focus back-end: configured ones and those that
	// cannot run here (state "unavailable", with why).
	Shield []ShieldBackend `json:"shield"`
}

// ShieldBackend is one part of the focus shield.
type ShieldBackend struct {
	Name string `json:"name"` // gnome, kde, macos, windows, slack
	// State is "down" (idle), "raising", "up", "restoring", "failed" or
	// "unavailable".
	State string `json:"state"`
	Error string `json:"error,omitempty"` // what went wrong and what to do
}

// QuitRequest ends the engine. RestoreShield puts the focus shield down
// first, when an incident is still active; otherwise it stays up and the
// next start keeps it up.
type QuitRequest struct {
	RestoreShield bool `json:"restore_shield,omitempty"`
}

// QuitReply is the focus shield as the engine leaves it.
type QuitReply struct {
	Shield []ShieldBackend `json:"shield"`
}

// Incident is the active incident as the API shows it.
type Incident struct {
	ID            string     `json:"id"`
	Title         string     `json:"title"`
	Severity      int        `json:"severity"`
	Status        string     `json:"status"`
	Drill         bool       `json:"drill"`
	DeclaredAt    time.Time  `json:"declared_at"`
	Estimate      Estimate   `json:"estimate"`
	NextUpdateDue *time.Time `json:"next_update_due"`
	MissedUpdates int        `json:"missed_updates"`
	// Notes are the latest notes, oldest first: at most the last 50 in a
	// status, a watch and a command's answer (NotesTotal counts them all:
	// use it, not len(Notes), to see that a note was added); export has
	// every one.
	Notes      []Note `json:"notes"`
	NotesTotal int    `json:"notes_total"`

	Impact       string     `json:"impact,omitempty"`
	Engineer     string     `json:"engineer,omitempty"`
	Known        string     `json:"known,omitempty"`
	Unknown      string     `json:"unknown,omitempty"`
	Plan         string     `json:"plan,omitempty"`
	SnoozedUntil *time.Time `json:"snoozed_until,omitempty"`
	NextPromptAt *time.Time `json:"next_prompt_at,omitempty"`
	ResolvedAt   *time.Time `json:"resolved_at,omitempty"`
	Summary      string     `json:"summary,omitempty"`
	RootCause    string     `json:"root_cause,omitempty"`
	// HoldingAt is when a holding message goes to stakeholders unless an
	// update is posted first: the promise (NextUpdateDue) plus grace.
	HoldingAt *time.Time `json:"holding_at,omitempty"`
	// Delivery is how the channels fare at the moment of the answer.
	Delivery *Delivery `json:"delivery,omitempty"`
	// Damage lists what of the incident's journal could not be read and
	// was skipped ("line 7 of the journal is damaged and was skipped"):
	// the incident is shown without it.
	Damage []string `json:"damage,omitempty"`

	StartedAt *time.Time `json:"started_at,omitempty"` // when the trouble began, if said
	Scenario  string     `json:"scenario,omitempty"`   // a drill's scenario
	// Runbook names the runbook chosen at the declaration; Checklist is
	// its items as they stand, BackOut its back-out plan.
	Runbook   string          `json:"runbook,omitempty"`
	Checklist []ChecklistItem `json:"checklist,omitempty"`
	BackOut   string          `json:"back_out,omitempty"`
	// Links name the incident's counterparts in other tools, by channel
	// type: {"pagerduty": "PT4KHLK"}, as named at the declaration, by
	// `keepcool link`, or found by a channel on its service.
	Links map[string]string `json:"links,omitempty"`
}

// ChecklistItem is one item of the incident's runbook checklist. N counts
// from 1, as `keepcool runbook tick N` takes it.
type ChecklistItem struct {
	N      int        `json:"n"`
	Text   string     `json:"text"`
	Done   bool       `json:"done"`
	DoneAt *time.Time `json:"done_at,omitempty"`
	Note   string     `json:"note,omitempty"`
}

// DoneCount is how many of items are ticked.
func DoneCount(items []ChecklistItem) int {
	done := 0
	for _, it := range items {
		if it.Done {
			done++
		}
	}
	return done
}

// Estimate is the current fix range; History lists every revision.
type Estimate struct {
	MinAt     time.Time  `json:"min_at"`
	MaxAt     time.Time  `json:"max_at"`
	Revisions int        `json:"revisions"`
	History   []Revision `json:"history,omitempty"`
}

// Revision is one change of the estimate.
type Revision struct {
	At      time.Time `json:"at"`
	FromMin time.Time `json:"from_min_at"`
	FromMax time.Time `json:"from_max_at"`
	ToMin   time.Time `json:"to_min_at"`
	ToMax   time.Time `json:"to_max_at"`
	Why     string    `json:"why,omitempty"`
}

// Note is one update stakeholders got.
type Note struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	Text string    `json:"text"`
}

// Channel is one stakeholder channel's delivery state.
type Channel struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Delivered int    `json:"delivered"`
	Pending   int    `json:"pending"`
	State     string `json:"state"` // ok|retrying|dead|misconfigured: see ChannelOK and the others
	LastError string `json:"last_error"`
	// Reason is LastError in a few words ("connection refused", "HTTP 404
	// Not Found", "misconfigured"), for a line where the whole error does
	// not fit; "" while the channel delivers.
	Reason string `json:"reason,omitempty"`
	// Undelivered counts this incident's messages the channel rejected
	// for good (the provider refused that message: HTTP 400, 413, 422…);
	// later messages still went. Export lists them with the answer.
	Undelivered int `json:"undelivered,omitempty"`
	// LastRefusal is the provider's answer to the latest of those
	// (Undelivered > 0), apart from LastError: a channel that delivers
	// with a warning (a Slack root message it could not edit) keeps that
	// in LastError.
	LastRefusal string `json:"last_refusal,omitempty"`
}

// TestRequest asks for a test message on one channel.
type TestRequest struct {
	Name string `json:"name"`
}

// ChannelConfig is one configured channel, as `channels list` shows it.
type ChannelConfig struct {
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	Drill  bool    `json:"drill"`
	Status Channel `json:"status"`
}

// HistoryEntry is one incident in `keepcool history`.
type HistoryEntry struct {
	ID            string     `json:"id"`
	Title         string     `json:"title"`
	Severity      int        `json:"severity"`
	Status        string     `json:"status"`
	Drill         bool       `json:"drill"`
	DeclaredAt    time.Time  `json:"declared_at"`
	ResolvedAt    *time.Time `json:"resolved_at,omitempty"`
	Notes         int        `json:"notes"`
	MissedUpdates int        `json:"missed_updates"`

	Scenario string `json:"scenario,omitempty"` // a drill's scenario
	// Figures are the post-mortem's numbers (package postmortem): time
	// to first update, punctuality, estimate accuracy.
	Figures *postmortem.Figures `json:"figures,omitempty"`
}

// Error is the body of every failed request. Message says what went wrong
// and what to do.
type Error struct {
	Message string `json:"error"`
	// Warnings, in a 422 answer, are why the text was not sent: send
	// anyway by repeating the request with Force.
	Warnings []Warning `json:"warnings,omitempty"`
}

// NoteCount is how many notes the incident has: NotesTotal, or from an
// engine older than it (which sent every note and no total) len(Notes).
func (i *Incident) NoteCount() int { return max(i.NotesTotal, len(i.Notes)) }
