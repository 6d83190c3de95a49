package incident

import (
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// Markdown renders the incident as a post-mortem timeline: what happened,
// how the estimate held up, how punctual the updates were, and every note
// in order. It is read as a raw file as often as rendered, so untrusted text
// is escaped only where Markdown would misread it (mdEscape). Times are
// written in ts, each naming its zone; a time on another day than the
// declaration carries its day.
func Markdown(s State, ts timefmt.Style) string {
	var b strings.Builder
	title := s.Title
	if s.Drill {
		title = "[DRILL] " + title
	}
	fmt.Fprintf(&b, "# %s\n\n", mdEscapeHeading(title))
	fmt.Fprintf(&b, "- **Incident:** %s\n- **Severity:** SEV%d\n- **Status:** %s\n", s.ID, s.Severity, s.Status)
	fmt.Fprintf(&b, "- **Declared:** %s\n", ts.Stamp(s.DeclaredAt))
	if !s.ResolvedAt.IsZero() {
		fmt.Fprintf(&b, "- **Resolved:** %s (after %s)\n", ts.Stamp(s.ResolvedAt), timefmt.Span(s.ResolvedAt.Sub(s.DeclaredAt)))
	}
	for _, f := range []struct{ label, v string }{
		{"Engineer", s.Engineer}, {"Impact", s.Impact}, {"What we know", s.Known},
		{"What we don't know", s.Unknown}, {"How we'll find out", s.Plan},
		{"Summary", s.Summary}, {"Root cause", s.RootCause},
	} {
		if f.v != "" {
			fmt.Fprintf(&b, "- **%s:** %s\n", f.label, mdEscape(f.v))
		}
	}
	writeDamage(&b, s)
	b.WriteString("\n## Estimate\n\n")
	writeEstimate(&b, s, ts)
	b.WriteString("\n## Updates\n\n")
	writePunctuality(&b, s)
	b.WriteString("\n## Timeline\n\n")
	for _, n := range s.Notes {
		at := ts.Day(n.At, s.DeclaredAt) + ts.ClockSeconds(n.At) + " " + ts.ZoneName(n.At)
		fmt.Fprintf(&b, "- %s — %s: %s\n", at, noteLabel(n.Kind), mdEscape(n.Text))
	}
	if len(s.Notes) == 0 {
		b.WriteString("No updates were posted.\n")
	}
	return b.String()
}

// writeDamage says, before anything that may be incomplete because of it,
// what of the journal could not be read.
func writeDamage(b *strings.Builder, s State) {
	if len(s.Damage) == 0 {
		return
	}
	b.WriteString("\n## Damaged journal\n\n")
	b.WriteString("Part of this incident's journal could not be read; this timeline is without it.\n\n")
	for _, d := range s.Damage {
		fmt.Fprintf(b, "- %s\n", mdEscape(d))
	}
}

func writeEstimate(b *strings.Builder, s State, ts timefmt.Style) {
	first := s.Estimate
	if len(s.Revisions) > 0 {
		first = s.Revisions[0].From
	}
	// Every time is read against the declaration, whose date the header gives.
	ref := s.DeclaredAt
	fmt.Fprintf(b, "- Initial estimate: fix expected %s\n", first.Text(ts, ref))
	for _, r := range s.Revisions {
		why := ""
		if r.Why != "" {
			why = " — " + mdEscape(r.Why)
		}
		fmt.Fprintf(b, "- Revised at %s: fix expected %s%s\n", ts.Time(r.At, ref), r.To.Text(ts, ref), why)
	}
	if s.ResolvedAt.IsZero() {
		return
	}
	switch {
	case s.ResolvedAt.After(s.Estimate.MaxAt):
		fmt.Fprintf(b, "- Accuracy: resolved %s after the final estimate's upper bound\n", timefmt.Span(s.ResolvedAt.Sub(s.Estimate.MaxAt)))
	case s.ResolvedAt.Before(s.Estimate.MinAt):
		fmt.Fprintf(b, "- Accuracy: resolved %s before the final estimate's lower bound\n", timefmt.Span(s.Estimate.MinAt.Sub(s.ResolvedAt)))
	default:
		b.WriteString("- Accuracy: resolved within the final estimate\n")
	}
	if len(s.Revisions) > 0 {
		fmt.Fprintf(b, "- The estimate was revised %s\n", timefmt.Times(len(s.Revisions)))
	}
}

func writePunctuality(b *strings.Builder, s State) {
	var posted, noChange int
	var longest time.Duration
	prev := s.DeclaredAt
	for _, n := range s.Notes {
		switch n.Kind {
		case NoteProgress:
			posted++
		case NoteNoChange:
			noChange++
		}
		longest = max(longest, n.At.Sub(prev))
		prev = n.At
	}
	fmt.Fprintf(b, "- %s, %s\n", timefmt.Count(posted, "progress note", "progress notes"),
		timefmt.Count(noChange, "no-change update", "no-change updates"))
	fmt.Fprintf(b, "- Missed update windows (a holding message went out instead): %d\n", s.MissedUpdates)
	if longest > 0 {
		fmt.Fprintf(b, "- Longest silence between updates: %s\n", timefmt.Span(longest))
	}
}

func noteLabel(k NoteKind) string {
	switch k {
	case NoteNoChange:
		return "No change"
	case NoteHolding:
		return "Holding message (missed update)"
	}
	return "Update"
}
