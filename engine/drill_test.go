package engine

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/drill"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

const failoverScenario = `title = "Primary database fails over"
severity = 2
estimate = "30m-90m"
impact = "EU customers cannot check out"

[[event]]
at = "5m"
kind = "channel_fails"
channel = "drills"
for = "10m"

[[event]]
at = "7m"
kind = "message"
text = "Your VP asks: is it fixed yet?"
`

// drillNotes records what the engine gave its DrillNotifier.
type drillNotes struct {
	mu        sync.Mutex
	reminders []DrillReminder
	messages  []string
}

func (d *drillNotes) Remind(_ context.Context, r DrillReminder) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.reminders = append(d.reminders, r)
	return nil
}

func (d *drillNotes) ScenarioMessage(_ context.Context, _, text string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.messages = append(d.messages, text)
	return nil
}

func (d *drillNotes) counts() (reminders, messages int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.reminders), len(d.messages)
}

func (d *drillNotes) reminder(i int) DrillReminder {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.reminders[i]
}

func writeScenario(t *testing.T, paths config.Paths, name, src string) {
	t.Helper()
	dir := filepath.Join(filepath.Dir(paths.ConfigFile), "drills")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}

func scenarioEvents(t *testing.T, paths config.Paths, id string) []incident.ScenarioEvent {
	t.Helper()
	events, _, err := incident.ReadJournal(filepath.Join(paths.IncidentsDir(), id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var out []incident.ScenarioEvent
	for _, ev := range events {
		if ev.Kind == incident.KindScenarioEvent {
			var d incident.ScenarioEvent
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				t.Fatal(err)
			}
			out = append(out, d)
		}
	}
	return out
}

// A drill from a scenario: the scenario fills the declaration; messages go
// only to the drill channel; at +5 min the script makes that channel fail
// for ten minutes (journalled once, even across a restart), at +7 min the
// engineer gets the scripted message.
func TestDrillScenarioRunsItsScript(t *testing.T) {
	paths := testPaths(t)
	writeScenario(t, paths, "db-failover.toml", failoverScenario)
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	real, practice := &endpoint{name: "ops"}, &endpoint{name: "drills"}
	notes := &drillNotes{}
	opts := Options{
		Paths: paths, Config: config.Default(), Engineer: "Sam", Now: clk.Now, Drills: notes,
		Channels: []Registered{{Type: "slack", Channel: real}, {Type: "slack", Drill: true, Channel: practice}},
		Retry:    updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond},
	}
	r := launch(t, opts)
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Scenario: "db-failover"})
	if err != nil {
		t.Fatal(err)
	}
	if !inc.Drill || inc.Scenario != "db-failover" || inc.Title != "Primary database fails over" || inc.Severity != 2 || inc.Impact != "EU customers cannot check out" ||
		!inc.Estimate.MinAt.Equal(clk.Now().Add(30*time.Minute)) {
		t.Fatalf("drill = %+v", inc)
	}
	poll.For(t, "the declaration on the drill channel", func() bool { return len(practice.received()) == 1 })
	if m := practice.received()[0]; !m.Drill {
		t.Errorf("drill message not marked: %+v", m)
	}

	clk.add(5 * time.Minute)
	r.eng.poke()
	poll.For(t, "the scripted channel failure in the journal", func() bool { return len(scenarioEvents(t, paths, inc.ID)) == 1 })
	if ev := scenarioEvents(t, paths, inc.ID)[0]; ev.Kind != drill.KindChannelFails || ev.Channel != "drills" || !strings.Contains(ev.Text, "10m") {
		t.Errorf("scenario event = %+v", ev)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over to the replica"}); err != nil {
		t.Fatal(err)
	}
	waitScriptedFailure(t, r.eng, "drills")
	if n := len(practice.received()); n != 1 {
		t.Fatalf("the failing channel got %d messages", n)
	}

	clk.add(2 * time.Minute)
	r.eng.poke()
	poll.For(t, "the scripted message", func() bool { _, m := notes.counts(); return m == 1 })
	r.stop()

	// A restart runs nothing twice.
	r = launch(t, opts)
	r.eng.poke()
	if _, err := r.c.Status(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(scenarioEvents(t, paths, inc.ID)); n != 2 {
		t.Fatalf("%d scenario events after the restart, want 2", n)
	}
	clk.add(9 * time.Minute) // +16 min: the failure is over
	r.eng.poke()
	poll.For(t, "the note delivered once the failure ends", func() bool { return len(practice.received()) == 2 })
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "drill done"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the all-clear on the drill channel", func() bool { return len(practice.received()) == 3 })
	if got := real.received(); len(got) != 0 {
		t.Fatalf("the non-drill channel got %d drill messages", len(got))
	}
	if _, m := notes.counts(); m != 1 {
		t.Errorf("%d scripted messages, want 1", m)
	}
}

