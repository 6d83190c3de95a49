package postmortem

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

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
