package postmortem

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// versions is the post-mortem of everything as written at resolve (old)
// and as rewritten once a late receipt came in (fresh).
func versions(t *testing.T) (old, fresh string) {
	t.Helper()
	old = Markdown(everything(t), timefmt.In(time.UTC))
	const last = "## Undelivered messages\n"
	if !strings.Contains(old, last) {
		t.Fatalf("the post-mortem of everything has no %q", last)
	}
	fresh = strings.Replace(old, "\n"+last, "- 09:59:00 UTC — `email`: Resolved message delivered\n\n"+last, 1)
	return old, fresh
}

// edit replaces the first from in md, failing the test when it is not there.
func edit(t *testing.T, md, from, to string) string {
	t.Helper()
	if !strings.Contains(md, from) {
		t.Fatalf("no %q to edit in:\n%s", from, md)
	}
	return strings.Replace(md, from, to, 1)
}

func TestSplitPartsPutBackIsTheText(t *testing.T) {
	old, _ := versions(t)
	var b strings.Builder
	var headings []string
	for _, p := range splitParts(old, nil) {
		b.WriteString(p.text)
		headings = append(headings, p.heading)
	}
	if b.String() != old {
		t.Errorf("the parts put back together differ from the text")
	}
	if got := strings.Join(headings, "|"); !strings.Contains(got, "|What happened|Root cause|Figures|") || !strings.HasSuffix(got, "|What went well|What didn't|Follow-ups") {
		t.Errorf("headings %s", got)
	}
}

// A file as keepcool wrote it is replaced by the fresh render.
func TestMergeUneditedIsFresh(t *testing.T) {
	old, fresh := versions(t)
	got, err := Merge(old, fresh, []Written{Record(old, old)})
	if err != nil || got != fresh {
		t.Errorf("Merge of an unedited file = %v:\n%s\nwant the fresh render", err, got)
	}
}

