package engine

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/testproc"
	"github.com/keepcool/keepcool/timefmt"
)

// The log names its day and zone on a line of their own, first and again
// when either changes; each line starts with the time of day in the style.
func TestLogNamesTheDayAndZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2026, 11, 30, 22, 50, 5, 0, time.UTC)
	var out bytes.Buffer
	l := newLineLog(&out)
	l.setStyle(timefmt.In(time.UTC))
	l.printAt(mon, "one")
	l.printAt(mon.Add(time.Minute), "two")
	l.setStyle(timefmt.In(berlin)) // a reload: 23:51 UTC is Tuesday in Berlin
	l.printAt(mon.Add(time.Hour), "three")
	l.setStyle(timefmt.Style{Zone: berlin, Hour12: true})
	l.printAt(mon.Add(time.Hour+time.Minute), "four")
	l.printAt(mon.Add(25*time.Hour), "five")
	l.close()
	want := strings.Join([]string{
		"-- Mon 30 Nov 2026, times in UTC --",
		"22:50:05 one",
		"22:51:05 two",
		"-- Tue 1 Dec 2026, times in CET --",
		"00:50:05 three",
		"12:51:05 AM four",
		"-- Wed 2 Dec 2026, times in CET --",
		"12:50:05 AM five",
	}, "\n") + "\n"
	if out.String() != want {
		t.Errorf("log:\n%s\nwant:\n%s", out.String(), want)
	}
}

// What the engine logs reads as [incident] timezone and clock say, not in
// its clock's zone, and a time on another day carries the day.
func TestLogLinesReadAsConfigured(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 30, 22, 50, 0, 0, time.UTC)} // 23:50 in Berlin
	cfg := config.Default()
	cfg.Incident.TimeZone, cfg.Incident.Clock = "Europe/Berlin", "12h"
	var log testproc.Buffer
	r := launch(t, Options{Paths: testPaths(t), Config: cfg, Now: clk.Now, Log: &log})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Snooze(ctx, api.SnoozeRequest{For: "15m"}); err != nil {
		t.Fatal(err)
	}
	clk.add(20 * time.Minute) // 00:10 on Tuesday in Berlin
	if _, err := r.c.Snooze(ctx, api.SnoozeRequest{For: "15m"}); err != nil {
		t.Fatal(err)
	}
	r.stop()
	got := log.String()
	rest := got
	for _, want := range []string{
		"-- Mon 30 Nov 2026, times in CET --\n",
		`11:50:00 PM declared incident `, `"DB down" (SEV1, fix expected Tue 12:20 AM–1:20 AM CET)` + "\n",
		"11:50:00 PM prompts snoozed until Tue 12:05 AM CET\n",
		"-- Tue 1 Dec 2026, times in CET --\n",
		"12:10:00 AM prompts snoozed until 12:25 AM CET\n",
	} {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Fatalf("the log lacks %q after what came before; it is:\n%s", want, got)
		}
		rest = rest[i+len(want):]
	}
	if n := strings.Count(got, "-- Mon 30 Nov 2026"); n != 1 {
		t.Errorf("the day line came %d times, want once:\n%s", n, got)
	}
}
