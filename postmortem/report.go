package postmortem

import (
	"encoding/json"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// Report is an incident's post-mortem: who, what and when, its figures,
// each promise and estimate, the complete timeline and the sections left
// for people to write. Markdown and JSON render it.
type Report struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Severity   int       `json:"severity"`
	Status     string    `json:"status"`
	Drill      bool      `json:"drill,omitempty"`
	Scenario   string    `json:"scenario,omitempty"`
	Runbook    string    `json:"runbook,omitempty"`
	Engineer   string    `json:"engineer,omitempty"`
	Impact     string    `json:"impact,omitempty"`
	StartedAt  time.Time `json:"started_at,omitzero"`
	DeclaredAt time.Time `json:"declared_at"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`

	Figures   Figures         `json:"figures"`
	Promises  []PromiseLine   `json:"promises"`
	Estimates []EstimateLine  `json:"estimates"`
	Timeline  []Entry         `json:"timeline"`
	Sections  []Section       `json:"sections"`
	Damage    []string        `json:"damage,omitempty"`
	Checklist []ChecklistLine `json:"checklist,omitempty"`
	// FollowUps is empty from Build: people fill it in ID.md (or in the
	// tool they keep their follow-ups in). Filed lists the Follow-ups
	// lines written in the template's form, "- Action: A — owner: O —
	// due: D"; any other line there is in that section's Text only.
	FollowUps []FollowUp `json:"follow_ups"`
	// File is where the engine wrote the Markdown (ID.md next to the
	// journal), once it has: set by the engine, not by Build.
	File string `json:"file,omitempty"`
	// MarkdownText is the post-mortem as Markdown (what --format md prints),
	// so one request gets both: set by the engine, not by Build.
	MarkdownText string `json:"markdown,omitempty"`

	st incident.State
	ts timefmt.Style
}

// PromiseLine is one promise as the report lists it.
type PromiseLine struct {
	Made     time.Time `json:"made_at"`
	By       time.Time `json:"promised_by"`
	UpdateAt time.Time `json:"update_at,omitzero"`
	Late     Seconds   `json:"late_seconds"`
	Outcome  string    `json:"outcome"` // "kept", "late", "missed" or "open"
}

// EstimateLine is the estimate as it was given at a time.
type EstimateLine struct {
	At    time.Time `json:"at"`
	MinAt time.Time `json:"min_at"`
	MaxAt time.Time `json:"max_at"`
	Why   string    `json:"why,omitempty"`
}

// ChecklistLine is one item of the runbook's checklist as it ended.
type ChecklistLine struct {
	N      int       `json:"n"`
	Text   string    `json:"text"`
	Done   bool      `json:"done"`
	DoneAt time.Time `json:"done_at,omitzero"`
	Note   string    `json:"note,omitempty"`
}

// FollowUp is one action the post-mortem decided on.
type FollowUp struct {
	Action string `json:"action"`
	Owner  string `json:"owner"`
	Due    string `json:"due"`
}

// Section is a part of the post-mortem that people write: Text is what
// keepcool already knows for it (resolve's summary, its root cause), and
// Prompt the question that helps write the rest. Once the engineer has
// written in the section of ID.md (Filed), it is Edited, and Text is the
// section as written there below the prompt, in Markdown (keepcool's
// summary included, if they left it).
type Section struct {
	Title  string `json:"title"`
	Text   string `json:"text,omitempty"`
	Prompt string `json:"prompt"`
	Edited bool   `json:"edited,omitempty"`
}

// Outcomes of a promise.
const (
	OutcomeKept   = "kept"
	OutcomeLate   = "late"
	OutcomeMissed = "missed"
	OutcomeOpen   = "open"
)

// Build makes the post-mortem of st, as replayed from its journal with
// its events; texts give times in ts.
func Build(st incident.State, ts timefmt.Style) Report {
	promises := Promises(st.Events)
	r := Report{
		ID: st.ID, Title: st.Title, Severity: st.Severity, Status: string(st.Status), Drill: st.Drill,
		Scenario: st.Scenario, Engineer: st.Engineer, Impact: st.Impact,
		StartedAt: st.StartedAt, DeclaredAt: st.DeclaredAt, ResolvedAt: st.ResolvedAt,
		Figures: compute(st, promises), Timeline: Timeline(st, ts), Damage: st.Damage,
		Promises: []PromiseLine{}, Estimates: []EstimateLine{}, FollowUps: []FollowUp{},
		st: st, ts: ts,
	}
	if st.Runbook != nil {
		r.Runbook = st.Runbook.Name
	}
	for _, p := range promises {
		line := PromiseLine{Made: p.Made, By: p.By, UpdateAt: p.UpdateAt, Late: SecondsOf(p.Late), Outcome: OutcomeOpen}
		switch {
		case !p.Came:
		case p.Missed:
			line.Outcome = OutcomeMissed
		case p.Kept():
			line.Outcome = OutcomeKept
		default:
			line.Outcome = OutcomeLate
		}
		r.Promises = append(r.Promises, line)
	}
	first := st.Estimate
	if len(st.Revisions) > 0 {
		first = st.Revisions[0].From
	}
	if !first.IsZero() {
		r.Estimates = append(r.Estimates, EstimateLine{At: st.DeclaredAt, MinAt: first.MinAt, MaxAt: first.MaxAt})
	}
	for _, rev := range st.Revisions {
		r.Estimates = append(r.Estimates, EstimateLine{At: rev.At, MinAt: rev.To.MinAt, MaxAt: rev.To.MaxAt, Why: rev.Why})
	}
	for i, c := range st.Checklist {
		r.Checklist = append(r.Checklist, ChecklistLine{N: i + 1, Text: c.Text, Done: c.Done, DoneAt: c.DoneAt, Note: c.Note})
	}
	r.Sections = []Section{
		{Title: "What happened", Text: st.Summary,
			Prompt: "What did users see, from when to when? What did you try, and what brought it back?"},
		{Title: "Root cause", Text: st.RootCause,
			Prompt: "Why did it break, and why then? Ask why until the answer is something you can change."},
		{Title: "What went well",
			Prompt: "What helped: an alert, a runbook, a colleague, a tool? Keep it."},
		{Title: "What didn't",
			Prompt: "Where did time go? What was missing, confusing or slow, and which promise was hard to keep?"},
		{Title: "Follow-ups",
			Prompt: "One line each: what will be done, who owns it, and by when."},
	}
	return r
}

// JSON renders r as indented JSON, ending in a newline.
func (r Report) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	return append(b, '\n'), err
}