// A scripted fault fails only that drill's messages: a real incident's
// message on the same channel goes through.
func TestDrillFaultNeverTouchesRealIncidents(t *testing.T) {
	e := &Engine{now: func() time.Time { return time.Unix(1000, 0) }}
	e.setFaultsLive("drill-1")
	e.addFault(fault{incident: "drill-1", channel: "ops", until: time.Unix(2000, 0)})
	ep := &endpoint{name: "ops"}
	ch := e.drillChannels([]Registered{{Drill: true, Channel: ep}})[0].Channel
	ctx := context.Background()
	if err := ch.Send(ctx, updates.Message{IncidentID: "drill-1", Drill: true}); err == nil {
		t.Fatal("the scripted fault did not fail the drill's message")
	}
	if err := ch.Send(ctx, updates.Message{IncidentID: "drill-1", Drill: false}); err != nil {
		t.Fatalf("a real message failed: %v", err)
	}
	if err := ch.Send(ctx, updates.Message{IncidentID: "drill-2", Drill: true}); err != nil {
		t.Fatalf("another drill's message failed: %v", err)
	}
	e.now = func() time.Time { return time.Unix(2000, 0) }
	if err := ch.Send(ctx, updates.Message{IncidentID: "drill-1", Drill: true}); err != nil {
		t.Fatalf("failed after the window: %v", err)
	}
	// Ended early, the drill's fault goes with it.
	e.now = func() time.Time { return time.Unix(1000, 0) }
	e.addFault(fault{incident: "drill-1", channel: "ops", until: time.Unix(2000, 0)})
	e.drillEndedLocked()
	if err := ch.Send(ctx, updates.Message{IncidentID: "drill-1", Drill: true}); err != nil {
		t.Fatalf("failed after the drill ended: %v", err)
	}
	if n := len(ep.received()); n != 4 {
		t.Fatalf("%d delivered, want 4", n)
	}
}

// An unknown scenario is a usage mistake (400, as an unknown runbook is)
// and the reply names the scenarios there are.
func TestStartUnknownScenario(t *testing.T) {
	paths := testPaths(t)
	writeScenario(t, paths, "cache.md", "+++\ntitle = \"Cache\"\n+++\n")
	r := start(t, paths, config.Incident{}, nil)
	_, err := r.c.Start(context.Background(), api.StartRequest{Scenario: "nope"})
	var ae *client.APIError
	if !errors.As(err, &ae) || !ae.IsUsage() || !strings.Contains(err.Error(), `no scenario "nope"`) || !strings.Contains(err.Error(), "it holds cache") {
		t.Fatalf("err = %v, want a 400 naming the scenarios there are", err)
	}
}

// A drill's scripted channel failure ends with the drill: resolved early,
// its backlog goes, and the real incident declared next is not queued
// behind a channel the script still holds down (it would be for a day).
func TestDrillFaultEndsWithTheDrill(t *testing.T) {
	r, practice, clk := drillThenRealIncident(t, updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	ctx := context.Background()
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "rolled back deploy 412"}); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Second) // the channel's backoff (at most 50ms here) runs out
	poll.For(t, "the real incident's note on the drill channel", func() bool {
		got := practice.received()
		return len(got) == 5 && got[4].Note == "rolled back deploy 412" && !got[4].Drill
	})
}

var scriptedUntil = regexp.MustCompile(`until \d\d:\d\d:\d\d [A-Z][A-Za-z0-9+-]*; keep`)

// waitScriptedFailure waits until channel's last error is the scenario's.
func waitScriptedFailure(t *testing.T, e *Engine, channel string) {
	t.Helper()
	poll.For(t, "the drill channel failing", func() bool {
		for _, c := range e.Channels() {
			if c.Name == channel && strings.Contains(c.Status.LastError, "scenario's script") {
				// Said as the engineer reads times, to the second, whole in a reply.
				if !scriptedUntil.MatchString(c.Status.LastError) {
					t.Fatalf("the scripted failure says %q, want a clock time and its zone", c.Status.LastError)
				}
				return true
			}
		}
		return false
	})
}
