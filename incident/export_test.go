package incident

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/keepcool/keepcool/timefmt"
)

// postMortemState is an incident declared on Monday 23 November 2026 at
// 04:30 in Berlin whose estimate was revised to the next day (the
// `eta 30h-40h` case), resolved that Tuesday.
func postMortemState(t *testing.T) (State, *time.Location) {
	t.Helper()
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 11, d, h, m, s, 0, ber) }
	first := Estimate{MinAt: at(23, 5, 0, 0), MaxAt: at(23, 6, 0, 0)}
	revised := Estimate{MinAt: at(24, 10, 44, 0), MaxAt: at(24, 20, 44, 0)}
	return State{
		ID: "20261123-043000-login-page-times-out", Title: "Login page times out", Severity: 2,
		Status: Resolved, Engineer: "Sam", Impact: "Nobody can log in.",
		Known:      "It started after deploy 412; payments-gw is fine.",
		DeclaredAt: at(23, 4, 30, 0), Estimate: revised,
		Revisions: []Revision{{At: at(23, 4, 44, 0), From: first, To: revised, Why: "The database restore takes a day."}},
		Notes: []Note{
			{At: at(23, 4, 45, 5), Kind: NoteProgress, Text: "Restoring from last night's backup. It is slow, we know it."},
			{At: at(23, 5, 0, 0), Kind: NoteNoChange, Text: "No change yet."},
			{At: at(24, 9, 15, 30), Kind: NoteProgress, Text: "Restore done; logins work again."},
		},
		ResolvedAt: at(24, 11, 0, 0), Summary: "Restored the sessions table from backup.",
	}, ber
}

func TestMarkdownPostMortem(t *testing.T) {
	s, ber := postMortemState(t)
	want := `# Login page times out

- **Incident:** 20261123-043000-login-page-times-out
- **Severity:** SEV2
- **Status:** resolved
- **Declared:** 2026-11-23 04:30:00 CET
- **Resolved:** 2026-11-24 11:00:00 CET (after 30 h 30 min)
- **Engineer:** Sam
- **Impact:** Nobody can log in.
- **What we know:** It started after deploy 412; payments-gw is fine.
- **Summary:** Restored the sessions table from backup.

## Estimate

- Initial estimate: fix expected 05:00–06:00 CET
- Revised at 04:44 CET: fix expected Tue 10:44–20:44 CET — The database restore takes a day.
- Accuracy: resolved within the final estimate
- The estimate was revised once

## Updates

- 2 progress notes, 1 no-change update
- Missed update windows (a holding message went out instead): 0
- Longest silence between updates: 28 h 15 min

## Timeline

- 04:45:05 CET — Update: Restoring from last night's backup. It is slow, we know it.
- 05:00:00 CET — No change: No change yet.
- Tue 09:15:30 CET — Update: Restore done; logins work again.
`
	if got := Markdown(s, timefmt.In(ber)); got != want {
		t.Errorf("Markdown =\n%s\nwant\n%s", got, want)
	}
}

func TestMarkdownOnATwelveHourClockInAnotherZone(t *testing.T) {
	s, _ := postMortemState(t)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	hasLines(t, Markdown(s, timefmt.Style{Zone: ny, Hour12: true}),
		"- **Declared:** 2026-11-22 10:30:00 PM EST\n",
		// Declared on Sunday evening in New York: Monday's times carry their day.
		"- Initial estimate: fix expected 11:00 PM–Mon 12:00 AM EST\n",
		"- Revised at 10:44 PM EST: fix expected Tue 4:44 AM–2:44 PM EST — The database restore takes a day.\n",
		"- 10:45:05 PM EST — Update:",
		"- 11:00:00 PM EST — No change:",
		"- Tue 3:15:30 AM EST — Update:",
	)
}

func hasLines(t *testing.T, got string, lines ...string) {
	t.Helper()
	for _, line := range lines {
		if !strings.Contains(got, line) {
			t.Errorf("Markdown lacks %q:\n%s", line, got)
		}
	}
}

// The post-mortem across the end of summer time: each time names the zone
// it was in.
func TestMarkdownAcrossDST(t *testing.T) {
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// 25 October 2026: 03:00 CEST becomes 02:00 CET.
	declared := time.Date(2026, 10, 25, 1, 30, 0, 0, ber)
	s := State{Title: "Night batch stuck", Severity: 3, Status: Resolved, DeclaredAt: declared,
		Estimate:   Estimate{MinAt: declared.Add(time.Hour), MaxAt: declared.Add(2 * time.Hour)},
		Notes:      []Note{{At: declared.Add(90 * time.Minute), Kind: NoteProgress, Text: "Batch restarted."}},
		ResolvedAt: declared.Add(2 * time.Hour)}
	hasLines(t, Markdown(s, timefmt.In(ber)),
		"- **Declared:** 2026-10-25 01:30:00 CEST\n",
		"- **Resolved:** 2026-10-25 02:30:00 CET (after 2 h 00 min)\n",
		"- Initial estimate: fix expected 02:30 CEST–02:30 CET\n",
		"- 02:00:00 CET — Update: Batch restarted.\n",
	)
}

