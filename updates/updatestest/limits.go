package updatestest

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/keepcool/keepcool/incident/check"
	"github.com/keepcool/keepcool/updates"
)

// Scripts are the characters the longest messages are written in: two,
// three and four bytes of UTF-8 (the emoji is also two UTF-16 units), and
// two that markups escape (into entities, backslashes or look-alikes).
var Scripts = map[string]string{"cyrillic": "ж", "cjk": "漢", "emoji": "🔥", "ampersand": "&", "asterisk": "*"}

// Longest is the message of kind that carries the most text keepcool's
// input limits (incident/check) let through, every field at its limit in
// words of ch: a channel must deliver all of it, never cut.
func Longest(kind updates.Kind, ch string) updates.Message {
	m := Message(kind)
	m.Note = ""
	m.Title = Words(ch, check.Title.Max)
	switch kind {
	case updates.KindDeclared:
		m.Impact, m.Known = Words(ch, check.Impact.Max), Words(ch, check.Known.Max)
		m.Unknown, m.Plan = Words(ch, check.Unknown.Max), Words(ch, check.Plan.Max)
	case updates.KindEstimate:
		m.Why = Words(ch, check.Why.Max)
	case updates.KindResolved:
		m.Status, m.ResolvedAt, m.NextUpdateBy = "resolved", Clock("10:05"), time.Time{}
		m.Summary, m.RootCause = Words(ch, check.Summary.Max), Words(ch, check.RootCause.Max)
	default:
		m.Note = Words(ch, check.Note.Max)
	}
	return m
}

// LongestKinds are the kinds whose longest messages differ.
var LongestKinds = []updates.Kind{updates.KindDeclared, updates.KindNote, updates.KindEstimate, updates.KindResolved}

// Words is n characters of ch in words of nine and a space, as stored
// after cleaning (no leading or trailing space), ending in a full stop so
// that a cut shows.
func Words(ch string, n int) string {
	var b strings.Builder
	for i := range n - 1 {
		if i%10 == 9 && i != n-2 {
			b.WriteByte(' ')
		} else {
			b.WriteString(ch)
		}
	}
	b.WriteByte('.')
	return b.String()
}

// EachLongest runs f, as a subtest, on the longest message of every kind
// in LongestKinds in every script of Scripts, and on a template's text of
// Message.MaxBody characters.
func EachLongest(t *testing.T, f func(t *testing.T, m updates.Message)) {
	for script, ch := range Scripts {
		for _, kind := range LongestKinds {
			t.Run(script+"/"+string(kind), func(t *testing.T) { f(t, Longest(kind, ch)) })
		}
		t.Run(script+"/template", func(t *testing.T) { f(t, LongestTemplated(ch)) })
	}
}

// LongestTemplated is a note whose channel template wrote the longest text
// every channel carries whole (updates.Message.MaxBody), in words of ch.
func LongestTemplated(ch string) updates.Message {
	m := Longest(updates.KindNote, ch)
	m.Custom = &updates.Custom{Body: "x"}
	m.Custom.Body = Words(ch, m.MaxBody())
	return m
}

// CheckWhole fails t unless seen, all a reader is shown of m as plain
// text (unescaped, Squeezed), holds its title, body and promise whole,
// and every fact as fact renders it (the value alone, or label and value).
// With cuts set, a detail (updates.Fact.Detail) or a template's text may
// instead give way, but only with updates.CutMark shown.
func CheckWhole(t testing.TB, m updates.Message, seen string, fact func(updates.Fact) string, cuts bool) {
	t.Helper()
	mark := strings.Contains(seen, Squeeze(updates.CutMark(m)))
	for what, s := range map[string]string{"title": m.Title, "body": m.Body(), "promise": m.NextUpdate()} {
		switch {
		case strings.Contains(seen, Squeeze(s)):
		case what == "body" && m.Custom != nil && cuts && mark:
			// a template's text, which may hold the whole message, may
			// give way to a provider's total like a detail
		default:
			t.Errorf("%s not shown whole", what)
		}
	}
	for _, f := range m.Facts() {
		switch {
		case strings.Contains(seen, Squeeze(fact(f))):
		case !f.Detail || !cuts:
			t.Errorf("%s cut", f.Label)
		case !strings.Contains(seen, Squeeze(updates.CutMark(m))):
			t.Errorf("%s cut without saying so", f.Label)
		}
	}
}

// Squeeze drops all white space, so that text a channel split across
// blocks, fields or posts compares with the text it came from.
func Squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Value and LabelValue are how a channel may render a fact, for CheckWhole.
func Value(f updates.Fact) string { return f.Value }

// LabelValue is "Label: value".
func LabelValue(f updates.Fact) string { return f.Label + ": " + f.Value }

// Sized is a note of n characters of ch or, past the note's limit, a
// template's text of n characters: for sweeping the lengths around the
// size where a channel splits a message.
func Sized(ch string, n int) updates.Message {
	if n > check.Note.Max {
		m := LongestTemplated(ch)
		m.Custom.Body = Words(ch, n)
		return m
	}
	m := Longest(updates.KindNote, ch)
	m.Note = Words(ch, n)
	return m
}

// EachSized runs f on Sized messages of every length from 1,000 to 4,096
// characters (a template's text past 2,000), in steps of 53, in the
// scripts that grow most on the wire (four-byte emoji, and the characters
// markups escape): the lengths around every size where a channel splits a
// message, moves a piece or cuts a detail.
func EachSized(t *testing.T, f func(t *testing.T, m updates.Message)) {
	for _, ch := range []string{"🔥", "漢", "&", "*"} {
		for n := 1000; n <= 4096; n += 53 {
			t.Run(fmt.Sprintf("%s%d", ch, n), func(t *testing.T) { f(t, Sized(ch, n)) })
		}
	}
}