// The engineer's words under the people sections (their own subheadings,
// a "## " heading of theirs, the file's end without a newline) are carried
// into the fresh render; the rest is the fresh render's. Merged again, the
// words stay.
func TestMergeCarriesPeopleSections(t *testing.T) {
	old, fresh := versions(t)
	const happened = "Checkout answered 502 from 09:28 to 09:58.\n\n### Who saw it\n\nEveryone.\n"
	const well = "## Lessons of our own\n\nThe runbook held.\n"
	edited := edit(t, old, "## What went well\n\n> What helped: an alert, a runbook, a colleague, a tool? Keep it.\n",
		"## What went well\n\n"+well)
	edited = edit(t, edited, "## What happened\n", "## What happened\n\n"+happened)
	edited += "- Action: alert on 502s — owner: ana — due: Friday" // no newline at the end
	got, err := Merge(edited, fresh, []Written{Record(old, old)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{happened, well, "- Action: alert on 502s — owner: ana — due: Friday", "`email`: Resolved message delivered\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("merged lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Keep it.\n") {
		t.Errorf("merged still has the prompt the engineer replaced:\n%s", got)
	}
	again, err := Merge(got, fresh, []Written{Record(old, old), Record(got, fresh)})
	if err != nil || again != got {
		t.Errorf("merged again = %v:\n%s\nwant it unchanged", err, again)
	}
}

// A crash between recording a write and making it leaves the file as the
// record before describes it: that record still lets the edit merge.
func TestMergeWithAnEarlierRecord(t *testing.T) {
	old, fresh := versions(t)
	edited := edit(t, old, "## Root cause\n", "## Root cause\n\nA missing index.\n")
	got, err := Merge(edited, fresh, []Written{Record(old, old), Record(fresh, fresh)})
	if err != nil || !strings.Contains(got, "A missing index.\n") || !strings.Contains(got, "Resolved message delivered") {
		t.Errorf("Merge = %v:\n%s", err, got)
	}
}

// With no record, an edit merges only when the rest is as rendered now.
func TestMergeWithoutRecord(t *testing.T) {
	old, fresh := versions(t)
	mine := edit(t, fresh, "## What didn't\n", "## What didn't\n\nThe status page lagged.\n")
	if got, err := Merge(mine, fresh, nil); err != nil || got != mine {
		t.Errorf("Merge without record of an edit of the fresh render = %v:\n%s", err, got)
	}
	stale := edit(t, old, "## What didn't\n", "## What didn't\n\nThe status page lagged.\n")
	var u *Unmergeable
	if _, err := Merge(stale, fresh, nil); !errors.As(err, &u) || !strings.Contains(u.Reason, "no record of keepcool writing it") {
		t.Errorf("Merge without record of an older render = %v; want it refused, saying there is no record", err)
	}
}

// An edit that a merge would lose, or that cannot be placed, is refused
// with the reason.
func TestMergeRefuses(t *testing.T) {
	old, fresh := versions(t)
	for _, tt := range []struct{ from, to, why string }{
		{"## What didn't\n", "## What went badly\n", "the section “## What didn't” was renamed or removed"},
		{"## Root cause\n", "## Root cause\n\n## What went well\n", "the heading “## What went well” is there twice"},
		{"## Timeline\n\n", "## Timeline\n\nMy note on the timeline.\n", "the section “## Timeline” differs from what keepcool wrote"},
		{"- **Severity:** SEV2\n", "- **Severity:** SEV1\n", "the text above the first section differs"},
		{"## Figures\n", "## Numbers\n", "the section “## Figures” was removed"},
	} {
		_, err := Merge(edit(t, old, tt.from, tt.to), fresh, []Written{Record(old, old)})
		var u *Unmergeable
		if !errors.As(err, &u) || !strings.Contains(u.Reason, tt.why) {
			t.Errorf("Merge of %q → %q = %v; want it refused: %s", tt.from, tt.to, err, tt.why)
		}
	}
}

// An editor that saves with CRLF line endings or trims trailing blanks
// has not edited keepcool's parts: the engineer's words still merge.
func TestMergeAfterAnEditorsSave(t *testing.T) {
	old, fresh := versions(t)
	saved := strings.ReplaceAll(edit(t, old, "## What didn't\n", "## What didn't\n\nThe status page lagged.  \n"), "\n", "\r\n")
	saved = strings.TrimRight(saved, "\r\n")
	got, err := Merge(saved, fresh, []Written{Record(old, old)})
	if err != nil || !strings.Contains(got, "The status page lagged.") || !strings.Contains(got, "`email`: Resolved message delivered\n") {
		t.Errorf("Merge of a CRLF save = %v:\n%s", err, got)
	}
}

// The JSON says what the filed Markdown says: the sections the engineer
// wrote in are theirs (below keepcool's prompt), follow-ups written in the
// template's form are listed, and untouched sections keep Build's text.
func TestFiledSectionsAreTheEngineers(t *testing.T) {
	r := Build(everything(t), timefmt.In(time.UTC))
	fresh := r.Markdown()
	edited := edit(t, fresh, "## What happened\n", "## What happened\n\nCheckout answered 502.\n")
	edited = edit(t, edited, "## What went well\n\n> What helped: an alert, a runbook, a colleague, a tool? Keep it.\n",
		"## What went well\n\n## Lessons of our own\n\nThe runbook held.\n")
	edited = edit(t, edited, "- Action: … — owner: … — due: …\n",
		"- Action: alert on 502s — owner: ana — due: Friday\n* Action: review the deploy gate — owner: … — due: Q1\n- Someone should look at paging.\n")
	edited = strings.ReplaceAll(edited, "\n", "\r\n") // an editor's save
	merged, err := Merge(edited, fresh, []Written{Record(fresh, fresh)})
	if err != nil {
		t.Fatal(err)
	}
	filed := Build(everything(t), timefmt.In(time.UTC))
	filed.Filed(merged, fresh)
	summary := r.Sections[0].Text
	want := map[string]Section{
		"What happened":  {Text: "Checkout answered 502.\n\n" + mdEscapeParagraph(summary), Edited: true},
		"Root cause":     {Text: r.Sections[1].Text},
		"What went well": {Text: "## Lessons of our own\n\nThe runbook held.", Edited: true},
		"What didn't":    {},
		"Follow-ups": {Text: "- Action: alert on 502s — owner: ana — due: Friday\n* Action: review the deploy gate — owner: … — due: Q1\n- Someone should look at paging.",
			Edited: true},
	}
	for _, s := range filed.Sections {
		if w := want[s.Title]; s.Text != w.Text || s.Edited != w.Edited {
			t.Errorf("section %q: text %q, edited %v; want %q, %v", s.Title, s.Text, s.Edited, w.Text, w.Edited)
		}
	}
	if summary == "" {
		t.Fatal("everything has no summary: the test shows nothing of Build's text kept")
	}
	follow := []FollowUp{{Action: "alert on 502s", Owner: "ana", Due: "Friday"}, {Action: "review the deploy gate", Due: "Q1"}}
	if !slices.Equal(filed.FollowUps, follow) {
		t.Errorf("follow-ups %+v; want %+v", filed.FollowUps, follow)
	}

	unedited := Build(everything(t), timefmt.In(time.UTC))
	unedited.Filed(fresh, fresh)
	if !slices.Equal(unedited.Sections, r.Sections) || len(unedited.FollowUps) != 0 {
		t.Errorf("an unedited file changed the report: %+v, %+v", unedited.Sections, unedited.FollowUps)
	}
}
