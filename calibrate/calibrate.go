// Package calibrate teaches from history: how often the engineer's first
// fix estimates held, and by how much they missed (estimate calibration),
// and whether drills show the team getting better (the drill trend). It
// is pure: it reads history entries with their post-mortem figures and
// returns numbers and sentences, nothing else.
package calibrate

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
)

// Enough is how many past incidents a calibration needs before it says
// anything: one or two say more about luck than about the estimates.
const Enough = 3

// Calibration is how the first estimates of a set of past real incidents
// held: those of one severity (or all), given as one range (or any). It is
// the API's type: the engine sends it as it is.
type Calibration = api.Calibration

// counts reports whether e teaches about estimates: a real incident (not
// a drill), resolved, whose first estimate is known.
func counts(e api.HistoryEntry) bool {
	return !e.Drill && e.ResolvedAt != nil && e.Figures != nil && e.Figures.FirstEstimateError != nil
}

// Of calibrates the estimates of past real incidents of severity sev (0:
// any) whose first estimate was r (nil: any). Ranges are compared to the
// minute: "30m-90m" given at 10:00:20 is still 30–90 min.
func Of(h []api.HistoryEntry, sev int, r *postmortem.Range) Calibration {
	c := Calibration{Severity: sev}
	if r != nil {
		k := Minutes(*r)
		c.Range = &k
	}
	var over []postmortem.Seconds
	for _, e := range h {
		if !counts(e) || sev != 0 && e.Severity != sev || c.Range != nil && Minutes(e.Figures.FirstEstimate) != *c.Range {
			continue
		}
		c.Incidents++
		switch miss := *e.Figures.FirstEstimateError; {
		case miss > 0:
			c.Over++
			over = append(over, miss)
		case miss < 0:
			c.Under++
		default:
			c.Held++
		}
	}
	c.MedianOverrun = postmortem.Median(over)
	c.Enough = c.Incidents >= Enough
	if c.Enough {
		c.Sentence = Describe(c)
	}
	return c
}

// For is the calibration to show when declaring severity sev with range
// r: that severity's estimates of that range when there are enough of
// them, else that range's at any severity when there are enough of those,
// else the first (not Enough: show nothing).
func For(h []api.HistoryEntry, sev int, r postmortem.Range) Calibration {
	exact := Of(h, sev, &r)
	if exact.Enough || sev == 0 {
		return exact
	}
	if anySev := Of(h, 0, &r); anySev.Enough {
		return anySev
	}
	return exact
}

// Severity is one severity's calibration, over all its ranges and per
// range (shortest first).
type Severity struct {
	All    Calibration   `json:"all"`
	Ranges []Calibration `json:"ranges"`
}

// BySeverity calibrates each severity that has past real incidents with
// a first estimate, most severe (SEV1) first.
func BySeverity(h []api.HistoryEntry) []Severity {
	ranges := map[int][]postmortem.Range{}
	for _, e := range h {
		if !counts(e) {
			continue
		}
		if r := Minutes(e.Figures.FirstEstimate); !slices.Contains(ranges[e.Severity], r) {
			ranges[e.Severity] = append(ranges[e.Severity], r)
		}
	}
	var out []Severity
	for sev := range 10 {
		rs, ok := ranges[sev]
		if !ok {
			continue
		}
		slices.SortFunc(rs, func(a, b postmortem.Range) int {
			return cmp.Or(cmp.Compare(a.Max, b.Max), cmp.Compare(a.Min, b.Min))
		})
		s := Severity{All: Of(h, sev, nil)}
		for _, r := range rs {
			s.Ranges = append(s.Ranges, Of(h, sev, &r))
		}
		out = append(out, s)
	}
	return out
}

// Minutes is r rounded to whole minutes: how ranges are compared.
func Minutes(r postmortem.Range) postmortem.Range {
	round := func(s postmortem.Seconds) postmortem.Seconds { return (s + 30) / 60 * 60 }
	return postmortem.Range{Min: round(r.Min), Max: round(r.Max)}
}

// Describe says c for people: "your 30–90 min SEV2 estimates held 5 of 8
// times; median overrun 25 min" (c.Sentence); without enough history it
// says so.
func Describe(c Calibration) string {
	what := what(c)
	if !c.Enough {
		return fmt.Sprintf("not enough history yet for your %s estimates: %s (%d needed)",
			what, timefmt.Count(c.Incidents, "past incident", "past incidents"), Enough)
	}
	s := fmt.Sprintf("your %s estimates held %d of %d times", what, c.Held, c.Incidents)
	if c.Over > 0 {
		s += "; median overrun " + span(c.MedianOverrun)
	}
	if c.Under > 0 {
		s += fmt.Sprintf("; %d fixed early", c.Under)
	}
	return s
}

// what names the estimates: "30–90 min SEV2", "SEV2", "30–90 min", "fix".
func what(c Calibration) string {
	var s string
	if c.Range != nil {
		s = RangeLabel(*c.Range)
	}
	if c.Severity != 0 {
		if s != "" {
			s += " "
		}
		s += fmt.Sprintf("SEV%d", c.Severity)
	}
	if s == "" {
		return "fix"
	}
	return s
}
