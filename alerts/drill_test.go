//go:build linux

package alerts_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keepcool/keepcool/alerts"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/drill"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testbus"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/notify/notifytest"
)

// A scheduled drill fires from its cron spec on the engine's own clock (a
// fake wall clock that runs from Tuesday 09:59:59): the reminder is on
// the notification server with Start drill and Skip; Skip is recorded,
// Start drill starts the scenario's drill and opens the prompt.
func TestScheduledDrillReminderOnTheDesktop(t *testing.T) {
	bus := testbus.Start(t, nil)
	srv := notifytest.Start(t, bus.Address, "body", "actions")
	home := t.TempDir()
	paths, err := config.Locate(func(k string) string {
		if k == "KEEPCOOL_HOME" {
			return home
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	for _, name := range []string{"db-failover", "cache"} {
		s, err := drill.ParseSchedule("0 10 * * TUE", name)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Drills.Schedules = append(cfg.Drills.Schedules, s)
		writeFile(t, filepath.Join(home, "drills", name+".toml"), "title = \"Practice "+name+"\"\nseverity = 3\nestimate = \"1h\"\n")
	}
	base, real0 := time.Date(2026, 12, 1, 9, 59, 59, 0, time.UTC), time.Now()
	var skipped atomic.Int64 // how far the test moved the clock on
	now := func() time.Time { return base.Add(time.Since(real0) + time.Duration(skipped.Load())) }

	d := notify.New(notify.Options{App: "keepcool", Bus: bus.Address})
	t.Cleanup(d.Disconnect)
	win := &windows{}
	drills := alerts.NewDrills(alerts.Options{Desktop: d, Windows: win})
	eng, err := engine.New(engine.Options{Paths: paths, Config: cfg, Engineer: "Sam", Now: now, Drills: drills, Tick: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	go drills.Watch(ctx, eng)

	var got []notifytest.Notification
	poll.For(t, "two reminders at 10:00", func() bool { got = srv.Received(); return len(got) == 2 })
	if now().Before(base.Add(time.Second)) {
		t.Fatalf("reminded at %v, before the 10:00 slot", now())
	}
	byTitle := map[string]notifytest.Notification{}
	for _, n := range got {
		byTitle[n.Summary] = n
		if !slices.Equal(n.Actions, []string{"start-drill", "Start drill", "skip-drill", "Skip"}) {
			t.Errorf("actions = %q", n.Actions)
		}
	}
	skip, start := byTitle["Drill due: Practice db-failover"], byTitle["Drill due: Practice cache"]
	if skip.ID == 0 || start.ID == 0 {
		t.Fatalf("reminders = %+v", got)
	}

	// Clicked as a person would: once keepcool knows what it showed.
	poll.For(t, "both reminders known", func() bool { return alerts.Reminding(drills, skip.ID) && alerts.Reminding(drills, start.ID) })
	srv.Invoke(t, skip.ID, "skip-drill")
	poll.For(t, "the skip recorded", func() bool { return schedule(eng, "db-failover").LastOutcome == "skipped" })
	poll.For(t, "the answered reminder closed", func() bool { return slices.Contains(srv.Closed(), skip.ID) })

	// A reminder answered elsewhere (keepcool drill skip) does nothing
	// when clicked late: it only goes away.
	if _, err := eng.SkipDrill(api.DrillSkipRequest{Scenario: "cache"}); err != nil {
		t.Fatal(err)
	}
	srv.Invoke(t, start.ID, "start-drill")
	poll.For(t, "the stale reminder closed", func() bool { return slices.Contains(srv.Closed(), start.ID) })
	if inc := eng.Status().Incident; inc != nil {
		t.Fatalf("a stale reminder started %+v", inc)
	}

	// Next Tuesday, Start drill starts the scenario's drill.
	skipped.Store(int64(7 * 24 * time.Hour)) // the engine's wall-clock tick (1 s here) sees it
	poll.For(t, "next week's reminders", func() bool { got = srv.Received(); return len(got) == 4 })
	for _, n := range got[2:] {
		if n.Summary == "Drill due: Practice cache" {
			start = n
		}
	}
	poll.For(t, "next week's reminder known", func() bool { return alerts.Reminding(drills, start.ID) })
	srv.Invoke(t, start.ID, "start-drill")
	poll.For(t, "the drill started", func() bool { return eng.Status().Incident != nil })
	inc := eng.Status().Incident
	if !inc.Drill || inc.Scenario != "cache" || inc.Title != "Practice cache" {
		t.Errorf("incident = %+v", inc)
	}
	poll.For(t, "the prompt opened", func() bool { return slices.Equal(win.list(), []string{"prompt"}) })
	if s := schedule(eng, "cache"); s.LastOutcome != "started" {
		t.Errorf("cache schedule = %+v", s)
	}
}

func schedule(eng *engine.Engine, scenario string) api.DrillSchedule {
	for _, s := range eng.Drills().Schedules {
		if s.Scenario == scenario {
			return s
		}
	}
	return api.DrillSchedule{}
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
}
