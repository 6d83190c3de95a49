package postmortem

import "strings"

// The runbook is the engineer's own Markdown, written to be rendered: its
// checklist items and back-out plan are shown as Markdown, not escaped as
// the untrusted text of notes and providers' answers is (mdEscape). Only
// what could break the post-mortem around it is neutralised: raw HTML (an
// unclosed tag or comment could hide the rest of the document; a runbook
// needs none), a link reference definition (it would turn brackets
// anywhere in the document, such as "[DRILL]", into links), headings that
// would sit beside or above the post-mortem's own sections, and a code
// fence left open.

// runbookInline is a checklist item's text placed inside a line of the
// post-mortem: inline code, emphasis and links stay as written.
func runbookInline(s string) string { return escapeLines(s, escapeHTML) }

// runbookBlock is the back-out plan as the block of Markdown it is, to
// stand under its own level-3 heading: its lines are kept, a heading of
// level 1 to 3 becomes level 4, a setext underline gets a blank line
// before it (so "---" is a rule and "===" text, never a heading), and a
// fence left open is closed.
func runbookBlock(s string) string {
	lines := strings.Split(strings.Trim(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
	out := make([]string, 0, len(lines)+1)
	var code codeFence
	for _, line := range lines {
		if code.step(line) {
			out = append(out, line)
			continue
		}
		line = escapeHTML(line)
		t := strings.TrimLeft(line, " ")
		indent := len(line) - len(t)
		switch {
		case indent > 3:
		case headingLevel(t) > 0 && headingLevel(t) < 4:
			line = "####" + t[headingLevel(t):]
		case setextUnderline(t) && len(out) > 0 && strings.TrimSpace(out[len(out)-1]) != "":
			out = append(out, "")
		case strings.HasPrefix(t, "[") && strings.Contains(t, "]:"):
			line = `\` + t
		}
		out = append(out, line)
	}
	if code != "" {
		out = append(out, string(code))
	}
	return strings.Join(out, "\n")
}

// codeFence is the fence (``` or ~~~, three or more) of the code block a
// line is in, "" outside one.
type codeFence string

// step reports whether line is code: it opens a fence (indented by at
// most 3 spaces), closes the one open (the same character, as long or
// longer, nothing after it) or is inside it.
func (f *codeFence) step(line string) bool {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) <= 3 && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
		run := t[:len(t)-len(strings.TrimLeft(t, t[:1]))]
		switch {
		case *f == "":
			*f = codeFence(run)
			return true
		case run[0] == (*f)[0] && len(run) >= len(*f) && strings.TrimSpace(t[len(run):]) == "":
			*f = ""
			return true
		}
	}
	return *f != ""
}

// headingLevel is the level of the ATX heading t (without its
// indentation) starts, 0 when it starts none.
func headingLevel(t string) int {
	n := len(t) - len(strings.TrimLeft(t, "#"))
	if n < 1 || n > 6 || (n < len(t) && t[n] != ' ' && t[n] != '\t') {
		return 0
	}
	return n
}

// setextUnderline reports a line of = or of - alone, which under a line of
// text makes it a heading.
func setextUnderline(t string) bool {
	t = strings.TrimRight(t, " \t")
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// escapeHTML makes literal what would be raw HTML in a line of Markdown
// (a tag, a closing tag, a comment, a declaration or a processing
// instruction), outside code spans, where it is literal already.
// Autolinks such as <https://example.com> stay.
func escapeHTML(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '`':
			n := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			end := i + n
			if j := closingTicks(s[end:], n); j >= 0 {
				end += j + n
			}
			b.WriteString(s[i:end])
			i = end
			continue
		case '\\':
			if i+1 < len(s) {
				b.WriteString(s[i : i+2])
				i += 2
				continue
			}
		case '<':
			if htmlAt(s[i+1:]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// closingTicks is where in s a run of exactly n backticks starts (one
// that closes a code span opened by n), -1 when none does.
func closingTicks(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		m := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// htmlAt reports whether s, just after a <, reads as raw HTML: "/", "!"
// or "?", or a tag name ended by a space, "/", ">" or the line's end.
func htmlAt(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '/' || s[0] == '!' || s[0] == '?' {
		return true
	}
	if !isASCIILetter(s[0]) {
		return false
	}
	i := 1
	for i < len(s) && (isASCIILetter(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '-') {
		i++
	}
	return i == len(s) || s[i] == ' ' || s[i] == '\t' || s[i] == '/' || s[i] == '>'
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
