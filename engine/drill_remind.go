package engine

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/keepcool/keepcool/drill"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// drillLogLocked is the drills log, read on first use. Callers hold e.mu.
func (e *Engine) drillLogLocked() *drillLog {
	l := &e.drills.log
	if err := l.load(filepath.Join(e.opts.Paths.StateDir, drillLogName)); err != nil {
		e.logf("warning: %v; scheduled drills count from now", err)
	}
	return l
}

// remindStepLocked records and shows every scheduled drill due now (one
// reminder however many of its slots were missed), and returns when the
// next falls due (zero: none). With an incident active no reminder is
// shown: it is recorded as skipped. Callers hold e.mu.
func (e *Engine) remindStepLocked(ctx context.Context, now time.Time) time.Time {
	ss := e.opts.Config.Drills.Schedules
	if len(ss) == 0 {
		return time.Time{}
	}
	log := e.drillLogLocked()
	now = now.In(e.zoneLocked())
	for _, due := range drill.Due(ss, log.handled(), now) {
		s := ss[due.Index]
		r := drillRecord{At: now, Outcome: drillReminded, Schedule: s.Spec, Scenario: s.Scenario, Slot: due.Slot}
		switch {
		case due.Arm:
			r.Outcome = drillArmed
		case e.journal != nil && e.state.Drill:
			r.Outcome, r.Why = drillSkipped, "a drill was running"
		case e.journal != nil:
			r.Outcome, r.Why = drillSkipped, "an incident was active"
		}
		if err := log.append(r); err != nil {
			e.logf("warning: %v (the drill %s is not reminded until it can be recorded)", err, s.Scenario)
			return now.Add(time.Minute)
		}
		if r.Outcome == drillReminded {
			e.remindLocked(ctx, s, due.Slot)
		} else if r.Outcome == drillSkipped {
			e.logf("scheduled drill %s skipped: %s", s.Scenario, r.Why)
		}
	}
	var next time.Time
	for _, s := range ss {
		if n := drill.NextDue(s, log.last[s.Key()].At, now); !n.IsZero() && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	return next
}

// remindLocked hands a reminder to the notifier without holding up the
// engine.
func (e *Engine) remindLocked(ctx context.Context, s drill.Schedule, slot time.Time) {
	r := DrillReminder{Scenario: s.Scenario, Schedule: s.Spec, Slot: slot}
	if sc, err := drill.Load(e.drillsDirLocked(), s.Scenario); err == nil {
		r.Title = sc.Title
	}
	e.logf("scheduled drill due: %s (%s): start it with keepcool start --drill --scenario %s, or skip it with keepcool drill skip", s.Scenario, s.Spec, s.Scenario)
	e.changed()
	if n := e.opts.Drills; n != nil {
		e.handOff(ctx, "the drill reminder", func(ctx context.Context) error { return n.Remind(ctx, r) })
	}
}

// drillStartedLocked records a scenario drill's start in the drills log,
// answering its pending reminders. Callers hold e.mu.
func (e *Engine) drillStartedLocked(st incident.State, now time.Time) {
	if st.Scenario == "" {
		return
	}
	log := e.drillLogLocked()
	r := drillRecord{At: now, Outcome: drillStarted, Scenario: st.Scenario, Incident: st.ID}
	answered := false
	for _, p := range e.pendingLocked(st.Scenario) {
		r.Schedule, answered = p.Schedule, true
		e.appendDrillLocked(log, r)
	}
	if !answered {
		e.appendDrillLocked(log, r)
	}
}

func (e *Engine) appendDrillLocked(log *drillLog, r drillRecord) {
	if err := log.append(r); err != nil {
		e.logf("warning: %v", err)
	}
}

// pendingLocked are the reminders shown and not yet answered, of scenario
// (all when ""). Callers hold e.mu.
func (e *Engine) pendingLocked(scenario string) []drillRecord {
	var out []drillRecord
	log := e.drillLogLocked()
	for _, s := range e.opts.Config.Drills.Schedules {
		r, ok := log.last[s.Key()]
		if ok && r.Outcome == drillReminded && (scenario == "" || scenario == s.Scenario) {
			out = append(out, r)
		}
	}
	return out
}

// SkipDrill records that the engineer skipped pending drill reminders.
func (e *Engine) SkipDrill(req api.DrillSkipRequest) (api.DrillSkipReply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pending := e.pendingLocked(req.Scenario)
	if len(pending) == 0 {
		if req.Scenario != "" {
			return api.DrillSkipReply{}, conflict("no reminder for drill %q is waiting: keepcool drills shows when each is due", req.Scenario)
		}
		return api.DrillSkipReply{}, conflict("no drill reminder is waiting: keepcool drills shows when each is due")
	}
	now, log := e.now(), e.drillLogLocked()
	out := api.DrillSkipReply{Skipped: []string{}}
	for _, p := range pending {
		r := drillRecord{At: now, Outcome: drillSkipped, Schedule: p.Schedule, Scenario: p.Scenario, Slot: p.Slot, Why: "skipped by the engineer"}
		if err := log.append(r); err != nil {
			return out, err
		}
		out.Skipped = append(out.Skipped, p.Scenario)
		e.logf("scheduled drill %s skipped by the engineer", p.Scenario)
	}
	e.changed()
	return out, nil
}

// DrillPending reports whether a reminder of scenario (any, when "")
// waits for an answer: cheap, it reads no scenario file.
func (e *Engine) DrillPending(scenario string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.pendingLocked(scenario)) > 0
}

