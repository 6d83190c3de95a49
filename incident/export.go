package incident

import (
	"fmt"
	"strings"
	"time"
)

// Markdown renders the incident as a post-mortem timeline: what happened,
// how the estimate held up, how punctual the updates were, and every note
// in order. Times are shown in loc.
func Markdown(s State, loc *time.Location) string {
	var b strings.Builder
	clock := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }
	title := s.Title
	if s.Drill {
		title = "[DRILL] " + title
	}
	fmt.Fprintf(&b, "# %s\n\n", mdEscape(title))
	fmt.Fprintf(&b, "- **Incident:** %s\n- **Severity:** SEV%d\n- **Status:** %s\n", s.ID, s.Severity, s.Status)
	fmt.Fprintf(&b, "- **Declared:** %s\n", clock(s.DeclaredAt))
	if !s.ResolvedAt.IsZero() {
		fmt.Fprintf(&b, "- **Resolved:** %s (after %s)\n", clock(s.ResolvedAt), s.ResolvedAt.Sub(s.DeclaredAt).Round(time.Second))
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
	b.WriteString("\n## Estimate\n\n")
	writeEstimate(&b, s, loc)
	b.WriteString("\n## Updates\n\n")
	writePunctuality(&b, s)
	b.WriteString("\n## Timeline\n\n")
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "- %s — %s: %s\n", n.At.In(loc).Format("15:04:05"), noteLabel(n.Kind), mdEscape(n.Text))
	}
	if len(s.Notes) == 0 {
		b.WriteString("No updates were posted.\n")
	}
	return b.String()
}

func writeEstimate(b *strings.Builder, s State, loc *time.Location) {
	first := s.Estimate
	if len(s.Revisions) > 0 {
		first = s.Revisions[0].From
	}
	fmt.Fprintf(b, "- Initial estimate: fix expected %s\n", rangeAt(first, loc))
	for _, r := range s.Revisions {
		why := ""
		if r.Why != "" {
			why = " — " + mdEscape(r.Why)
		}
		fmt.Fprintf(b, "- Revised at %s: %s%s\n", r.At.In(loc).Format("15:04"), rangeAt(r.To, loc), why)
	}
	if s.ResolvedAt.IsZero() {
		return
	}
	switch {
	case s.ResolvedAt.After(s.Estimate.MaxAt):
		fmt.Fprintf(b, "- Accuracy: resolved %s after the final estimate's upper bound\n", s.ResolvedAt.Sub(s.Estimate.MaxAt).Round(time.Second))
	case s.ResolvedAt.Before(s.Estimate.MinAt):
		fmt.Fprintf(b, "- Accuracy: resolved %s before the final estimate's lower bound\n", s.Estimate.MinAt.Sub(s.ResolvedAt).Round(time.Second))
	default:
		b.WriteString("- Accuracy: resolved within the final estimate\n")
	}
	if len(s.Revisions) > 0 {
		fmt.Fprintf(b, "- The estimate was revised %d time(s)\n", len(s.Revisions))
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
	fmt.Fprintf(b, "- %d progress note(s), %d no-change update(s)\n", posted, noChange)
	fmt.Fprintf(b, "- Missed update windows (a holding message went out instead): %d\n", s.MissedUpdates)
	if longest > 0 {
		fmt.Fprintf(b, "- Longest silence between updates: %s\n", longest.Round(time.Second))
	}
}

func rangeAt(e Estimate, loc *time.Location) string {
	lo, hi := e.MinAt.In(loc).Format("15:04"), e.MaxAt.In(loc).Format("15:04")
	if lo == hi {
		return "by " + hi
	}
	return lo + "–" + hi
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

// mdEscape makes untrusted text literal in Markdown: every character with a
// meaning in CommonMark or HTML is backslash-escaped or turned into an entity.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '#', '+', '-', '.', '!', '|', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
