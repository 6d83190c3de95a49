package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// past is an incident staged in its journal, as the engine writes one: a
// SEV2 declared with "30m-90m", an update after firstUpdate, resolved
// after took.
type past struct {
	day               int
	title, scenario   string
	drill             bool
	firstUpdate, took time.Duration
}

func stagePast(t *testing.T, dir string, p past) {
	t.Helper()
	at := time.Date(2026, 10, p.day, 9, 0, 0, 0, time.UTC)
	id := fmt.Sprintf("%s-%s", at.Format("20060102-150405"), strings.ReplaceAll(strings.ToLower(p.title), " ", "-"))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	j, err := incident.CreateJournal(filepath.Join(dir, id+".jsonl")) // the engine's own writer
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	add := func(at time.Time, kind string, data any) {
		ev, err := incident.NewEvent(at, kind, data)
		if err == nil {
			_, err = j.Append(ev)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	add(at, incident.KindDeclared, incident.Declared{ID: id, Title: p.title, Severity: 2, Drill: p.drill, Scenario: p.scenario,
		Estimate: incident.Estimate{MinAt: at.Add(30 * time.Minute), MaxAt: at.Add(90 * time.Minute)}})
	add(at.Add(p.firstUpdate), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Failing over"})
	add(at.Add(p.took), incident.KindResolved, incident.Resolution{Summary: "Back to normal"})
}

func TestHistoryFiguresTrendAndCalibration(t *testing.T) {
	h := newHome(t, "")
	dir := filepath.Join(h.dir, "state", "incidents")
	for _, p := range []past{
		{day: 1, title: "Checkout returns 500s", firstUpdate: 4 * time.Minute, took: 100 * time.Minute}, // 10 min over
		{day: 2, title: "DB failover practice", scenario: "db-failover", drill: true, firstUpdate: 6 * time.Minute, took: 150 * time.Minute},
		{day: 5, title: "Login times out", firstUpdate: 2 * time.Minute, took: 60 * time.Minute}, // held
		{day: 8, title: "DB failover practice", scenario: "db-failover", drill: true, firstUpdate: 3 * time.Minute, took: 45 * time.Minute},
		{day: 9, title: "Search is empty", firstUpdate: 5 * time.Minute, took: 120 * time.Minute}, // 30 min over
	} {
		stagePast(t, dir, p)
	}
	d := h.startDaemon()
	defer d.stop(t)

	out := h.must("history")
	for _, want := range []string{"UPDATES", "MISSED", "EST. ERROR", "+30m", "held", "[DRILL] DB failover practice",
		"your SEV2 estimates held 1 of 3 times; median overrun 20 min"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}

	var entries []api.HistoryEntry
	if err := json.Unmarshal([]byte(h.must("history", "--json")), &entries); err != nil {
		t.Fatalf("history --json is not an array of entries: %v", err)
	}
	if len(entries) != 5 || entries[0].Title != "Search is empty" || entries[0].Figures == nil ||
		*entries[0].Figures.FirstEstimateError != 1800 || *entries[0].Figures.TimeToFirstUpdate != 300 || entries[1].Scenario != "db-failover" {
		t.Errorf("history --json: %+v", entries)
	}

	drills := h.must("history", "--drills")
	for _, want := range []string{"Drill trend, oldest to newest (2 finished drills)", "time to first update: 6 min → 3 min, improving",
		"estimate error: 1 h 00 min → 0 s, improving"} {
		if !strings.Contains(drills, want) {
			t.Errorf("history --drills lacks %q:\n%s", want, drills)
		}
	}
	if strings.Contains(drills, "Checkout returns 500s") {
		t.Errorf("history --drills lists a real incident:\n%s", drills)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := h.client().Calibration(ctx, 2, "30m-90m")
	if err != nil {
		t.Fatal(err)
	}
	if want := "your 30–90 min SEV2 estimates held 1 of 3 times; median overrun 20 min"; c.Sentence != want || c.Incidents != 3 {
		t.Errorf("GET %s: %+v, want the sentence %q", api.PathCalibration, c, want)
	}

	// Declaring says it too, so the next range is an honest one.
	if out := h.must("start", "Payments slow", "--eta", "30m-90m"); !strings.Contains(out,
		"For calibration: your 30–90 min SEV2 estimates held 1 of 3 times; median overrun 20 min.\n") {
		t.Errorf("start does not say how such estimates held:\n%s", out)
	}
}