// Drills lists the scenarios and the schedules with their next time and
// what became of them last. The folder is read without holding e.mu (up
// to 200 files): the engine goes on meanwhile.
func (e *Engine) Drills() api.Drills {
	e.mu.Lock()
	dir := e.drillsDirLocked()
	now := e.now().In(e.zoneLocked())
	schedules := e.opts.Config.Drills.Schedules
	channels := e.drillChannelsLocked()
	log := e.drillLogLocked()
	last := make([]drillRecord, len(schedules))
	for i, s := range schedules {
		last[i] = log.last[s.Key()]
	}
	e.mu.Unlock()

	out := api.Drills{Dir: dir, Scenarios: []api.DrillScenario{}, Schedules: []api.DrillSchedule{}}
	scenarios, errs := drill.List(dir)
	listed := make(map[string]bool, len(scenarios))
	for _, sc := range scenarios {
		listed[sc.Name] = true
		v := api.DrillScenario{
			Name: sc.Name, Title: sc.Title, File: sc.File, Severity: sc.Severity, Estimate: sc.Estimate,
			Impact: sc.Impact, Known: sc.Known, Unknown: sc.Unknown, Plan: sc.Plan, Events: len(sc.Events),
		}
		if err := sc.CheckChannels(channels); err != nil {
			v.Problems = strings.Split(err.Error(), "\n") // one a line, as errors.Join writes them
		}
		out.Scenarios = append(out.Scenarios, v)
	}
	for _, err := range errs { // a file's several problems are one error, a line each
		out.Problems = append(out.Problems, strings.Split(err.Error(), "\n")...)
	}
	// A scenario List read is there; one it could not read (a problem, or
	// past its cap) may be there still: Exists says.
	for i, s := range schedules {
		v := api.DrillSchedule{Spec: s.Spec, Scenario: s.Scenario, Missing: !listed[s.Scenario] && !drill.Exists(dir, s.Scenario)}
		if l := last[i]; l.Outcome != "" && l.Outcome != drillArmed {
			v.LastOutcome, v.LastAt, v.LastWhy = l.Outcome, timePtr(l.At), l.Why
			v.Pending = l.Outcome == drillReminded
		}
		v.NextDue = timePtr(drill.NextDue(s, last[i].At, now))
		out.Schedules = append(out.Schedules, v)
	}
	return out
}
