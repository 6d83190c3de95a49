// Package lookalike makes untrusted text render as itself in chat markups
// that document no escape syntax (Teams' Adaptive Card text, Google Chat's
// text markup), where a backslash may show as itself. The characters such
// markup acts on are replaced by look-alikes it does not act on, and a
// zero-width space invisibly breaks what cannot be replaced: the text
// still reads the same.
package lookalike

import (
	"strings"
	"unicode"
)

// twins maps each character the markup acts on to a look-alike it does
// not: *bold*, _italic_, ~strike~, `code`, and < > & so that no mention
// (<at>…</at>, <users/all>), <url|text> link or &entity; can form.
var twins = map[rune]string{
	'*': "∗", // U+2217 ASTERISK OPERATOR
	'_': "＿", // U+FF3F FULLWIDTH LOW LINE
	'~': "∼", // U+223C TILDE OPERATOR
	'`': "ˋ", // U+02CB MODIFIER LETTER GRAVE ACCENT
	'<': "‹", // U+2039 SINGLE LEFT-POINTING ANGLE QUOTATION MARK
	'>': "›", // U+203A
	'&': "＆", // U+FF06 FULLWIDTH AMPERSAND
}

// ZWSP is the zero-width space Escape inserts: invisible, and not markdown
// whitespace.
const ZWSP = "\u200b"

// Escape replaces the twins in s, and puts a ZWSP before a line that
// markdown would make a list item or a heading and between the two
// characters of every pair in breaks: "](" stops a [link](url), and each
// channel names the pairs its own markup gives meaning to.
func Escape(s string, breaks ...string) string {
	pairs := make([][2]rune, 0, len(breaks))
	for _, p := range breaks {
		if rs := []rune(p); len(rs) == 2 {
			pairs = append(pairs, [2]rune{rs[0], rs[1]})
		}
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	rs := []rune(s)
	for i, r := range rs {
		if i == 0 || rs[i-1] == '\n' {
			if startsBlock(rs[i:]) {
				b.WriteString(ZWSP)
			}
		}
		if t, ok := twins[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
		next := runeAt(rs, i+1)
		for _, p := range pairs {
			if p[0] == r && p[1] == next {
				b.WriteString(ZWSP)
				break
			}
		}
	}
	return b.String()
}

// Only replaces just the characters of chars that have a twin, and
// nothing else: for markup that acts on fewer characters than Escape
// assumes (Google Chat's text reads no &entities;, so & stays as typed),
// so that only what would act as markup changes. It inserts no ZWSP.
func Only(s, chars string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(chars, r) {
			if t, ok := twins[r]; ok {
				return []rune(t)[0]
			}
		}
		return r
	}, s)
}

// Unescape is what a reader makes of Escape's output: each look-alike read
// as the character it stands for, the zero-width spaces unseen. Tests use
// it to check that escaped text still says what was typed.
func Unescape(s string) string {
	for r, t := range twins {
		s = strings.ReplaceAll(s, t, string(r))
	}
	return strings.ReplaceAll(s, ZWSP, "")
}

// startsBlock reports a line that markdown would make a list item or a
// heading: "- x", "+ x", "# x", "1. x", "1) x", after optional blanks.
func startsBlock(line []rune) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	switch r := runeAt(line, i); {
	case r == '-' || r == '+' || r == '#':
		return true
	case unicode.IsDigit(r):
		for i < len(line) && unicode.IsDigit(line[i]) {
			i++
		}
		return runeAt(line, i) == '.' || runeAt(line, i) == ')'
	}
	return false
}

func runeAt(rs []rune, i int) rune {
	if i < len(rs) {
		return rs[i]
	}
	return 0
}
