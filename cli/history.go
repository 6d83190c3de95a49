package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/keepcool/keepcool/calibrate"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
)

// drillsOnly is h's drills ([] when none: printed as JSON, an empty list).
func drillsOnly(h []api.HistoryEntry) []api.HistoryEntry {
	out := []api.HistoryEntry{}
	for _, e := range h {
		if e.Drill {
			out = append(out, e)
		}
	}
	return out
}

// printHistoryJSON writes `keepcool history --json`: h (its drills only
// with drills) as a JSON list, [] when empty.
func printHistoryJSON(w io.Writer, h []api.HistoryEntry, drills bool) error {
	if drills {
		h = drillsOnly(h)
	}
	if h == nil {
		h = []api.HistoryEntry{}
	}
	return json.NewEncoder(w).Encode(h)
}

// printHistory writes `keepcool history`: one line per incident, newest
// first, then how the first estimates held per severity; with drills, the
// drills and their trend instead.
func printHistory(out io.Writer, h []api.HistoryEntry, r reader, drills bool) error {
	// One write, not one per incident: 1,000 lines were 1,000 syscalls.
	w := bufio.NewWriter(out)
	all := h
	if drills {
		h = drillsOnly(h)
	}
	switch {
	case len(h) == 0 && drills:
		fmt.Fprintln(w, "No drills yet: keepcool start --drill runs one.")
	case len(h) == 0:
		fmt.Fprintln(w, "No incidents yet.")
	default:
		fmt.Fprintf(w, "%-44s %-22s %-4s %-13s %-8s %7s %6s %-10s %s\n", "ID", "DECLARED", "SEV", "STATUS", "TOOK", "UPDATES", "MISSED", "EST. ERROR", "TITLE")
		for _, e := range h {
			fmt.Fprintf(w, "%-44s %-22s SEV%d %-13s %-8s %7s %6s %-10s %s\n", e.ID, r.at(&e.DeclaredAt), e.Severity, e.Status,
				tookOf(e), updatesOf(e), missedOf(e), estimateError(e.Figures), ellipsis(historyTitle(e), 60))
		}
	}
	if drills {
		printTrends(w, calibrate.Drills(h), r)
	} else if len(h) > 0 {
		printCalibration(w, calibrate.BySeverity(all))
	}
	return w.Flush()
}

func tookOf(e api.HistoryEntry) string {
	if e.ResolvedAt == nil {
		return "ongoing"
	}
	return duration(e.ResolvedAt.Sub(e.DeclaredAt))
}

func historyTitle(e api.HistoryEntry) string {
	if e.Drill {
		return "[DRILL] " + e.Title
	}
	return e.Title
}

// updatesOf is the updates posted; an engine without figures counts notes.
func updatesOf(e api.HistoryEntry) string {
	if e.Figures == nil {
		return fmt.Sprint(e.Notes)
	}
	return fmt.Sprint(e.Figures.Updates)
}

func missedOf(e api.HistoryEntry) string {
	if e.Figures == nil {
		return fmt.Sprint(e.MissedUpdates)
	}
	return fmt.Sprint(e.Figures.MissedPromises)
}

// estimateError is where the fix landed against the first estimate:
// "held", "+25m" (after it), "-10m" (before it), "—" (not known yet).
func estimateError(f *postmortem.Figures) string {
	if f == nil || f.FirstEstimateError == nil {
		return "—"
	}
	switch miss := *f.FirstEstimateError; {
	case miss > 0:
		return "+" + duration(miss.Duration())
	case miss < 0:
		return "-" + duration(-miss.Duration())
	}
	return "held"
}

// printCalibration says, per severity and per range, how the first
// estimates of past real incidents held.
func printCalibration(w io.Writer, sevs []calibrate.Severity) {
	fmt.Fprintln(w)
	if len(sevs) == 0 {
		fmt.Fprintln(w, "Estimate calibration: not enough history yet (no past real incident resolved with an estimate).")
		return
	}
	fmt.Fprintln(w, "How your first fix estimates held (past real incidents):")
	for _, s := range sevs {
		fmt.Fprintf(w, "  %s\n", calibrate.Describe(s.All))
		if len(s.Ranges) < 2 {
			continue // one range: the severity's line says it all
		}
		for _, c := range s.Ranges {
			fmt.Fprintf(w, "    %s\n", calibrate.Describe(c))
		}
	}
}

// printTrends writes each drill trend: the drills oldest first, then a
// sentence per measure.
func printTrends(w io.Writer, trends []calibrate.Trend, r reader) {
	for _, t := range trends {
		fmt.Fprintln(w)
		if t.Scenario == "" {
			fmt.Fprintf(w, "Drill trend, oldest to newest (%s):\n", timefmt.Count(len(t.Drills), "finished drill", "finished drills"))
		} else {
			fmt.Fprintf(w, "Scenario %s (%s):\n", t.Scenario, timefmt.Count(len(t.Drills), "drill", "drills"))
		}
		fmt.Fprintf(w, "  %-22s %-12s %6s %-12s %-10s %s\n", "DECLARED", "FIRST UPDATE", "MISSED", "MEDIAN LATE", "EST. ERROR", "DRILL")
		for _, d := range t.Drills {
			name := d.Title
			if d.Scenario != "" {
				name = d.Scenario + ": " + d.Title
			}
			fmt.Fprintf(w, "  %-22s %-12s %6d %-12s %-10s %s\n", r.at(&d.DeclaredAt), spanOr(d.TimeToFirstUpdate),
				d.MissedPromises, duration(d.MedianLateness.Duration()), spanOr(d.EstimateError), ellipsis(name, 50))
		}
		for _, m := range t.Measures {
			fmt.Fprintf(w, "  %s\n", m.Sentence())
		}
	}
}

func spanOr(s *postmortem.Seconds) string {
	if s == nil {
		return "—"
	}
	return duration(s.Duration())
}

// calibrationHint is how past first estimates like this one held, a line
// for `keepcool start` to print after declaring ("" with too little
// history, or from an engine that cannot say).
func calibrationHint(ctx context.Context, c calibrationAsker, sev int, eta string) string {
	cal, err := c.Calibration(ctx, sev, eta)
	if err != nil || cal.Sentence == "" {
		return ""
	}
	return "For calibration: " + cal.Sentence + ".\n"
}

// calibrationAsker is the client's Calibration.
type calibrationAsker interface {
	Calibration(ctx context.Context, sev int, eta string) (api.Calibration, error)
}
