package postmortem

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// mdEscape makes untrusted text literal where Markdown would misread it,
// and leaves it alone elsewhere: the post-mortem is read as a raw file as
// often as rendered, so "it." and "payments-gw" stay as written. Escaped:
// code spans, emphasis that could open or close, inline links and images
// (their "](", so "[DRILL]" stays as written: the document defines no
// reference a bracket could name), HTML
// tags and entity references, backslashes before punctuation, and on the
// lines after the first the markers that would start a block. Those lines
// are indented to stay inside the list item the text belongs to.
func mdEscape(s string) string { return escapeLines(s, escapeInline) }

// escapeLines escapes each line of s with inline, and on the lines after
// the first the markers that would start a block, indenting them to stay
// inside the list item the text belongs to.
func escapeLines(s string, inline func(string) string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, line := range lines {
		line = inline(line)
		if i > 0 {
			line = "  " + escapeBlockStart(strings.TrimLeft(line, " \t"))
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// mdEscapeHeading is mdEscape for an ATX heading's text, where a closing
// run of # would be dropped.
func mdEscapeHeading(s string) string {
	e := mdEscape(strings.ReplaceAll(s, "\n", " "))
	if strings.HasSuffix(e, "#") {
		e = e[:len(e)-1] + `\#`
	}
	return e
}

// escapeInline escapes what could turn into markup inside a line.
func escapeInline(s string) string {
	tildes := strings.Count(s, "~") >= 2 // a pair could strike through
	var b strings.Builder
	for i, r := range s {
		prev, next := runeBefore(s, i), runeAfter(s, i+utf8.RuneLen(r))
		switch {
		case r == '`':
			b.WriteByte('\\')
		case r == '(' && prev == ']': // "[text](url)", "![alt](src)": never a link
			b.WriteByte('\\')
		case r == '\\' && asciiPunct(next):
			b.WriteByte('\\')
		case r == '*' && !(isSpace(prev) && isSpace(next)):
			b.WriteByte('\\')
		case r == '_' && !(isWord(prev) && isWord(next)) && !(isSpace(prev) && isSpace(next)):
			b.WriteByte('\\')
		case r == '~' && tildes:
			b.WriteByte('\\')
		case r == '<' && (next == '/' || next == '!' || next == '?' || unicode.IsLetter(next)):
			b.WriteByte('\\')
		case r == '&' && entityAt(s[i+1:]):
			b.WriteString("&amp;")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeBlockStart escapes the marker that would make a line (without
// its indentation) a heading, quote, list item, rule or setext underline.
func escapeBlockStart(line string) string {
	if line == "" {
		return line
	}
	marker := strings.TrimLeft(line, string(line[0]))
	spaced := marker == "" || marker[0] == ' ' || marker[0] == '\t'
	switch line[0] {
	case '>', '[': // a quote; a link reference definition "[x]: url"
		return `\` + line
	case '#', '-', '+', '*', '=':
		if spaced || strings.Trim(line, string(line[0])+" \t") == "" {
			return `\` + line
		}
	}
	// An ordered list item: "1. " or "1) ".
	digits := len(line) - len(strings.TrimLeft(line, "0123456789"))
	if digits > 0 && digits <= 9 && digits < len(line) && (line[digits] == '.' || line[digits] == ')') {
		return line[:digits] + `\` + line[digits:]
	}
	return line
}

// entityAt reports whether s (just after an &) reads as an entity
// reference such as "amp;" or "#39;", which Markdown would decode.
func entityAt(s string) bool {
	name, _, ok := strings.Cut(s, ";")
	if !ok || name == "" || len(name) > 32 {
		return false
	}
	for _, r := range strings.TrimPrefix(name, "#") {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func runeBefore(s string, i int) rune {
	if i == 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func runeAfter(s string, i int) rune {
	if i >= len(s) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// asciiPunct is what CommonMark lets a backslash escape.
func asciiPunct(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsPunct(r) || unicode.IsSymbol(r))
}
