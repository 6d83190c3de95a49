package engine

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/drill"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// DrillNotifier shows what drills need the engineer to see: a scheduled
// drill's reminder (with Start drill and Skip) and a scenario's scripted
// message. alerts.Drills does, with desktop notifications.
type DrillNotifier interface {
	Remind(ctx context.Context, r DrillReminder) error
	ScenarioMessage(ctx context.Context, incidentID, text string) error
}

// DrillReminder is one scheduled drill fallen due.
type DrillReminder struct {
	Scenario string // its name: start it with api.StartRequest{Scenario: …}
	Title    string // the scenario's title, "" when its file does not read
	Schedule string // the cron spec it fell due by
	Slot     time.Time
}

// drillState is the engine's drill state beside e.mu's: the running
// scenario's scripted events, and the faults they put on channels.
type drillState struct {
	run drillRun   // under e.mu
	log drillLog   // under e.mu
	mu  sync.Mutex // guards live and down: read by the outbox's workers, which must not wait for e.mu
	// live is the drill whose faults apply: the active incident while it
	// is a scenario's drill, else "". A fault outlives neither: a channel
	// sends in order, so a fault left standing would hold up the next
	// (real) incident's messages behind the drill's.
	live string
	down []fault
}

// drillRun is the active drill's scenario and how many of its scripted
// events the journal says have happened (they happen in time order).
type drillRun struct {
	id     string // the incident; "" none loaded
	events []drill.Event
	fired  int
}

// fault makes a channel's drill messages fail for a while.
type fault struct {
	incident, channel string
	until             time.Time
}

// drillsDirLocked is the scenarios' folder. Callers hold e.mu.
func (e *Engine) drillsDirLocked() string {
	home, _ := os.UserHomeDir()
	return e.opts.Config.Drills.Path(e.opts.Paths.ConfigFile, home)
}

// drillChannelsLocked maps each channel's name to whether it gets drills.
// Callers hold e.mu.
func (e *Engine) drillChannelsLocked() map[string]bool {
	out := map[string]bool{}
	for _, r := range e.channels {
		out[r.Channel.Name()] = r.Drill
	}
	return out
}

// withScenarioLocked fills what a drill's request leaves empty from its
// scenario: title, severity, estimate, impact, known, unknown and plan. A
// scenario implies a drill. It returns the scenario's scripted events too
// (nil without a scenario), for startRunLocked: the file is read once.
// Callers hold e.mu.
func (e *Engine) withScenarioLocked(req api.StartRequest) (api.StartRequest, []drill.Event, error) {
	if req.Scenario == "" {
		return req, nil, nil
	}
	sc, err := drill.Load(e.drillsDirLocked(), req.Scenario)
	if err == nil {
		// A fault on a channel that gets no drills would practise nothing.
		err = sc.CheckChannels(e.drillChannelsLocked())
	}
	if err != nil { // a usage error: the engineer names another, or fixes the file
		return req, nil, badRequest("scenario %s: %v", req.Scenario, err)
	}
	req.Drill = true
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	fill(&req.Title, sc.Title)
	fill(&req.ETA, sc.Estimate)
	fill(&req.Impact, sc.Impact)
	fill(&req.Known, sc.Known)
	fill(&req.Unknown, sc.Unknown)
	fill(&req.Plan, sc.Plan)
	if req.Severity == 0 {
		req.Severity = sc.Severity
	}
	if req.Severity == 0 {
		req.Severity = 3 // a practice with no severity said: a middling one
	}
	if strings.TrimSpace(req.Title) == "" {
		req.Title = sc.Name
	}
	if req.ETA == "" {
		req.ETA = "30m-90m"
	}
	return req, sc.Events, nil
}

