package statuspage

import (
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// View is the page's state, the body of /api/incident.json and of every SSE
// "state" event. Fields are added, never renamed: scripts read them. Texts
// are plain (unescaped) and already worded the way every channel words them;
// times are RFC 3339 with the engine's offset, "…_text" fields are those
// times as stakeholders read them in messages: in the configured zone,
// named ("09:02 CET"). The page's script rewrites them to the viewer's zone.
type View struct {
	Incident    *IncidentView `json:"incident"`                 // null: no incident declared yet
	GeneratedAt time.Time     `json:"generated_at"`             // server clock; clients correct their own with it
	LastTestAt  time.Time     `json:"last_test_at,omitzero"`    // the last `keepcool channels test`
	LastTest    string        `json:"last_test_text,omitempty"` // its time, "09:12 CET"
	TimeZone    string        `json:"time_zone,omitempty"`      // the zone the "…_text" fields name: "CET"
	// Recent are the incidents before this one, newest first (MaxRecent-1
	// at most), each as incident is: a resolved one with its all-clear
	// (latest, summary, resolved_at). The event stream leaves their
	// timelines empty; /api/incident.json has them.
	Recent []IncidentView `json:"recent"`
}

// IncidentView is the current (or last, once resolved) incident.
type IncidentView struct {
	ID             string    `json:"id"`
	Title          string    `json:"title"`
	Severity       int       `json:"severity"` // 1 (worst) … 4
	Status         string    `json:"status"`   // investigating|identified|monitoring|resolved
	Drill          bool      `json:"drill"`    // an exercise: nobody is affected
	Resolved       bool      `json:"resolved"`
	Engineer       string    `json:"engineer,omitempty"`
	DeclaredAt     time.Time `json:"declared_at"`
	DeclaredAtText string    `json:"declared_at_text"` // "09:02 CET"
	UpdatedAt      time.Time `json:"updated_at"`       // the latest message
	ResolvedAt     time.Time `json:"resolved_at,omitzero"`
	ResolvedAtText string    `json:"resolved_at_text,omitempty"` // "10:05 CET"
	Elapsed        string    `json:"elapsed"`                    // "1 h 05 min": until generated_at, or the whole duration once resolved

	// The situation as declared.
	Impact  string `json:"impact,omitempty"`
	Known   string `json:"known,omitempty"`
	Unknown string `json:"unknown,omitempty"`
	Plan    string `json:"plan,omitempty"`

	Estimate            incident.Estimate `json:"estimate,omitzero"`          // min_at, max_at
	PreviousEstimate    incident.Estimate `json:"previous_estimate,omitzero"` // before the last revision
	EstimateText        string            `json:"estimate_text"`              // "09:30–10:15 CET (revised from 09:20–09:50 CET)"
	EstimateRange       string            `json:"estimate_range"`             // "09:30–10:15 CET"
	EstimateRevisedFrom string            `json:"estimate_revised_from"`      // "09:20–09:50 CET", "" if never revised
	EstimatePassed      bool              `json:"estimate_passed"`            // generated_at is past max_at

	NextUpdateBy      time.Time `json:"next_update_by,omitzero"` // zero once resolved
	NextUpdateText    string    `json:"next_update_text"`        // "Next update by 09:45 CET"
	NextUpdateOverdue bool      `json:"next_update_overdue"`     // generated_at is past next_update_by

	Summary   string `json:"summary,omitempty"` // the resolve summary
	RootCause string `json:"root_cause,omitempty"`

	Latest   Entry   `json:"latest"`   // the newest timeline entry
	Timeline []Entry `json:"timeline"` // newest first: the latest entries, and the declaration
	// NotesTotal counts the incident's timeline entries in all, of which
	// Timeline carries the latest (statuspage.MaxTimeline, the declaration
	// among them) as `keepcool status` carries the last 50 notes.
	NotesTotal int `json:"notes_total"`

	TimeZone string `json:"time_zone"` // the zone the "…_text" fields name: "CET"

	ts timefmt.Style // how the texts read times
}

// Entry is one message on the timeline.
type Entry struct {
	ID     string    `json:"id"`   // the message id, stable across retries
	Kind   string    `json:"kind"` // declared|note|no-change|holding|estimate|status|resolved
	At     time.Time `json:"at"`
	Time   string    `json:"time"`             // "09:14 CET", or "Mon 9 Mar 23:58 CET" on another day than the latest
	Label  string    `json:"label"`            // "Update", "Estimate revised", …
	Body   string    `json:"body"`             // the note, summary or what keepcool said
	Detail string    `json:"detail,omitempty"` // e.g. "Fix expected 10:00–10:45 CET (revised from 09:30–10:15 CET)"

	// An estimate entry's estimate and the one it replaced, so the page's
	// script can write Detail in the viewer's zone.
	Estimate         incident.Estimate `json:"estimate,omitzero"`
	PreviousEstimate incident.Estimate `json:"previous_estimate,omitzero"`
}

// buildIncident derives the view from an incident's messages (time order,
// at least one) at now.
func buildIncident(msgs []updates.Message, now time.Time) *IncidentView {
	last := msgs[len(msgs)-1]
	v := &IncidentView{
		ID: last.IncidentID, Title: last.Title, Severity: last.Severity, Status: last.Status,
		Drill: last.Drill, Engineer: last.Engineer, DeclaredAt: last.DeclaredAt, UpdatedAt: last.At,
		Resolved: last.Kind == updates.KindResolved || last.Status == string(incident.Resolved),
		ts:       last.Style(),
	}
	v.TimeZone = v.ts.ZoneName(last.At)
	v.DeclaredAtText = last.Time(v.DeclaredAt)
	situation(v, msgs)
	estimate(v, msgs, last, now)
	if v.Resolved {
		v.ResolvedAt = last.ResolvedAt
		if v.ResolvedAt.IsZero() {
			v.ResolvedAt = last.At
		}
		v.ResolvedAtText = last.Time(v.ResolvedAt)
		v.Elapsed = updates.Span(v.ResolvedAt.Sub(v.DeclaredAt))
		v.Summary, v.RootCause = last.Summary, last.RootCause
		v.EstimatePassed = false
	} else {
		v.Elapsed = running(now.Sub(v.DeclaredAt))
		v.NextUpdateBy = last.NextUpdateBy
		v.NextUpdateText = last.NextUpdate()
		v.NextUpdateOverdue = !v.NextUpdateBy.IsZero() && now.After(v.NextUpdateBy)
	}
	v.Timeline = make([]Entry, 0, len(msgs))
	for i := len(msgs) - 1; i >= 0; i-- {
		v.Timeline = append(v.Timeline, entry(msgs[i], last))
	}
	v.Latest = v.Timeline[0]
	return v
}

// running says how long an incident has been going: "under a minute"
// rather than "12 s" at first, then "42 min".
func running(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	return updates.Span(d)
}

// situation takes impact and what we know from the newest message that has
// them: the declaration, or a later restatement.
func situation(v *IncidentView, msgs []updates.Message) {
	for i := len(msgs) - 1; i >= 0; i-- {
		m := msgs[i]
		if m.Impact != "" || m.Known != "" || m.Unknown != "" || m.Plan != "" {
			v.Impact, v.Known, v.Unknown, v.Plan = m.Impact, m.Known, m.Unknown, m.Plan
			return
		}
	}
}

// estimate sets the current estimate and the one it replaced. Only the
// revising message carries PreviousEstimate, so the page remembers it
// across the notes that follow.
func estimate(v *IncidentView, msgs []updates.Message, last updates.Message, now time.Time) {
	var cur, prev incident.Estimate
	for _, m := range msgs {
		switch {
		case !m.PreviousEstimate.IsZero() && m.PreviousEstimate != m.Estimate:
			prev = m.PreviousEstimate
		case !cur.IsZero() && !m.Estimate.IsZero() && m.Estimate != cur:
			prev = cur
		}
		if !m.Estimate.IsZero() {
			cur = m.Estimate
		}
	}
	v.Estimate, v.PreviousEstimate = cur, prev
	v.EstimateRange = cur.Text(v.ts, last.At)
	if !prev.IsZero() {
		v.EstimateRevisedFrom = prev.Text(v.ts, last.At)
	}
	m := last
	m.Estimate, m.PreviousEstimate = cur, prev
	v.EstimateText = m.EstimateText()
	v.EstimatePassed = !cur.IsZero() && now.After(cur.MaxAt)
}

// entry renders one message for the timeline as the latest message reads
// times: in its zone, with the day when not on the latest's day.
func entry(m, last updates.Message) Entry {
	e := Entry{ID: m.ID, Kind: kindClass(m.Kind), At: m.At, Time: last.Time(m.At), Label: m.Label(), Body: m.Body()}
	if m.Kind == updates.KindEstimate {
		m.TimeZone, m.Clock, m.At = last.TimeZone, last.Clock, last.At
		e.Detail = "Fix expected " + m.EstimateText()
		e.Estimate, e.PreviousEstimate = m.Estimate, m.PreviousEstimate
	}
	if m.Kind == updates.KindResolved {
		end := m.ResolvedAt
		if end.IsZero() {
			end = m.At
		}
		e.Detail = "Duration " + updates.Span(end.Sub(m.DeclaredAt))
	}
	return e
}

// kindClass maps a kind to one the page styles, so an unknown kind from a
// newer engine cannot invent a CSS class.
func kindClass(k updates.Kind) string {
	switch k {
	case updates.KindDeclared, updates.KindNote, updates.KindNoChange, updates.KindHolding,
		updates.KindEstimate, updates.KindStatus, updates.KindResolved:
		return string(k)
	}
	return string(updates.KindNote)
}
