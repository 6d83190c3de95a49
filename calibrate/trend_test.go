package calibrate

import (
	"testing"

	"github.com/keepcool/keepcool/engine/api"
)

// drill is a finished drill on day i: first update after ttfu minutes
// (negative: none), missed promises, median lateness and estimate error
// in minutes.
func drill(i int, scenario string, ttfu float64, missed int, late, miss float64) api.HistoryEntry {
	e := past(i, 2, 30, 90, miss)
	e.Drill, e.Scenario = true, scenario
	e.Figures.MissedPromises = missed
	e.Figures.MedianLateness = *secs(late)
	if ttfu >= 0 {
		e.Figures.TimeToFirstUpdate = secs(ttfu)
	}
	return e
}

func TestDrills(t *testing.T) {
	// Newest first, as history lists them; a real incident and an
	// unfinished drill are not part of the trend.
	open := drill(9, "db-failover", 1, 0, 0, 0)
	open.ResolvedAt = nil
	h := []api.HistoryEntry{open, drill(3, "db-failover", 3, 0, 0, -10), past(2, 2, 30, 90, 0),
		drill(2, "dns", 4, 1, 2, 0), drill(1, "db-failover", -1, 1, 1, 20), drill(0, "db-failover", 6, 2, 4, 30)}
	trends := Drills(h)
	if len(trends) != 2 || trends[0].Scenario != "" || len(trends[0].Drills) != 4 || trends[1].Scenario != "db-failover" || len(trends[1].Drills) != 3 {
		t.Fatalf("trends %+v", trends)
	}
	if first := trends[0].Drills[0]; first.DeclaredAt != day || *first.EstimateError != 30*60 {
		t.Errorf("oldest first: %+v", first)
	}
	want := []string{
		"time to first update: 6 min → 3 min, improving",
		"missed promises: 2 → 0, improving",
		"median lateness: 4 min → 0 s, improving",
		"estimate error: 30 min → 10 min, improving",
	}
	for i, m := range trends[0].Measures {
		if got := m.Sentence(); got != want[i] {
			t.Errorf("measure %d: %q, want %q", i, got, want[i])
		}
	}
	if m := trends[0].Measures[0]; m.Drills != 3 {
		t.Errorf("a drill without an update has no time to first update: %+v", m)
	}
}

func TestDrillVerdicts(t *testing.T) {
	h := []api.HistoryEntry{drill(1, "", 8, 1, 0, 0), drill(0, "", 5, 1, 0, 0)}
	ms := Drills(h)[0].Measures
	if ms[0].Sentence() != "time to first update: 5 min → 8 min, worse" || ms[1].Sentence() != "missed promises: 1 → 1, unchanged" {
		t.Errorf("%q %q", ms[0].Sentence(), ms[1].Sentence())
	}
	one := Drills(h[:1])[0].Measures[0]
	if one.Sentence() != "time to first update: 8 min (one drill so far)" {
		t.Errorf("%q", one.Sentence())
	}
	if Drills([]api.HistoryEntry{past(0, 2, 30, 90, 0)}) != nil {
		t.Error("no drills, no trend")
	}
}
