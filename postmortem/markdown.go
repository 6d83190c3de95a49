package postmortem

import (
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// Markdown renders the post-mortem of st (replayed from its journal, with
// its events) in ts. It is read as a raw file as often as rendered, so
// untrusted text is escaped only where Markdown would misread it
// (mdEscape), and a provider's answer is quoted in a code span; the
// runbook's checklist and back-out plan, the engineer's own Markdown, are
// shown as Markdown with only what could break the document neutralised
// (runbookInline, runbookBlock). Every
// time names its zone; one on another day than the declaration carries
// its day.
func Markdown(st incident.State, ts timefmt.Style) string {
	return Build(st, ts).Markdown()
}

// Markdown renders r.
func (r Report) Markdown() string {
	var b strings.Builder
	title := r.Title
	if r.Drill {
		title = "[DRILL] " + title
	}
	fmt.Fprintf(&b, "# Post-mortem: %s\n\n", mdEscapeHeading(title))
	r.writeHeader(&b)
	writeDamage(&b, r.Damage)
	r.writeSection(&b, r.Sections[0])
	r.writeSection(&b, r.Sections[1])
	b.WriteString("\n## Figures\n\n")
	r.writeFigures(&b)
	b.WriteString("\n## Promised updates\n\n")
	r.writePromises(&b)
	b.WriteString("\n## Estimate over time\n\n")
	r.writeEstimates(&b)
	r.writeChecklist(&b)
	b.WriteString("\n## Timeline\n\n")
	r.writeTimeline(&b)
	b.WriteString(undelivered(r.st, r.ts))
	for _, s := range r.Sections[2:] {
		r.writeSection(&b, s)
	}
	b.WriteString("\n- Action: … — owner: … — due: …\n")
	return b.String()
}

func (r Report) writeHeader(b *strings.Builder) {
	ts := r.ts
	fmt.Fprintf(b, "- **Incident:** %s\n- **Severity:** SEV%d\n- **Status:** %s\n", r.ID, r.Severity, r.Status)
	if !r.StartedAt.IsZero() {
		fmt.Fprintf(b, "- **Trouble began:** %s\n", ts.Stamp(r.StartedAt))
	}
	fmt.Fprintf(b, "- **Declared:** %s\n", ts.Stamp(r.DeclaredAt))
	if !r.ResolvedAt.IsZero() {
		fmt.Fprintf(b, "- **Resolved:** %s (after %s)\n", ts.Stamp(r.ResolvedAt), spanText(r.ResolvedAt.Sub(r.DeclaredAt)))
	}
	st := r.st
	for _, f := range []struct{ label, v string }{
		{"Engineer", st.Engineer}, {"Scenario", st.Scenario}, {"Runbook", r.Runbook}, {"Impact", st.Impact},
		{"What we knew", st.Known}, {"What we didn't know", st.Unknown}, {"How we'd find out", st.Plan},
	} {
		if f.v != "" {
			fmt.Fprintf(b, "- **%s:** %s\n", f.label, mdEscape(f.v))
		}
	}
}

// writeDamage says, before anything that may be incomplete because of it,
// what of the journal could not be read.
func writeDamage(b *strings.Builder, damage []string) {
	if len(damage) == 0 {
		return
	}
	b.WriteString("\n## Damaged journal\n\n")
	b.WriteString("Part of this incident's journal could not be read; this post-mortem is without it.\n\n")
	for _, d := range damage {
		fmt.Fprintf(b, "- %s\n", mdEscape(d))
	}
}

// writeSection writes a section for people: what keepcool knows for it,
// and the prompt as a quote to answer below it.
func (r Report) writeSection(b *strings.Builder, s Section) {
	fmt.Fprintf(b, "\n## %s\n\n> %s\n", s.Title, s.Prompt)
	if s.Text != "" {
		fmt.Fprintf(b, "\n%s\n", mdEscapeParagraph(s.Text))
	}
}

func (r Report) writeFigures(b *strings.Builder) {
	f := r.Figures
	line := func(label, v string) { fmt.Fprintf(b, "- %s: %s\n", label, v) }
	line("Time to declare", spanOr(f.TimeToDeclare, "not known (give `keepcool start --started` next time)"))
	line("Time to first update", spanOr(f.TimeToFirstUpdate, "no update was posted"))
	line("Duration", spanOr(f.Duration, "not resolved yet"))
	line("Updates posted", fmt.Sprint(f.Updates))
	line("Promised updates", fmt.Sprintf("%d answered or due so far: %d kept in time, %d late, %d missed (a holding message went instead)",
		f.Promises, f.PromisesKept, f.Promises-f.PromisesKept-f.MissedPromises, f.MissedPromises))
	if f.Promises > 0 {
		line("Lateness", fmt.Sprintf("median %s, worst %s", spanText(f.MedianLateness.Duration()), spanText(f.WorstLateness.Duration())))
	}
	if len(r.Estimates) > 0 {
		line("First estimate", rangeText(f.FirstEstimate)+accuracy(f.FirstEstimateError))
		if f.EstimateRevisions > 0 {
			line("Final estimate", rangeText(f.FinalEstimate)+accuracy(f.FinalEstimateError))
		}
		line("Estimate revisions", fmt.Sprint(f.EstimateRevisions))
	}
}

func spanOr(s *Seconds, none string) string {
	if s == nil {
		return none
	}
	return spanText(s.Duration())
}

// spanText is d in words, as timefmt.Span says it, but with its seconds
// under an hour, where whole minutes alone would mislead: "1 min 48 s",
// not "1 min".
func spanText(d time.Duration) string {
	d = d.Round(time.Second)
	if d > time.Minute && d < time.Hour && d%time.Minute != 0 {
		return fmt.Sprintf("%d min %d s", d/time.Minute, d%time.Minute/time.Second)
	}
	return timefmt.Span(d)
}

// rangeText is an estimate as given: "fix in 30 min–1 h 30 min".
func rangeText(r Range) string {
	if r.Min == r.Max {
		return "fix in " + spanText(r.Min.Duration())
	}
	return "fix in " + spanText(r.Min.Duration()) + "–" + spanText(r.Max.Duration())
}

// accuracy says where the fix landed against an estimate.
func accuracy(e *Seconds) string {
	switch {
	case e == nil:
		return ""
	case *e > 0:
		return "; fixed " + spanText(e.Duration()) + " after its upper bound"
	case *e < 0:
		return "; fixed " + spanText(-e.Duration()) + " before its lower bound"
	}
	return "; fixed within it"
}

func (r Report) writePromises(b *strings.Builder) {
	if len(r.Promises) == 0 {
		b.WriteString("No update was promised to stakeholders.\n")
		return
	}
	for _, p := range r.Promises {
		fmt.Fprintf(b, "- Promised at %s for %s: ", r.clock(p.Made), r.clock(p.By))
		switch p.Outcome {
		case OutcomeKept:
			fmt.Fprintf(b, "kept, the update came at %s\n", r.clock(p.UpdateAt))
		case OutcomeLate:
			fmt.Fprintf(b, "late, the update came at %s (%s late)\n", r.clock(p.UpdateAt), spanText(p.Late.Duration()))
		case OutcomeMissed:
			if p.UpdateAt.IsZero() {
				b.WriteString("**missed**, a holding message went instead\n")
			} else {
				fmt.Fprintf(b, "**missed**, a holding message went instead; the update came at %s (%s late)\n", r.clock(p.UpdateAt), spanText(p.Late.Duration()))
			}
		default:
			b.WriteString("still open\n")
		}
	}
}

func (r Report) writeEstimates(b *strings.Builder) {
	if len(r.Estimates) == 0 {
		b.WriteString("No estimate was given.\n")
		return
	}
	for i, e := range r.Estimates {
		est := incident.Estimate{MinAt: e.MinAt, MaxAt: e.MaxAt}
		text, given := est.Text(r.ts, r.DeclaredAt), rangeText(RangeOf(est, e.At))
		if i == 0 {
			fmt.Fprintf(b, "- Initial estimate: fix expected %s (at the declaration: %s)\n", text, given)
			continue
		}
		fmt.Fprintf(b, "- Revised at %s: fix expected %s (%s)%s\n", r.clock(e.At), text, given, suffix(" — ", mdEscape(e.Why)))
	}
}

func (r Report) writeChecklist(b *strings.Builder) {
	if len(r.Checklist) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## Checklist (runbook %s)\n\n", mdEscape(r.Runbook))
	for _, c := range r.Checklist {
		if c.Done {
			fmt.Fprintf(b, "%d. Done at %s: %s%s\n", c.N, r.clock(c.DoneAt), runbookInline(c.Text), suffix(" — ", mdEscape(c.Note)))
		} else {
			fmt.Fprintf(b, "%d. Not done: %s\n", c.N, runbookInline(c.Text))
		}
	}
	if rb := r.st.Runbook; rb != nil && strings.TrimSpace(rb.BackOut) != "" {
		fmt.Fprintf(b, "\n### Back-out plan\n\n%s\n", runbookBlock(rb.BackOut))
	}
}

func (r Report) writeTimeline(b *strings.Builder) {
	if len(r.Timeline) == 0 {
		b.WriteString("Nothing was recorded.\n")
		return
	}
	for _, e := range r.Timeline {
		fmt.Fprintf(b, "- %s — ", r.clock(e.At))
		if e.Channel != "" {
			fmt.Fprintf(b, "%s: ", codeSpan(e.Channel))
		}
		if e.md != "" {
			b.WriteString(e.md)
		} else {
			b.WriteString(mdEscape(e.Text))
		}
		if e.Detail != "" {
			fmt.Fprintf(b, ": %s", codeSpan(e.Detail))
		}
		b.WriteByte('\n')
	}
}

// clock is a time as the post-mortem reads it, to the second, with its
// day when not the declaration's, and its zone.
func (r Report) clock(t time.Time) string { return stamp(r.ts, t, r.DeclaredAt) }

// mdEscapeParagraph is mdEscape for text that stands as its own
// paragraph: its first line may not start a block either, and its later
// lines need no indent.
func mdEscapeParagraph(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, line := range lines {
		lines[i] = escapeBlockStart(strings.TrimLeft(escapeInline(line), " \t"))
	}
	return strings.Join(lines, "\n")
}
