// Package lookalike makes untrusted text render as itself in chat markup
// that has no escape syntax, as the last resort: the characters such
// markup acts on are replaced by look-alikes it does not act on. A reader
// who copies the text copies the look-alikes (a pasted "a ＆＆ b" does not
// run), so a channel escapes with its format's own means wherever it has
// them (HTML entities in Google Chat's card text, Adaptive Cards' TextRun,
// which reads no Markdown) and uses a look-alike only for what is left.
package lookalike

import "strings"

// twins maps each character chat markup acts on to a look-alike it does
// not: *bold*, _italic_, ~strike~, `code`, and < > & for mentions
// (<users/all>), <url|text> links and &entities;.
var twins = map[rune]rune{
	'*': '∗', // U+2217 ASTERISK OPERATOR
	'_': '＿', // U+FF3F FULLWIDTH LOW LINE
	'~': '∼', // U+223C TILDE OPERATOR
	'`': 'ˋ', // U+02CB MODIFIER LETTER GRAVE ACCENT
	'<': '‹', // U+2039 SINGLE LEFT-POINTING ANGLE QUOTATION MARK
	'>': '›', // U+203A
	'&': '＆', // U+FF06 FULLWIDTH AMPERSAND
}

// ZWSP is the zero-width space a channel may put between two characters
// that would otherwise form markup with no escape (Adaptive Cards'
// {{DATE(…)}}): invisible, and not markdown whitespace.
const ZWSP = "\u200b"

// Only replaces the characters of chars that have a twin, and nothing
// else, so that only what the caller's markup acts on changes: Google
// Chat's text reads no &entities;, so a caller leaves & out of chars and
// "a && b" stays as typed.
func Only(s, chars string) string {
	return strings.Map(func(r rune) rune {
		if t, ok := twins[r]; ok && strings.ContainsRune(chars, r) {
			return t
		}
		return r
	}, s)
}

// Unescape is what a reader makes of Only's output: each look-alike read
// as the character it stands for, the zero-width spaces unseen. Tests use
// it to check that escaped text still says what was typed.
func Unescape(s string) string {
	for r, t := range twins {
		s = strings.ReplaceAll(s, string(t), string(r))
	}
	return strings.ReplaceAll(s, ZWSP, "")
}
