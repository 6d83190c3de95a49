package engine

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/incident/check"
	"github.com/keepcool/keepcool/updates"
)

// requestError is a refusal the API answers with an HTTP status. Its text
// tells the user what to do.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

var errNoIncident = &requestError{http.StatusConflict, "no active incident: declare one with: keepcool start \"TITLE\" --eta 30m-90m"}

func badRequest(format string, args ...any) error {
	return &requestError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

func conflict(format string, args ...any) error {
	return &requestError{http.StatusConflict, fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &requestError{http.StatusNotFound, fmt.Sprintf(format, args...)}
}

// Start declares an incident. A repeat of a keyed request (see keys.go)
// answers with the incident it declared.
func (e *Engine) Start(req api.StartRequest) (incident.State, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if st, ok := e.repeatedLatestLocked(req.Key); ok {
		return st, nil
	}
	if e.journal != nil {
		return incident.State{}, conflict("incident %q is already active: post to it with keepcool note, or resolve it first with keepcool resolve", e.state.Title)
	}
	req, script, err := e.withScenarioLocked(req) // drill.go
	if err != nil {
		return incident.State{}, err
	}
	title := incident.CleanText(req.Title)
	if title == "" {
		return incident.State{}, badRequest("the title is empty: say what is broken in a few words, e.g. keepcool start \"Checkout returns 500s\"")
	}
	if req.Severity < 1 || req.Severity > 4 {
		return incident.State{}, badRequest("severity %d: use 1 (worst) to 4", req.Severity)
	}
	now := e.now()
	est, err := e.parseEstimateLocked(req.ETA, now)
	if err != nil {
		return incident.State{}, badRequest("%v", err)
	}
	started, err := e.parseStartedLocked(req.StartedAt, now)
	if err != nil {
		return incident.State{}, err
	}
	if err := checkText(req.Force, now, est.MaxAt, field{check.Title, req.Title}, field{check.Impact, req.Impact},
		field{check.Known, req.Known}, field{check.Unknown, req.Unknown}, field{check.Plan, req.Plan}); err != nil {
		return incident.State{}, err
	}
	rb, err := e.loadRunbookLocked(req.Runbook)
	if err != nil {
		return incident.State{}, err
	}
	links, err := e.checkLinksLocked(req.Links, req.Drill) // links.go
	if err != nil {
		return incident.State{}, err
	}
	id := e.store.newID(now, title)
	j, err := incident.CreateJournal(e.store.path(id))
	if err != nil {
		return incident.State{}, err
	}
	e.setLive(j, incident.State{})
	if err := e.appendKeyedLocked(now, incident.KindDeclared, incident.Declared{
		ID: id, Title: title, Severity: req.Severity, Impact: incident.CleanText(req.Impact),
		Engineer: e.engineer(), Known: incident.CleanText(req.Known), Unknown: incident.CleanText(req.Unknown),
		Plan: incident.CleanText(req.Plan), Drill: req.Drill, Estimate: est,
		Runbook:   rb,
		StartedAt: started,
		Scenario:  req.Scenario,
		Links:     links,
	}, req.Key); err != nil {
		j.Close()
		os.Remove(j.Path())
		e.journal = nil
		return incident.State{}, err
	}
	e.lastID = id
	if req.Scenario != "" {
		e.startRunLocked(id, script)
	}
	e.drillStartedLocked(e.state, now)
	e.publishLocked(updates.KindDeclared, e.lastEvent())
	e.logf("declared incident %s %q (SEV%d, fix expected %s)", id, title, req.Severity, est.Text(e.timeStyleLocked(), now))
	e.shield.raise(id, e.shieldIncident(e.state))
	e.poke()
	return e.state, nil
}

// Note records a progress note or a no-change heartbeat, optionally with a
// new status.
func (e *Engine) Note(req api.NoteRequest) (incident.State, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return incident.State{}, errNoIncident
	}
	if e.repeatedLocked(req.Key) {
		return e.state, nil
	}
	text := incident.CleanText(req.Text)
	kind := incident.NoteProgress
	switch {
	case req.NoChange && text != "":
		return incident.State{}, badRequest("a no-change heartbeat carries no text: send the text as a note (keepcool note \"…\"), or send no change alone")
	case req.NoChange:
		kind = incident.NoteNoChange
	case text == "":
		return incident.State{}, badRequest("%v", incident.ErrEmptyNote)
	}
	now := e.now()
	if err := checkText(req.Force, now, time.Time{}, field{check.Note, req.Text}); err != nil {
		return incident.State{}, err
	}
	key := req.Key // on the command's first event only
	if req.Status != "" {
		st, err := incident.ParseStatus(req.Status)
		if err != nil {
			return incident.State{}, badRequest("%v", err)
		}
		if st != e.state.Status {
			if err := e.appendKeyedLocked(now, incident.KindStatusChanged, incident.StatusChanged{Status: st}, key); err != nil {
				return incident.State{}, err
			}
			key = ""
		}
	}
	if err := e.appendKeyedLocked(now, incident.KindNote, incident.NoteAdded{Kind: kind, Text: text}, key); err != nil {
		return incident.State{}, err
	}
	msgKind := updates.KindNote
	if kind == incident.NoteNoChange {
		msgKind = updates.KindNoChange
	}
	e.publishLocked(msgKind, e.lastEvent())
	e.logf("%s recorded (%d bytes)", kind, len(text))
	e.poke()
	return e.state, nil
}

// Estimate revises the fix estimate.
func (e *Engine) Estimate(req api.EstimateRequest) (incident.State, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return incident.State{}, errNoIncident
	}
	if e.repeatedLocked(req.Key) {
		return e.state, nil
	}
	now := e.now()
	est, err := e.parseEstimateLocked(req.ETA, now)
	if err != nil {
		return incident.State{}, badRequest("%v", err)
	}
	// Unchanged as stakeholders read it (to the minute): no revision to
	// record, send, or count in the post-mortem.
	ts := e.timeStyleLocked()
	if was := e.state.Estimate.Text(ts, now); was != "" && est.Text(ts, now) == was {
		return incident.State{}, badRequest("the fix is already expected %s: nothing recorded or sent; to say it still holds, keepcool note --no-change", was)
	}
	if err := checkText(req.Force, now, est.MaxAt, field{check.Why, req.Why}); err != nil {
		return incident.State{}, err
	}
	if err := e.appendKeyedLocked(now, incident.KindEstimateRevised, incident.EstimateRevised{
		Estimate: est, Why: incident.CleanText(req.Why),
	}, req.Key); err != nil {
		return incident.State{}, err
	}
	e.publishLocked(updates.KindEstimate, e.lastEvent())
	e.logf("estimate revised: fix expected %s", est.Text(e.timeStyleLocked(), now))
	e.poke()
	return e.state, nil
}

