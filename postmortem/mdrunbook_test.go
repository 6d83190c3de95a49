package postmortem

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// The runbook's Markdown is shown as Markdown: inline code and emphasis
// in its items, its back-out plan as a block of its own with its lines
// and checkboxes; only what would break the post-mortem around it is
// neutralised.
func TestRunbookMarkdownRendersAsWritten(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "[DRILL] Orders stuck", Severity: 2, Runbook: &incident.Runbook{Name: "db",
		Items: []string{"Promote replica `pg-2`", "Check 50% of *writes* <b>land</b>", "Read `<b>` as code"},
		BackOut: "Demote `pg-2`.\n- [ ] Point the app at `pg-1`\n- [x] Check *writes*\n" +
			"# Top\n## Section\n### Step\nUnderlined\n===\nText\n---\n" +
			"<!-- hide the rest\n<div>raw</div> and <https://ok.example>\n[DRILL]: https://evil.example\n```sh\nopen fence\n# not a heading"}})
	s.after(time.Minute).add(incident.KindChecklistTicked, incident.ChecklistTicked{Item: 1, Text: "Promote replica `pg-2`", Note: "took *2* tries"})
	md := Markdown(s.state(), timefmt.In(time.UTC))
	hasLines(t, md,
		"1. Done at 09:31:00 UTC: Promote replica `pg-2` — took \\*2\\* tries",
		"2. Not done: Check 50% of *writes* \\<b>land\\</b>",
		"3. Not done: Read `<b>` as code",
		"### Back-out plan",
		"Demote `pg-2`.",
		"- [ ] Point the app at `pg-1`",
		"#### Top", "#### Section", "#### Step",
		"- 09:31:00 UTC — Checklist item 1 done: Promote replica `pg-2` — took \\*2\\* tries",
	)

	var out bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	for _, want := range []string{
		"<code>pg-2</code>", "<em>writes</em>", "&lt;b&gt;land&lt;/b&gt;", "<code>&lt;b&gt;</code>",
		`<input disabled="" type="checkbox"> Point the app at <code>pg-1</code>`,
		"<h4>Top</h4>", "<h4>Section</h4>", "<h4>Step</h4>", "<p>Underlined</p>", "<p>===", "<hr>", "<h1>Post-mortem: [DRILL] Orders stuck</h1>",
		"&lt;!-- hide the rest", "&lt;div&gt;raw&lt;/div&gt;", `<a href="https://ok.example">`,
		"# not a heading\n</code></pre>", "<h2>Timeline</h2>", "<h2>Follow-ups</h2>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered post-mortem lacks %q:\n%s", want, html)
		}
	}
	for _, bad := range []string{"<h1>Top", "<h2>Section", "<h3>Step", "<h1>Underlined", "<h2>Text", ">DRILL</a>", "<div>", "<b>"} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered post-mortem has %q:\n%s", bad, html)
		}
	}
}
