// Package runbook reads the engineer's runbooks: Markdown files written
// before the incident, one per kind of trouble, in a folder of their own
// ([runbooks] dir). A runbook's `- [ ]` items become the incident's
// checklist; its `## Back-out plan` section is kept apart, to be shown
// beside the checklist at all times.
//
// A runbook is the engineer's own file, yet it is read by a long-running
// engine on request: every size is bounded (the file, the number of items,
// an item's text), names cannot leave the folder, and only regular files
// are read (a FIFO named NAME.md would block a reader for ever).
//
// Everything here but Dir's methods is a pure function of its input.
package runbook

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/keepcool/keepcool/incident"
)

// Bounds of a runbook.
const (
	MaxFileSize = 256 << 10 // bytes of one NAME.md
	MaxItems    = 200       // checklist items of one runbook
	MaxItemText = 300       // characters of an item; longer ones are clipped
	MaxTitle    = 200       // characters of a title; a longer one is clipped
	MaxBackOut  = 10000     // characters of the back-out plan; the rest is cut with a pointer to the file
	MaxNameLen  = 100       // characters of a runbook's name (its file name without .md)
	MaxListed   = 500       // runbooks a folder lists; the rest are left out
)

// Ext is the runbooks' file extension.
const Ext = ".md"

// Runbook is one runbook as read from NAME.md.
type Runbook struct {
	Name    string   // the file name without .md
	Title   string   // the first `# ` heading, else Name
	Items   []string // the `- [ ]` and `- [x]` items, in order, outside the back-out plan
	BackOut string   // the `## Back-out plan` section's text, without its heading; "" when none
}

// Parse reads a runbook's Markdown. name is the runbook's name, used as
// the title when the file has no `# ` heading. A file with more than
// MaxItems items is refused (TooManyItemsError); an item marked `[x]` in
// the file is an item like any other: every incident starts unticked.
func Parse(name string, src []byte) (Runbook, error) {
	src = fromUTF16(src) // Windows editors save "Unicode" as UTF-16
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if head := src[:min(len(src), 512)]; bytes.Count(head, []byte{0})*10 > len(head) {
		// Text has no NUL bytes to speak of: this is a binary file, or
		// UTF-16 without its byte-order mark. Read as text, it would be a
		// runbook with no items, and the engineer would learn that
		// mid-incident. (A stray NUL in text is dropped like any control
		// character.)
		return Runbook{}, fmt.Errorf("runbook %q is not a text file: save %s%s as UTF-8 Markdown", name, name, Ext)
	}
	rb := Runbook{Name: name}
	var backOut []string
	inBackOut, fence := false, ""
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 0, 64<<10), MaxFileSize+1) // a line may be the whole file
	for sc.Scan() {
		line := strings.TrimRight(strings.ToValidUTF8(sc.Text(), "\uFFFD"), "\r")
		if f, bare, ok := fenceOf(line); ok && (fence == "" || bare && f[0] == fence[0] && len(f) >= len(fence)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			if inBackOut {
				backOut = append(backOut, line)
			}
			continue
		}
		if fence == "" {
			if level, text, ok := heading(line); ok {
				switch {
				case level == 1 && rb.Title == "":
					rb.Title = clip(incident.CleanText(text), MaxTitle)
					continue
				case level <= 2 && isBackOut(text):
					inBackOut = true
					continue
				case level <= 2:
					inBackOut = false
				}
			}
		}
		if inBackOut {
			backOut = append(backOut, line)
			continue
		}
		if fence != "" {
			continue
		}
		if text, ok := item(line); ok {
			if len(rb.Items) == MaxItems {
				return Runbook{}, &TooManyItemsError{Name: name}
			}
			rb.Items = append(rb.Items, clip(text, MaxItemText))
		}
	}
	if rb.Title == "" {
		rb.Title = clip(incident.CleanText(name), MaxTitle)
	}
	rb.BackOut = backOutText(backOut, name)
	return rb, nil
}

