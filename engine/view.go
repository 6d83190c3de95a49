package engine

import (
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/schedule"
)

// Status is what `keepcool status` shows.
func (e *Engine) Status() api.Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := api.Status{Channels: e.channelStatusLocked(), Shield: e.shield.view()}
	if e.journal != nil {
		inc := e.brief(e.state)
		inc.Delivery = e.deliveryLocked(e.state, out.Channels)
		out.Incident = &inc
	}
	return out
}

// notesBrief is how many notes a status or a command's answer carries: the
// latest. Shipping every note made `status` and each `note` slower as an
// incident grew; export has them all.
const notesBrief = 50

// brief renders an incident for a status or a command's answer: with the
// last notesBrief notes (NotesTotal counts them all).
func (e *Engine) brief(s incident.State) api.Incident { return e.render(s, notesBrief) }

// view renders an incident for the API with every note (export).
func (e *Engine) view(s incident.State) api.Incident { return e.render(s, len(s.Notes)) }

// render renders an incident with its last notes notes.
func (e *Engine) render(s incident.State, notes int) api.Incident {
	shown := s.Notes[max(0, len(s.Notes)-notes):]
	v := api.Incident{
		ID: s.ID, Title: s.Title, Severity: s.Severity, Status: string(s.Status), Drill: s.Drill,
		DeclaredAt: s.DeclaredAt, MissedUpdates: s.MissedUpdates,
		Notes: make([]api.Note, 0, len(shown)), NotesTotal: s.NotesTotal(),
		Impact: s.Impact, Engineer: s.Engineer, Known: s.Known, Unknown: s.Unknown, Plan: s.Plan,
		Summary: s.Summary, RootCause: s.RootCause, Damage: s.Damage,
		Estimate: api.Estimate{MinAt: s.Estimate.MinAt, MaxAt: s.Estimate.MaxAt, Revisions: len(s.Revisions)},
	}
	v.Runbook, v.Checklist, v.BackOut = checklistView(s)
	v.StartedAt = timePtr(s.StartedAt)
	v.Scenario, v.Links = s.Scenario, s.Links
	for _, r := range s.Revisions {
		v.Estimate.History = append(v.Estimate.History, api.Revision{
			At: r.At, FromMin: r.From.MinAt, FromMax: r.From.MaxAt, ToMin: r.To.MinAt, ToMax: r.To.MaxAt, Why: r.Why,
		})
	}
	for _, n := range shown {
		v.Notes = append(v.Notes, api.Note{At: n.At, Kind: string(n.Kind), Text: n.Text})
	}
	if s.Active() {
		v.NextUpdateDue = timePtr(schedule.NextUpdateDue(s, e.policy))
		v.HoldingAt = timePtr(schedule.HoldingAt(s, e.policy))
		if s.SnoozePending && s.SnoozedUntil.After(e.now()) {
			v.SnoozedUntil = timePtr(s.SnoozedUntil)
		}
		if at, ok := schedule.NextPrompt(s, e.policy); ok {
			v.NextPromptAt = timePtr(at)
		}
	} else {
		v.ResolvedAt = timePtr(s.ResolvedAt)
	}
	return v
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
