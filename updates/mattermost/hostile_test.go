package mattermost

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// hostileNote is what an engineer might paste: markup, mentions, Markdown
// block syntax, a terminal escape, 100 KB of log and a broken UTF-8 tail.
var hostileNote = updatestest.Tricks + " @all $x^2$ :smile: ~town-square www.evil.example\n> quoted\n    indented code\n# heading\n1. list\n| a | b |\n|---|---|\n" +
	strings.Repeat("log line ", 100<<10/9) + "\xff\xfe\xc3"

// poison puts hostile text in every untrusted field of m.
func poison(m updates.Message) updates.Message {
	return updatestest.Poison(m, updatestest.Tricks, hostileNote)
}

func TestHostileIsInert(t *testing.T) {
	f := newFakeMattermost(t)
	for _, k := range []updates.Kind{updates.KindDeclared, updates.KindNote, updates.KindEstimate, updates.KindStatus, updates.KindResolved} {
		t.Run(string(k), func(t *testing.T) {
			ch := New("ops", f.url(), f.Client())
			if err := ch.Send(context.Background(), updatestest.Kinds()[string(k)].Message); err != nil {
				t.Fatal(err)
			}
			benign := f.last(t).Text
			if err := ch.Send(context.Background(), poison(updatestest.Kinds()[string(k)].Message)); err != nil {
				t.Fatal(err)
			}
			text := f.last(t).Text // the fake has checked the size and UTF-8
			if got := mentions(text); len(got) > 0 {
				t.Errorf("Mattermost would notify %v", got)
			}
			// Same kind, same layout: any markup beyond the benign post's
			// (headings, bold labels, our link) came from the hostile text.
			if got, want := markup(text), markup(benign); got != want {
				t.Errorf("unescaped Markdown %q, want only the layout's %q", got, want)
			}
			// <!channel> and <@id> as the server's Slack translation matches them.
			if regexp.MustCompile(`(?m)^[ \t]|<!(channel|here|all)>|<@[a-zA-Z0-9]+>|[\x1b\x{202e}]`).MatchString(text) {
				t.Errorf("indented line, Slack-style mention or control character left:\n%s", head(text))
			}
			if !strings.Contains(unMarkdown(text), strings.TrimSuffix(updatestest.Tricks, " \x1b[31m")) {
				t.Errorf("hostile text unreadable:\n%s", head(text))
			}
			if !strings.Contains(text, "…") {
				t.Error("100 KB of text was not cut")
			}
		})
	}
}

// markdownChars are the characters that can start Markdown, listed here
// apart from the package's own list so that a gap in one shows.
const markdownChars = "\\`*_{}[]()#+-.!|<>~$&:=^"

// markup lists the Markdown characters in s that are not backslash-escaped.
func markup(s string) string {
	var b strings.Builder
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case strings.ContainsRune(markdownChars, r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unMarkdown is what a reader sees: escapes resolved, joiners invisible.
func unMarkdown(s string) string {
	s = regexp.MustCompile(`\\([[:punct:]])`).ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, "\u200d", "")
}

func head(s string) string {
	if len(s) > 600 {
		return s[:600]
	}
	return s
}

func TestEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{"**b** _i_ ~s~ `c` [l](u)", `\*\*b\*\* \_i\_ \~s\~ \` + "`" + `c\` + "`" + ` \[l\]\(u\)`},
		{"<!channel> <@U123>", `\<\!channel\> \<@` + "\u200d" + `U123\>`},
		{"@here @all mail@example.com", "@\u200dhere @\u200dall mail@\u200dexample\\.com"},
		{"http://evil & $x$ :smile: a|b", `http\://evil \& \$x\$ \:smile\: a\|b`},
		{"# h\n  > q\n    code\n1. item\n---", "\\# h\n\\> q\ncode\n1\\. item\n\\-\\-\\-"},
		{"red\x1b[31m\tcr\r\nbidi\u202eevil \xff", "red cr\nbidievil \ufffd"},
		{"plain words, with 'quotes'; fine?", "plain words, with 'quotes'; fine?"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := escape(tc.in); got != tc.want {
				t.Errorf("escape(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// BenchmarkRenderHostile measures the worst case: every field 100 KB of
// markup, each cut to fit by FitEscaped's binary search.
func BenchmarkRenderHostile(b *testing.B) {
	m := poison(updatestest.Kinds()["declared"].Message)
	for b.Loop() {
		render(m)
	}
}
