package slack

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// hostileNote is what an engineer might paste: markup, mentions, a
// terminal escape, 100 KB of log and a broken UTF-8 tail.
var hostileNote = updatestest.Tricks + "\n> quoted\n    indented\n# heading\n" + strings.Repeat("log line ", 100<<10/9) + "\xff\xfe\xc3"

// poison puts hostile text in every untrusted field of m.
func poison(m updates.Message) updates.Message {
	return updatestest.Poison(m, updatestest.Tricks, hostileNote)
}

var (
	mentionWord = regexp.MustCompile(`(?i)@(channel|here|everyone|U123)`)
	ourLink     = regexp.MustCompile(`<https?://[^<>|]+\|Status page>`)
	entity      = regexp.MustCompile(`&(amp|lt|gt);`)
)

func TestHostileIsInert(t *testing.T) {
	f := newFakeSlack(t)
	for _, k := range []updates.Kind{updates.KindDeclared, updates.KindNote, updates.KindEstimate, updates.KindStatus, updates.KindResolved} {
		t.Run(string(k), func(t *testing.T) {
			m := poison(updatestest.Kinds()[string(k)].Message)
			if err := New("ops", f.url(), f.Client()).Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			p := f.last(t) // the fake has checked limits and UTF-8
			header := p.Blocks[0].Text.Text
			if mentionWord.MatchString(header) || strings.ContainsAny(header, "\x1b\n") {
				t.Errorf("header not inert: %q", header)
			}
			inert(t, "text", *p.Text, 0)
			total := len(header) + len(*p.Text)
			for _, b := range p.Blocks[1:] {
				if b.Text != nil {
					if v := b.Text.Verbatim; v == nil || !*v {
						t.Error("section text without verbatim")
					}
					inert(t, "section", b.Text.Text, 1)
					total += len(b.Text.Text)
				}
				for _, x := range append(b.Fields, b.Elements...) {
					if x.Type != "mrkdwn" || x.Verbatim == nil || !*x.Verbatim {
						t.Errorf("%s: %s text without verbatim: Slack would linkify and parse mentions", b.Type, x.Type)
					}
					inert(t, b.Type, x.Text, strings.Count(x.Text, "*")/2)
					total += len(x.Text)
				}
			}
			// chat.postMessage refuses ~13 KB of blocks (bolt-js#2509).
			if total > 12000 {
				t.Errorf("message is %d bytes, near Slack's undocumented aggregate limit", total)
			}
			sec := p.Blocks[1].Text.Text
			if !strings.HasSuffix(sec, "…") {
				t.Errorf("100 KB body not cut: ends %q", sec[len(sec)-20:])
			}
			if !strings.Contains(unslack(sec), strings.TrimSuffix(updatestest.Tricks, " \x1b[31m")) {
				t.Errorf("body unreadable: %q", sec[:300])
			}
		})
	}
}

// inert fails unless s is mrkdwn that can ping nobody and format nothing
// beyond our own bold labels (bold pairs of *) and status page link.
func inert(t *testing.T, where, s string, bold int) {
	t.Helper()
	bare := ourLink.ReplaceAllString(s, "")
	switch {
	case strings.Count(s, "*") != 2*bold || strings.ContainsAny(s, "_~`"):
		t.Errorf("%s: formatting characters left: %q", where, head(s))
	case strings.ContainsAny(bare, "<>"):
		t.Errorf("%s: raw < or > left: %q", where, head(s))
	case strings.Count(bare, "&") != len(entity.FindAllString(bare, -1)):
		t.Errorf("%s: raw & left: %q", where, head(s))
	case mentionWord.MatchString(s):
		t.Errorf("%s: a mention survives: %q", where, head(s))
	case strings.ContainsAny(s, "\x1b\u202e\ufeff") || regexp.MustCompile(`(?m)^&gt;`).MatchString(s):
		t.Errorf("%s: escape code or block quote left: %q", where, head(s))
	}
}

func head(s string) string {
	if len(s) > 400 {
		return s[:400]
	}
	return s
}

// unslack is what a reader sees: entities decoded, lookalikes read as the
// characters they stand for, invisible joiners gone.
func unslack(s string) string {
	pairs := []string{"&lt;", "<", "&gt;", ">", "&amp;", "&", "\u200d", "", "\u00ad", ""}
	for _, r := range "*_~`" { // the fullwidth forms share lookalikes
		pairs = append(pairs, lookalikes[r], string(r))
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

func TestEscape(t *testing.T) {
	cases := []struct{ in, want string }{
		{"a & b < c > d", "a &amp; b &lt; c &gt; d"},
		{"<!channel> <@U123> <http://evil|x>", "&lt;!channel&gt; &lt;@\u200dU123&gt; &lt;http://evil|x&gt;"},
		{"@here @Channel mail@example.com", "@\u200dhere @\u200dChannel mail@\u200dexample.com"},
		{"*b* _i_ ~s~ `c`", "∗b∗ ˍiˍ ∼s∼ ˋcˋ"},
		{"> quote\n  > again\nnot > quote", "\u00ad&gt; quote\n  \u00ad&gt; again\nnot &gt; quote"},
		{"red\x1b[31m bell\a tab\tcr\r\nbidi\u202eevil", "red bell tab cr\nbidievil"},
		{"bad \xff utf8", "bad \ufffd utf8"},
		{"&amp; stays literal", "&amp;amp; stays literal"},
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
