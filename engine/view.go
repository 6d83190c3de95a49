package engine

import (
	"fmt"
	"net/http"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/schedule"
)

// Status is what `keepcool status` shows.
func (e *Engine) Status() api.Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	// Channels appear here once the outbox delivers to them (issue #3).
	out := api.Status{Channels: []api.Channel{}}
	if e.journal != nil {
		inc := e.view(e.state)
		out.Incident = &inc
	}
	return out
}

// view renders an incident for the API.
func (e *Engine) view(s incident.State) api.Incident {
	v := api.Incident{
		ID: s.ID, Title: s.Title, Severity: s.Severity, Status: string(s.Status), Drill: s.Drill,
		DeclaredAt: s.DeclaredAt, MissedUpdates: s.MissedUpdates, Notes: []api.Note{},
		Impact: s.Impact, Engineer: s.Engineer, Known: s.Known, Unknown: s.Unknown, Plan: s.Plan,
		Summary: s.Summary, RootCause: s.RootCause,
		Estimate: api.Estimate{MinAt: s.Estimate.MinAt, MaxAt: s.Estimate.MaxAt, Revisions: len(s.Revisions)},
	}
	for _, r := range s.Revisions {
		v.Estimate.History = append(v.Estimate.History, api.Revision{
			At: r.At, FromMin: r.From.MinAt, FromMax: r.From.MaxAt, ToMin: r.To.MinAt, ToMax: r.To.MaxAt, Why: r.Why,
		})
	}
	for _, n := range s.Notes {
		v.Notes = append(v.Notes, api.Note{At: n.At, Kind: string(n.Kind), Text: n.Text})
	}
	if s.Active() {
		v.NextUpdateDue = timePtr(schedule.NextUpdateDue(s, e.policy))
		if s.SnoozedUntil.After(e.now()) {
			v.SnoozedUntil = timePtr(s.SnoozedUntil)
		}
	} else {
		v.ResolvedAt = timePtr(s.ResolvedAt)
	}
	return v
}

// Channels lists the configured stakeholder channels.
func (e *Engine) Channels() []api.ChannelConfig {
	out := []api.ChannelConfig{}
	for _, c := range e.opts.Config.Channels {
		out = append(out, api.ChannelConfig{Name: c.Name, Type: c.Type, Drill: c.Drill})
	}
	return out
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// TestChannel sends a test message to one configured channel.
func (e *Engine) TestChannel(req api.TestRequest) error {
	for _, c := range e.opts.Config.Channels {
		if c.Name == req.Name {
			// Delivery arrives with the outbox (issue #3); say so rather than pretend.
			return &requestError{http.StatusNotImplemented, fmt.Sprintf("channel %q (%s) is configured, but this build of keepcool does not deliver to channels yet", c.Name, c.Type)}
		}
	}
	return notFound("no channel named %q: keepcool channels list shows the configured ones", req.Name)
}