// Damage to the journal is said under its own heading, before the sections
// it may have left incomplete.
func TestMarkdownSaysWhatIsDamaged(t *testing.T) {
	s, ber := postMortemState(t)
	s.Damage = []string{"line 7 of the journal is damaged and was skipped: a note at 05:02 CET may be missing"}
	md := Markdown(s, timefmt.In(ber))
	want := "\n## Damaged journal\n\nPart of this incident's journal could not be read; this timeline is without it.\n\n" +
		"- line 7 of the journal is damaged and was skipped: a note at 05:02 CET may be missing\n\n## Estimate\n"
	if !strings.Contains(md, want) {
		t.Fatalf("Markdown lacks the damage section:\n%s", md)
	}
	s.Damage = nil
	if md := Markdown(s, timefmt.In(ber)); strings.Contains(md, "Damaged") {
		t.Fatalf("an undamaged journal is said to be damaged:\n%s", md)
	}
}

// mdEscape must keep ordinary prose as written (the raw file is read as
// often as the rendered one) and make hostile text literal once rendered.
func TestMDEscapeLeavesProseAlone(t *testing.T) {
	for _, s := range []string{
		"It is slow, we know it.",
		"payments-gw (eu-1) is fine!",
		"R&D says 50% + 2 = done; see https://example.com/a_b?x=1.",
		`C:\Users\sam and snake_case_name and 3 * 4`,
		"~5 min to go, #42 merged",
		"[DRILL] Login page times out [eu-1]",
	} {
		if got := mdEscape(s); got != s {
			t.Errorf("mdEscape(%q) = %q; want it unchanged", s, got)
		}
	}
}

func TestMDEscapeRendersLiterally(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for _, s := range []string{
		"**bold** and _under_ and *it*",
		"`code` and ``more``",
		"[a link](https://example.com) and ![img](x.png) and [ref]",
		"<b>tag</b> <!-- comment --> <https://auto.example>",
		"&amp; &#39; &copy;",
		"~~struck~~ and ~one~",
		`back\*slash\_es \\ and \[`,
		"a\n\n[ref]: https://evil.example\n\nand [ref] here",
		"line one\n# heading\n> quote\n- item\n+ item\n* item\n1. first\n2) second\n---\n===\n    indented code",
		"a\n\n```\nfence\n```\nb",
		"trailing hash #",
	} {
		// Inside a list item, as the post-mortem writes every field.
		var html bytes.Buffer
		if err := md.Convert([]byte("- **Note:** "+mdEscape(s)+"\n"), &html); err != nil {
			t.Fatal(err)
		}
		text := htmlText(html.String())
		want := strings.Join(strings.Fields("Note: "+s), " ")
		if got := strings.Join(strings.Fields(text), " "); got != want {
			t.Errorf("%q rendered as\n%s\ntext %q, want %q", s, html.String(), got, want)
		}
	}
	var html bytes.Buffer
	if err := md.Convert([]byte("# "+mdEscapeHeading("Down #")+"\n"), &html); err != nil {
		t.Fatal(err)
	}
	if got := htmlText(html.String()); strings.TrimSpace(got) != "Down #" {
		t.Errorf("heading rendered as %q", html.String())
	}
}

// htmlText keeps only the text of rendered HTML, failing on any tag but
// the ones a list of paragraphs needs.
func htmlText(h string) string {
	allowed := map[string]bool{"ul": true, "/ul": true, "li": true, "/li": true, "p": true, "/p": true,
		"strong": true, "/strong": true, "h1": true, "/h1": true}
	var b strings.Builder
	for h != "" {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			b.WriteString(h)
			break
		}
		b.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		tag := h[i+1 : i+j]
		// GFM links bare URLs; the text around them is what is checked.
		if !allowed[tag] && !strings.HasPrefix(tag, "a href=") && tag != "/a" {
			b.WriteString("<UNEXPECTED " + tag + ">")
		}
		if inline := tag == "strong" || tag == "/strong" || tag == "/a" || strings.HasPrefix(tag, "a "); !inline {
			b.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&", "&#39;", "'").Replace(b.String())
}
