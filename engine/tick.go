package engine

import (
	"context"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/schedule"
	"github.com/keepcool/keepcool/updates"
)

// holdingText is what stakeholders get when a promised update is missed.
const holdingText = "No new information yet: the engineer is still working on it."

// step acts on everything due now and says how long to sleep until the next
// due time (armed is false when nothing is scheduled; the wall-clock tick
// still wakes the loop).
func (e *Engine) step(ctx context.Context) (wait time.Duration, armed bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return 0, false
	}
	now := e.now()
	for _, a := range schedule.Due(e.state, now, e.policy) {
		if err := e.act(ctx, a, now); err != nil {
			e.logf("error: %s: %v (retrying in 5s)", a.Kind, err)
			return 5 * time.Second, true
		}
	}
	next := schedule.Next(e.state, now, e.policy)
	if next.IsZero() {
		return 0, false
	}
	return max(next.Sub(now), 10*time.Millisecond), true
}

// act records one due action in the journal, then carries it out. Recording
// first is what makes it happen once: after a crash, Due no longer returns it.
func (e *Engine) act(ctx context.Context, a schedule.Action, now time.Time) error {
	switch a.Kind {
	case schedule.SendHolding:
		if err := e.appendLocked(now, incident.KindNote, incident.NoteAdded{
			Kind: incident.NoteHolding, Text: holdingText, Promised: a.Promised,
		}); err != nil {
			return err
		}
		e.publishLocked(updates.KindHolding, e.lastEvent())
		e.logf("missed update (promised %s): holding message sent", e.timeStyleLocked().Time(a.Promised, now))
	case schedule.PromptUpdate, schedule.PromptEstimate:
		reason := incident.PromptUpdate
		if a.Kind == schedule.PromptEstimate {
			reason = incident.PromptEstimate
		}
		if err := e.appendLocked(now, incident.KindPrompted, incident.Prompted{Reason: reason, For: a.For}); err != nil {
			return err
		}
		e.prompt(ctx, reason)
	}
	return nil
}

// prompt logs the request and hands it to the prompter (handOff).
func (e *Engine) prompt(ctx context.Context, reason incident.PromptReason) {
	p := Prompt{
		Reason: reason, ID: e.state.ID, Title: e.state.Title, Severity: e.state.Severity,
		Estimate: e.state.Estimate, Promised: schedule.NextUpdateDue(e.state, e.policy),
	}
	if n := len(e.state.Notes); n > 0 {
		p.LastNote = e.state.Notes[n-1].Text
	}
	ts, now := e.timeStyleLocked(), e.now()
	if reason == incident.PromptEstimate {
		e.logf("prompt: the estimate for %q ran out at %s; revise it: keepcool eta 30m-1h --why \"…\"", p.Title, ts.Time(p.Estimate.MaxAt, now))
	} else {
		e.logf("prompt: update due for %q by %s: keepcool note \"…\" (or --no-change)", p.Title, ts.Time(p.Promised, now))
	}
	if pr := e.opts.Prompter; pr != nil {
		e.handOff(ctx, "the prompt", func(ctx context.Context) error { return pr.Prompt(ctx, p) })
	}
}

// handOff shows something to the engineer (a prompt, a drill's reminder
// or message) without holding up the engine: a notification daemon that
// hangs must not stall the schedule.
func (e *Engine) handOff(ctx context.Context, what string, show func(context.Context) error) {
	e.prompts.Add(1)
	go func() {
		defer e.prompts.Done()
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := show(ctx); err != nil {
			e.logf("warning: could not show %s: %v", what, err)
		}
	}()
}

// appendLocked makes an event durable, then applies it. Callers hold e.mu.
func (e *Engine) appendLocked(now time.Time, kind string, data any) error {
	return e.appendKeyedLocked(now, kind, data, "")
}

// appendTo makes one event durable in journal j and tells subscribers.
func (e *Engine) appendTo(j *incident.Journal, now time.Time, kind string, data any) (incident.Event, error) {
	ev, err := incident.NewEvent(now, kind, data)
	if err != nil {
		return incident.Event{}, err
	}
	return e.appendEvent(j, ev)
}

// appendEvent makes ev durable in journal j and tells subscribers.
func (e *Engine) appendEvent(j *incident.Journal, ev incident.Event) (incident.Event, error) {
	ev, err := j.Append(ev)
	if err != nil {
		return incident.Event{}, err
	}
	e.changed()
	e.appendedLocked(j)
	return ev, nil
}