// drillStep runs the active drill's scripted events that are due and
// reminds of scheduled drills that are; it returns the loop's wait, made
// shorter when a scripted event or a reminder comes sooner.
func (e *Engine) drillStep(ctx context.Context, wait time.Duration, armed bool) (time.Duration, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.now()
	next := e.scriptStepLocked(ctx, now)
	if n := e.remindStepLocked(ctx, now); !n.IsZero() && (next.IsZero() || n.Before(next)) {
		next = n
	}
	if next.IsZero() {
		return wait, armed
	}
	d := max(next.Sub(now), 10*time.Millisecond)
	if !armed || d < wait {
		return d, true
	}
	return wait, armed
}

// scriptStepLocked journals each scripted event of the active drill that is
// due, then acts on it; it returns when the next one is due (zero: none).
// The journal decides what has happened: after a restart the events it
// holds are not run again. Callers hold e.mu.
func (e *Engine) scriptStepLocked(ctx context.Context, now time.Time) time.Time {
	st := e.state
	if e.journal == nil || !st.Drill || st.Scenario == "" {
		return time.Time{}
	}
	if e.drills.run.id != st.ID {
		e.loadRunLocked(st)
	}
	run := &e.drills.run
	for run.fired < len(run.events) {
		ev := run.events[run.fired]
		at := st.DeclaredAt.Add(ev.At)
		if at.After(now) {
			return at
		}
		if err := e.appendLocked(now, incident.KindScenarioEvent, incident.ScenarioEvent{
			Kind: ev.Kind, Channel: ev.Channel, Text: ev.Describe(),
		}); err != nil {
			e.logf("error: scripted event %s: %v (retrying in 5s)", ev.Kind, err)
			return now.Add(5 * time.Second)
		}
		run.fired++
		e.actLocked(ctx, st.ID, ev, now)
	}
	return time.Time{}
}

// startRunLocked makes the drill just declared (id, with its scenario's
// events) the one whose script runs: none of them has happened yet, so
// neither the scenario nor the journal is read again (loadRunLocked).
// Callers hold e.mu.
func (e *Engine) startRunLocked(id string, events []drill.Event) {
	e.drills.run = drillRun{id: id, events: events}
	e.setFaultsLive(id)
}

// loadRunLocked reads the drill's scenario and, from the journal, how many
// of its events have happened (and which channel faults still last).
func (e *Engine) loadRunLocked(st incident.State) {
	e.drills.run = drillRun{id: st.ID}
	e.setFaultsLive(st.ID)
	sc, err := drill.Load(e.drillsDirLocked(), st.Scenario)
	if err != nil {
		e.logf("warning: drill scenario %s: %v; its scripted events do not run", st.Scenario, err)
		return
	}
	e.drills.run.events = sc.Events
	events, _, err := incident.ReadJournal(e.store.path(st.ID))
	if err != nil {
		e.logf("warning: drill %s: reading its journal: %v", st.ID, err)
	}
	for _, ev := range events {
		if ev.Kind != incident.KindScenarioEvent || e.drills.run.fired >= len(sc.Events) {
			continue
		}
		if s := sc.Events[e.drills.run.fired]; s.Kind == drill.KindChannelFails {
			e.addFault(fault{incident: st.ID, channel: s.Channel, until: ev.At.Add(s.For)})
		}
		e.drills.run.fired++
	}
}

// actLocked carries out a scripted event that was just journalled.
func (e *Engine) actLocked(ctx context.Context, id string, ev drill.Event, now time.Time) {
	switch ev.Kind {
	case drill.KindChannelFails:
		e.addFault(fault{incident: id, channel: ev.Channel, until: now.Add(ev.For)})
		e.logf("drill: channel %s fails until %s (scripted)", ev.Channel, e.timeStyleLocked().Time(now.Add(ev.For), now))
	case drill.KindMessage:
		e.logf("drill: scripted message: %s", ev.Text)
		if n := e.opts.Drills; n != nil {
			e.handOff(ctx, "the drill's message", func(ctx context.Context) error { return n.ScenarioMessage(ctx, id, ev.Text) })
		}
	}
}

func (e *Engine) addFault(f fault) {
	e.drills.mu.Lock()
	defer e.drills.mu.Unlock()
	e.drills.down = append(e.drills.down, f)
}