// fromUTF16 decodes src to UTF-8 when it starts with a UTF-16 byte-order
// mark; anything else is returned as it is.
func fromUTF16(src []byte) []byte {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return src
	}
	units := make([]uint16, 0, len(src)/2)
	for i := 2; i+1 < len(src); i += 2 {
		units = append(units, order.Uint16(src[i:]))
	}
	return []byte(string(utf16.Decode(units)))
}

// fenceOf reports whether line is a code fence (``` or ~~~, three or
// more), the fence, and whether nothing follows it (only such a line
// closes a block).
func fenceOf(line string) (fence string, bare, ok bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return "", false, false
	}
	for _, c := range []string{"`", "~"} {
		if n := len(t) - len(strings.TrimLeft(t, c)); n >= 3 {
			return t[:n], strings.TrimSpace(t[n:]) == "", true
		}
	}
	return "", false, false
}

// heading parses an ATX heading ("## Text ##").
func heading(line string) (level int, text string, ok bool) {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return 0, "", false
	}
	level = len(t) - len(strings.TrimLeft(t, "#"))
	if level < 1 || level > 6 {
		return 0, "", false
	}
	rest := t[level:]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return 0, "", false
	}
	rest = strings.TrimSpace(rest)
	if trimmed := strings.TrimRight(rest, "#"); trimmed == "" || strings.HasSuffix(trimmed, " ") {
		rest = strings.TrimSpace(trimmed)
	}
	return level, rest, true
}

// isBackOut reports whether a heading names the back-out plan: "Back-out
// plan", "Backout plan", "Back out", "Rollback plan", any case.
func isBackOut(text string) bool {
	t := strings.ToLower(strings.Join(strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r)
	}), ""))
	return t == "backoutplan" || t == "backout" || t == "rollbackplan" || t == "rollback"
}

// item parses a task-list item: "- [ ] text", "* [x] text", "1. [ ] text",
// indented or not. A box with no text is no item.
func item(line string) (string, bool) {
	t := strings.TrimLeft(line, " \t")
	switch {
	case strings.HasPrefix(t, "- "), strings.HasPrefix(t, "* "), strings.HasPrefix(t, "+ "):
		t = t[2:]
	default:
		digits := len(t) - len(strings.TrimLeft(t, "0123456789"))
		if digits == 0 || digits > 9 || len(t) < digits+2 || (t[digits] != '.' && t[digits] != ')') || t[digits+1] != ' ' {
			return "", false
		}
		t = t[digits+2:]
	}
	t = strings.TrimLeft(t, " ")
	if len(t) < 4 || t[0] != '[' || t[2] != ']' || t[3] != ' ' && t[3] != '\t' || !strings.ContainsRune(" xX", rune(t[1])) {
		return "", false
	}
	text := incident.CleanText(t[4:])
	return text, text != ""
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// backOutText joins the back-out plan's lines: terminal escapes and other
// control characters dropped, blank lines at either end trimmed, at most
// MaxBackOut characters.
func backOutText(lines []string, name string) string {
	for i, l := range lines {
		lines[i] = cleanLine(l)
	}
	text := strings.Trim(strings.Join(lines, "\n"), "\n")
	if strings.TrimSpace(text) == "" {
		return ""
	}
	if utf8.RuneCountInString(text) > MaxBackOut {
		text = string([]rune(text)[:MaxBackOut]) + "\n… (cut here: read the rest in " + name + Ext + ")"
	}
	return text
}

// cleanLine keeps a line's indentation and words but no control
// characters or terminal escapes: the plan is shown in a terminal too.
func cleanLine(l string) string {
	indent := len(l) - len(strings.TrimLeft(l, " \t"))
	lead := strings.ReplaceAll(l[:indent], "\t", "    ")
	return strings.TrimRight(lead+incident.CleanText(l[indent:]), " ")
}
