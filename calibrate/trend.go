package calibrate

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
)

// Drill is one finished drill's figures, as the trend compares them.
type Drill struct {
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	Scenario   string    `json:"scenario,omitempty"`
	DeclaredAt time.Time `json:"declared_at"`
	// TimeToFirstUpdate is nil when no update was posted.
	TimeToFirstUpdate *postmortem.Seconds `json:"time_to_first_update_seconds,omitempty"`
	MissedPromises    int                 `json:"missed_promises"`
	MedianLateness    postmortem.Seconds  `json:"median_lateness_seconds"`
	// EstimateError is how far from its first estimate the fix landed,
	// either way (0 inside); nil without an estimate.
	EstimateError *postmortem.Seconds `json:"estimate_error_seconds,omitempty"`
}

// Measure is one figure across drills, oldest to newest.
type Measure struct {
	Name   string `json:"name"`   // "time to first update"
	Drills int    `json:"drills"` // drills that have the figure
	// First and Last are the oldest and the newest drill's figure (whole
	// seconds for spans, a count for missed promises).
	First int64 `json:"first"`
	Last  int64 `json:"last"`
	// Verdict is "improving", "worse" or "unchanged" (lower is better for
	// every measure); "" with fewer than two drills.
	Verdict string `json:"verdict,omitempty"`
	Count   bool   `json:"count,omitempty"` // First and Last are counts, not seconds
}

// Trend is a run of drills, oldest first, and what they show.
type Trend struct {
	Scenario string    `json:"scenario,omitempty"` // "": every drill
	Drills   []Drill   `json:"drills"`
	Measures []Measure `json:"measures"`
}

// Drills is the trend across every finished drill, then one per scenario
// practised at least twice (unless that is every drill already).
func Drills(h []api.HistoryEntry) []Trend {
	var all []Drill
	for _, e := range h {
		if !e.Drill || e.ResolvedAt == nil || e.Figures == nil {
			continue
		}
		all = append(all, drillOf(e))
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b Drill) int {
		return cmp.Or(a.DeclaredAt.Compare(b.DeclaredAt), cmp.Compare(a.ID, b.ID))
	})
	out := []Trend{trendOf("", all)}
	var scenarios []string
	for _, d := range all {
		if d.Scenario != "" && !slices.Contains(scenarios, d.Scenario) {
			scenarios = append(scenarios, d.Scenario)
		}
	}
	slices.Sort(scenarios)
	for _, s := range scenarios {
		var ds []Drill
		for _, d := range all {
			if d.Scenario == s {
				ds = append(ds, d)
			}
		}
		if len(ds) >= 2 && len(ds) < len(all) {
			out = append(out, trendOf(s, ds))
		}
	}
	return out
}

func drillOf(e api.HistoryEntry) Drill {
	f := e.Figures
	d := Drill{ID: e.ID, Title: e.Title, Scenario: e.Scenario, DeclaredAt: e.DeclaredAt,
		TimeToFirstUpdate: f.TimeToFirstUpdate, MissedPromises: f.MissedPromises, MedianLateness: f.MedianLateness}
	if miss := f.FirstEstimateError; miss != nil {
		abs := max(*miss, -*miss)
		d.EstimateError = &abs
	}
	return d
}

func trendOf(scenario string, ds []Drill) Trend {
	seconds := func(s *postmortem.Seconds) (int64, bool) {
		if s == nil {
			return 0, false
		}
		return int64(*s), true
	}
	return Trend{Scenario: scenario, Drills: ds, Measures: []Measure{
		measure("time to first update", ds, false, func(d Drill) (int64, bool) { return seconds(d.TimeToFirstUpdate) }),
		measure("missed promises", ds, true, func(d Drill) (int64, bool) { return int64(d.MissedPromises), true }),
		measure("median lateness", ds, false, func(d Drill) (int64, bool) { return int64(d.MedianLateness), true }),
		measure("estimate error", ds, false, func(d Drill) (int64, bool) { return seconds(d.EstimateError) }),
	}}
}

// measure compares the oldest drill that has the figure with the newest.
func measure(name string, ds []Drill, count bool, of func(Drill) (int64, bool)) Measure {
	m := Measure{Name: name, Count: count}
	for _, d := range ds {
		v, ok := of(d)
		if !ok {
			continue
		}
		if m.Drills == 0 {
			m.First = v
		}
		m.Last = v
		m.Drills++
	}
	if m.Drills >= 2 {
		switch {
		case m.Last < m.First:
			m.Verdict = "improving"
		case m.Last > m.First:
			m.Verdict = "worse"
		default:
			m.Verdict = "unchanged"
		}
	}
	return m
}

// Sentence says m for people: "time to first update: 6 min → 3 min,
// improving".
func (m Measure) Sentence() string {
	switch m.Drills {
	case 0:
		return m.Name + ": not measured yet"
	case 1:
		return fmt.Sprintf("%s: %s (one drill so far)", m.Name, m.value(m.First))
	}
	return fmt.Sprintf("%s: %s → %s, %s", m.Name, m.value(m.First), m.value(m.Last), m.Verdict)
}

func (m Measure) value(v int64) string {
	if m.Count {
		return fmt.Sprint(v)
	}
	return span(postmortem.Seconds(v))
}