// maxSnooze keeps a snooze from silencing an incident for good.
const maxSnooze = 2 * time.Hour

// Snooze delays the next prompt. Holding messages still go out: stakeholders
// are never left in silence because the engineer is busy.
func (e *Engine) Snooze(req api.SnoozeRequest) (incident.State, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return incident.State{}, errNoIncident
	}
	if e.repeatedLocked(req.Key) {
		return e.state, nil
	}
	d, err := time.ParseDuration(strings.TrimSpace(req.For))
	if err != nil || d < time.Second || d > maxSnooze {
		return incident.State{}, badRequest("snooze %q: give a duration between 1s and 2h, e.g. 5m", req.For)
	}
	now := e.now()
	if err := e.appendKeyedLocked(now, incident.KindSnoozed, incident.Snoozed{Until: now.Add(d)}, req.Key); err != nil {
		return incident.State{}, err
	}
	e.logf("prompts snoozed until %s", e.timeStyleLocked().Time(now.Add(d), now))
	e.poke()
	return e.state, nil
}

// Resolve ends the incident and writes its post-mortem next to the
// journal. A repeat of a keyed request answers with the incident it ended.
func (e *Engine) Resolve(req api.ResolveRequest) (incident.State, error) {
	st, ended, err := e.resolve(req)
	if ended {
		// Rendered outside e.mu: a long incident's post-mortem takes a
		// while (BenchmarkBuild: ~0.4 s at 10,000 notes), and the engine
		// answers everyone else meanwhile.
		e.rewritePostMortem(st.ID)
	}
	return st, err
}

// resolve is Resolve but the post-mortem; ended says it ended the incident
// now (not a repeat of a request that did).
func (e *Engine) resolve(req api.ResolveRequest) (st incident.State, ended bool, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if st, ok := e.repeatedLatestLocked(req.Key); ok {
		return st, false, nil
	}
	if e.journal == nil {
		return incident.State{}, false, errNoIncident
	}
	now := e.now()
	if err := checkText(req.Force, now, time.Time{}, field{check.Summary, req.Summary}, field{check.RootCause, req.RootCause}); err != nil {
		return incident.State{}, false, err
	}
	if err := e.appendKeyedLocked(now, incident.KindResolved, incident.Resolution{
		Summary: incident.CleanText(req.Summary), RootCause: incident.CleanText(req.RootCause),
	}, req.Key); err != nil {
		return incident.State{}, false, err
	}
	e.publishLocked(updates.KindResolved, e.lastEvent())
	st = e.state
	// The all-clear may still be on its way: keep the journal for its receipts.
	e.draining[st.ID] = e.journal
	e.endLive()
	e.logf("resolved %s after %s", st.ID, now.Sub(st.DeclaredAt).Round(time.Second))
	e.shield.restore(st.ID, "resolved")
	e.poke()
	return st, true, nil
}

func (e *Engine) engineer() string {
	if n := e.opts.Config.Incident.Engineer; n != "" {
		return n
	}
	return e.opts.Engineer
}

// Quit ends the engine (Run returns). With restoreShield, an active
// incident's focus shield is put down first (waiting at most until ctx
// ends); otherwise it stays up, and the next start keeps it up. It
// returns the shield as it is left.
func (e *Engine) Quit(ctx context.Context, req api.QuitRequest) []api.ShieldBackend {
	e.mu.Lock()
	id := ""
	if e.journal != nil {
		id = e.state.ID
	}
	e.mu.Unlock()
	if req.RestoreShield && id != "" {
		select {
		case <-e.shield.restore(id, "quit"):
		case <-ctx.Done():
			e.logf("warning: the focus shield was not all put back before quitting; it will be at the next start or resolve")
		}
	}
	e.logf("quitting (asked over the control API)")
	e.quitted.Do(func() { close(e.quit) })
	return e.shield.view()
}

// shieldIncident is what the focus back-ends may say about an incident.
func (e *Engine) shieldIncident(s incident.State) focus.Incident {
	return focus.Incident{
		Title: s.Title, Severity: s.Severity, Cadence: e.policy.CadenceFor(s.Severity),
		UpdatesAt: withToken(e.statusURL, e.pageToken), Drill: s.Drill,
	}
}
