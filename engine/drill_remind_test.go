package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/drill"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

func drillConfig(t *testing.T, specs ...string) config.Config {
	t.Helper()
	cfg := config.Default()
	for _, spec := range specs {
		s, err := drill.ParseSchedule(spec, "db-failover")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Drills.Schedules = append(cfg.Drills.Schedules, s)
	}
	return cfg
}

func drillLogLines(t *testing.T, paths config.Paths) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(paths.StateDir, drillLogName))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// "0 10 * * TUE" fires at 10:00 on Tuesday, from the injected clock: the
// reminder is recorded and shown once; Skip is recorded; a laptop asleep
// across the next two Tuesdays is reminded once when it wakes; with an
// incident active the drill is skipped, not reminded.
func TestScheduledDrillFiresFromItsCronSpec(t *testing.T) {
	paths := testPaths(t)
	writeScenario(t, paths, "db-failover.toml", failoverScenario)
	clk := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)} // Monday
	notes := &drillNotes{}
	opts := Options{Paths: paths, Config: drillConfig(t, "0 10 * * TUE"), Engineer: "Sam", Now: clk.Now, Drills: notes,
		Channels: []Registered{{Type: "slack", Drill: true, Channel: &endpoint{name: "drills"}}}} // the scenario's channel_fails names it
	r := launch(t, opts)
	ctx := context.Background()
	step := func() {
		r.eng.poke()
		if _, err := r.c.Status(ctx); err != nil { // gives the loop its turn; a missed turn only weakens the "no reminder yet" check
			t.Fatal(err)
		}
	}
	poll.For(t, "the schedule armed", func() bool {
		_, err := os.Stat(filepath.Join(paths.StateDir, drillLogName))
		return err == nil
	})
	d, err := r.c.Drills(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Scenarios) != 1 || d.Scenarios[0].Title != "Primary database fails over" || d.Scenarios[0].Events != 2 {
		t.Fatalf("scenarios = %+v", d.Scenarios)
	}
	tue := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if s := d.Schedules[0]; s.NextDue == nil || !s.NextDue.Equal(tue) || s.LastOutcome != "" {
		t.Fatalf("schedule = %+v, want next due %v", s, tue)
	}

	clk.set(tue.Add(-time.Second))
	step()
	if n, _ := notes.counts(); n != 0 {
		t.Fatalf("%d reminders before 10:00", n)
	}
	clk.add(5 * time.Second)
	r.eng.poke()
	poll.For(t, "the reminder", func() bool { n, _ := notes.counts(); return n == 1 })
	for range 3 { // more wake-ups remind no more
		clk.add(time.Minute)
		step()
	}
	if n, _ := notes.counts(); n != 1 {
		t.Fatalf("%d reminders for one slot", n)
	}
	if got := notes.reminder(0); got.Scenario != "db-failover" || !got.Slot.Equal(tue) || got.Title != "Primary database fails over" {
		t.Errorf("reminder = %+v", got)
	}
	if d, _ := r.c.Drills(ctx); !d.Schedules[0].Pending || d.Schedules[0].LastOutcome != "reminded" {
		t.Errorf("after the reminder: %+v", d.Schedules[0])
	}
	if !r.eng.DrillPending("db-failover") || !r.eng.DrillPending("") || r.eng.DrillPending("cache") {
		t.Error("DrillPending does not see the reminder of db-failover alone")
	}
	rep, err := r.c.SkipDrill(ctx, "")
	if err != nil || len(rep.Skipped) != 1 {
		t.Fatalf("skip: %+v, %v", rep, err)
	}
	if _, err := r.c.SkipDrill(ctx, ""); err == nil {
		t.Error("a second skip found a reminder to skip")
	}
	if r.eng.DrillPending("db-failover") {
		t.Error("DrillPending after the skip")
	}
	lines := drillLogLines(t, paths)
	if len(lines) != 3 || !strings.Contains(lines[0], `"armed"`) || !strings.Contains(lines[1], `"reminded"`) || !strings.Contains(lines[2], `"skipped by the engineer"`) {
		t.Fatalf("drills log:\n%s", strings.Join(lines, "\n"))
	}
	r.stop()

	// Asleep (keepcool not running) across 8 and 15 December: one reminder on waking.
	clk.set(time.Date(2026, 12, 17, 8, 0, 0, 0, time.UTC))
	r = launch(t, opts)
	poll.For(t, "one reminder after the sleep", func() bool { n, _ := notes.counts(); return n == 2 })
	if got := notes.reminder(1); !got.Slot.Equal(time.Date(2026, 12, 15, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("slot = %v, want the latest missed", got.Slot)
	}
	// Start drill answers it.
	if _, err := r.c.Start(ctx, api.StartRequest{Scenario: "db-failover"}); err != nil {
		t.Fatal(err)
	}
	if d, _ := r.c.Drills(ctx); d.Schedules[0].LastOutcome != "started" || d.Schedules[0].Pending {
		t.Errorf("after starting: %+v", d.Schedules[0])
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}

	// A real incident is active on the next Tuesday: skipped, not reminded.
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 1, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	clk.set(time.Date(2026, 12, 22, 10, 0, 1, 0, time.UTC))
	r.eng.poke()
	poll.For(t, "the skip recorded", func() bool {
		d, _ := r.c.Drills(ctx)
		return d.Schedules[0].LastOutcome == "skipped"
	})
	if d, _ := r.c.Drills(ctx); d.Schedules[0].LastWhy != "an incident was active" {
		t.Errorf("why = %q", d.Schedules[0].LastWhy)
	}
	if n, _ := notes.counts(); n != 2 {
		t.Errorf("%d reminders, want none while the incident is active", n)
	}
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// The drills log stays bounded: past its size, the latest records are kept.
func TestDrillLogBounded(t *testing.T) {
	path := filepath.Join(t.TempDir(), drillLogName)
	var l drillLog
	if err := l.load(path); err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		r := drillRecord{At: time.Unix(int64(i), 0).UTC(), Outcome: drillReminded, Schedule: "@daily", Scenario: "db-failover", Why: strings.Repeat("x", 50)}
		if err := l.append(r); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Size() > drillLogMax {
		t.Fatalf("log is %d bytes (%v), over %d", fi.Size(), err, drillLogMax)
	}
	var again drillLog
	if err := again.load(path); err != nil {
		t.Fatal(err)
	}
	if got := again.last["@daily db-failover"].At; !got.Equal(time.Unix(2999, 0)) {
		t.Errorf("last = %v, want the latest record kept", got)
	}
}
