package updates

import (
	"strings"
	"unicode"

	"github.com/keepcool/keepcool/internal/ansi"
)

// Clean makes untrusted text safe to carry in any channel: terminal escape
// sequences go whole (internal/ansi: "\x1b[31mRED" is "RED", not "[31mRED");
// invalid UTF-8 becomes U+FFFD; other control characters and
// the bidi overrides (IsBidiOverride), which could make a line read
// differently from what it says, are dropped. Line breaks (\n, \r\n,
// U+2028, U+2029) become \n when keepNewlines is set and spaces otherwise,
// so that a one-line field stays on one line; tabs become spaces.
func Clean(s string, keepNewlines bool) string {
	return cleaning{lines: keepNewlines}.apply(s)
}

// CleanPlain is Clean for channels that pass text on as typed rather than
// as markup (ntfy, the webhook's JSON), where a tab means nothing but
// itself: wherever newlines are kept, tabs are too.
func CleanPlain(s string, keepNewlines bool) string {
	return cleaning{lines: keepNewlines, tabs: keepNewlines}.apply(s)
}

// CleanLines is Clean(s, true) for markup whose lines the caller folds or
// escapes itself (Slack, Mattermost), and stricter: a lone \r is a line
// break too, and the bidi marks (U+061C, U+200E, U+200F) go with the
// overrides, which drops all of Unicode's Bidi_Control.
func CleanLines(s string) string {
	return cleaning{lines: true, loneCR: true, marks: true}.apply(s)
}

// IsBidiOverride reports the explicit embedding, override and isolate
// controls (U+202A–U+202E, U+2066–U+2069: the "Trojan Source"
// characters). Marks such as U+200E are not among them: they only nudge
// neutral characters.
func IsBidiOverride(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// cleaning is what Clean and its variants keep or drop.
type cleaning struct {
	lines  bool // line breaks stay \n, else they become spaces
	tabs   bool // tabs stay, else they become spaces
	loneCR bool // a lone \r is a line break, else a dropped control
	marks  bool // drop the bidi marks as well as the overrides
}

func (c cleaning) apply(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(ansi.Strip(s), "\uFFFD"), "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029' || (c.loneCR && r == '\r'):
			if c.lines {
				return '\n'
			}
			return ' '
		case r == '\t':
			if c.tabs {
				return r
			}
			return ' '
		case unicode.IsControl(r), IsBidiOverride(r), c.marks && unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
}