// setFaultsLive makes id the drill whose faults apply ("" none), dropping
// any other's. A channel a dropped fault held down tries again at once,
// not when its backoff (up to minutes) runs out: the next real incident's
// first message must not wait on a practice's failures.
func (e *Engine) setFaultsLive(id string) {
	e.drills.mu.Lock()
	e.drills.live = id
	var freed []string
	e.drills.down = slices.DeleteFunc(e.drills.down, func(f fault) bool {
		if f.incident != id && !slices.Contains(freed, f.channel) {
			freed = append(freed, f.channel)
		}
		return f.incident != id
	})
	e.drills.mu.Unlock()
	for _, name := range freed {
		if e.outbox != nil && e.outbox.RetryNow(name) {
			e.logf("drill: channel %s tries again now that the drill's fault is dropped", name)
		}
	}
}

// drillEndedLocked forgets the active incident's drill, if it was one:
// its scripted events stop and the channels it held down send again at
// once (what the drill queued goes first). Callers hold e.mu.
func (e *Engine) drillEndedLocked() {
	e.drills.run = drillRun{}
	e.setFaultsLive("")
}

// failing is the scripted fault on channel for a drill's message, if any:
// a real incident's messages are never failed, nor those of a drill no
// longer active.
func (e *Engine) failing(m updates.Message, channel string, now time.Time) (time.Time, bool) {
	if !m.Drill {
		return time.Time{}, false
	}
	e.drills.mu.Lock()
	defer e.drills.mu.Unlock()
	if m.IncidentID != e.drills.live {
		return time.Time{}, false
	}
	for _, f := range e.drills.down {
		if f.incident == m.IncidentID && f.channel == channel && now.Before(f.until) {
			return f.until, true
		}
	}
	return time.Time{}, false
}

// drillChannel is a configured channel as the engine registers it: it
// refuses a drill's message unless it takes drills (drill, from the config
// it was built from: a reload registers a new one), and a scenario can make
// a drill channel's drill messages fail.
type drillChannel struct {
	updates.Channel
	e     *Engine
	drill bool
}

// Unwrap is the configured channel, for what the engine asks of it
// beside sending (adoptFoundLocked's finder).
func (c drillChannel) Unwrap() updates.Channel { return c.Channel }

func (c drillChannel) Send(ctx context.Context, m updates.Message) error {
	if m.Drill && !c.drill {
		// The last guard: queued before drill = true was removed, and not
		// yet taken out (dropDrillsLocked leaves a message being sent).
		return errNotForDrills
	}
	if until, ok := c.e.failing(m, c.Name(), c.e.now()); ok {
		// Read by the engineer mid-drill (replies, status, the post-mortem): a clock time in the configured zone.
		ts := c.e.TimeStyle()
		return fmt.Errorf("drill: this channel fails by the scenario's script until %s %s; keep stakeholders informed another way",
			ts.ClockSeconds(until), ts.ZoneName(until))
	}
	return c.Channel.Send(ctx, m)
}

// Misconfiguration passes the wrapped channel's on.
func (c drillChannel) Misconfiguration() error {
	if m, ok := c.Channel.(updates.Misconfigured); ok {
		return m.Misconfiguration()
	}
	return nil
}

// drillChannels wraps each channel in a drillChannel.
func (e *Engine) drillChannels(rs []Registered) []Registered {
	out := make([]Registered, len(rs))
	for i, r := range rs {
		r.Channel = drillChannel{Channel: r.Channel, e: e, drill: r.Drill}
		out[i] = r
	}
	return out
}

// drillReload wraps reload so the channels it builds are wrapped too.
func (e *Engine) drillReload(reload func() (config.Config, []Registered, error)) func() (config.Config, []Registered, error) {
	if reload == nil {
		return nil
	}
	return func() (config.Config, []Registered, error) {
		cfg, rs, err := reload()
		return cfg, e.drillChannels(rs), err
	}
}
