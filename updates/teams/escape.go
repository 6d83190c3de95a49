package teams

import (
	"strings"
	"unicode"
)

// twins maps each character Teams' Adaptive Card markdown acts on to a
// look-alike it does not: **bold**, _italic_, ~~strike~~, `code`, and < > &
// so that no <at>mention</at> or &entity; can form. Teams documents no
// escape syntax for card text (a backslash may show as itself), so the
// characters are replaced rather than escaped: the text still reads the same.
var twins = map[rune]string{
	'*': "∗", // U+2217 ASTERISK OPERATOR
	'_': "＿", // U+FF3F FULLWIDTH LOW LINE
	'~': "∼", // U+223C TILDE OPERATOR
	'`': "ˋ", // U+02CB MODIFIER LETTER GRAVE ACCENT
	'<': "‹", // U+2039 SINGLE LEFT-POINTING ANGLE QUOTATION MARK
	'>': "›", // U+203A
	'&': "＆", // U+FF06 FULLWIDTH AMPERSAND
}

const zwsp = "\u200b" // zero-width space: invisible, and not markdown whitespace

// escape makes plain text render as itself in a TextBlock or Fact. Besides
// the twins, a zero-width space breaks "](" (a [link](url)), "{{" (Adaptive
// Cards' {{DATE(…)}} and {{TIME(…)}} substitutions) and a list or heading
// marker at the start of a line, all invisibly.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	rs := []rune(s)
	for i, r := range rs {
		if i == 0 || rs[i-1] == '\n' {
			if startsBlock(rs[i:]) {
				b.WriteString(zwsp)
			}
		}
		if t, ok := twins[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
		if next := runeAt(rs, i+1); (r == ']' && next == '(') || (r == '{' && next == '{') {
			b.WriteString(zwsp)
		}
	}
	return b.String()
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

// plain makes untrusted text safe to show: valid UTF-8, no terminal escapes
// or other control characters, no bidi overrides that make a line read
// differently from what it says. Newlines survive only where lines is set.
func plain(s string, lines bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\u2028' || r == '\u2029':
			if lines {
				return '\n'
			}
			return ' '
		case r == '\t':
			return ' '
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// isBidiControl reports the explicit embedding, override and isolate
// controls (the "Trojan Source" characters).
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}
