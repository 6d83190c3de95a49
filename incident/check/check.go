// Package check looks at stakeholder text before it leaves, because a
// message cannot be taken back once a boss has read it on a phone.
//
// Two kinds of findings:
//   - a hard limit (title 200 characters, note 2,000, …): Text returns a
//     *LimitError. Nothing may override it; the text must be shortened.
//     Limits are enforced here, at input, so no channel ever cuts a message
//     silently.
//   - a Warning: the text is probably a mistake — a shell command or a SQL
//     statement typed into the wrong window, a note that is only "q" or
//     ":wq", a pasted log (even one whose line breaks became spaces),
//     something that looks secret, terminal escape codes, bytes that are
//     not text, a "one line" of 500 characters, an estimate more than a
//     day away. The engine refuses it unless the request says force.
//
// A warning must not stop what people write in an incident: "Kill switch
// for EU checkout is on", "git push fixed it", "Select customers in EU see
// errors" all pass (TestCheckProse). A word that names a program counts
// only with a command's shape: flags, paths, URLs, a glob, a ;, or one of
// the program's subcommands (programs.go).
//
// Everything here is a pure function of the text (and, for an estimate,
// the clock it is given): no I/O, safe on hostile input (invalid UTF-8,
// control characters, megabytes), linear in the input's length.
package check

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/ansi"
)

// Code says what a Warning is about. Codes are part of the control API:
// never rename one.
type Code string

// Warning codes.
const (
	Command  Code = "command"  // looks like a shell command or a fragment of one
	Paste    Code = "paste"    // several lines of log or stack trace, or lines in a one-line field
	Secret   Code = "secret"   // a token, key, password or Authorization header
	Long     Code = "long"     // a one-line field far longer than one line
	Estimate Code = "estimate" // the fix estimate's upper bound is more than a day away
	Stray    Code = "stray"    // the whole text is a few keystrokes (q, :wq, exit) meant for another window
	Terminal Code = "terminal" // terminal escape codes (colours, cursor moves): a paste from a terminal
	Encoding Code = "encoding" // bytes that are not UTF-8 text: they would go out as �
)

// Warning is text that is likely a mistake. Message says what was seen,
// in words a person reads in a window or a terminal; it never repeats a
// secret.
type Warning struct {
	Code    Code
	Field   string
	Message string
}

// Field is one kind of stakeholder text and its limits.
type Field struct {
	Name    string // as the API names it: "title", "note", …
	Label   string // as a sentence names it: "the note", "what we know"
	Max     int    // hard limit in characters (after cleaning)
	Long    int    // warn above this many characters; 0: never
	OneLine bool   // it goes out as one line: a second line is likely a paste
	Stray   bool   // the whole text being a few keystrokes ("q", ":wq") is likely meant for another window
}

// The fields of stakeholder text. Declaration details and the resolution
// are short paragraphs (multi-line fields in the windows); a note and an
// estimate's reason are one line.
var (
	Title     = Field{Name: "title", Label: "the title", Max: 200, OneLine: true}
	Note      = Field{Name: "note", Label: "the note", Max: 2000, Long: 500, OneLine: true, Stray: true}
	Impact    = Field{Name: "impact", Label: "the impact", Max: 1000}
	Known     = Field{Name: "known", Label: "what we know", Max: 1000}
	Unknown   = Field{Name: "unknown", Label: "what we don't know", Max: 1000}
	Plan      = Field{Name: "plan", Label: "the plan", Max: 1000}
	Why       = Field{Name: "why", Label: "the reason for the new estimate", Max: 500, OneLine: true}
	Summary   = Field{Name: "summary", Label: "the summary", Max: 2000}
	RootCause = Field{Name: "root cause", Label: "the root cause", Max: 2000}
)

// LimitError is text over a field's hard limit.
type LimitError struct {
	Field    string // the API's name
	Label    string // as a sentence names it
	Max, Got int    // characters
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s is %s characters, and at most %s go out: shorten it (stakeholders read it on their phones) and keep the detail for the post-mortem",
		e.Label, thousands(e.Got), thousands(e.Max))
}

// Text checks raw as it would go out as field f. It returns a *LimitError
// when the text is over f's hard limit, else what looks like a mistake
// (nil: nothing). Length is counted in characters of the text as it is
// stored (incident.CleanText: control characters dropped, runs of spaces
// collapsed); line structure is judged on raw.
func Text(f Field, raw string) ([]Warning, error) {
	clean := incident.CleanText(raw)
	n := utf8.RuneCountInString(clean)
	if f.Max > 0 && n > f.Max {
		return nil, &LimitError{Field: f.Name, Label: f.Label, Max: f.Max, Got: n}
	}
	var out []Warning
	the := upperFirst(f.Label)
	add := func(c Code, format string, args ...any) {
		out = append(out, Warning{Code: c, Field: f.Name, Message: fmt.Sprintf(format, args...)})
	}
	lines := nonBlankLines(ansi.Strip(raw))
	if what, ok := looksSecret(clean); ok {
		add(Secret, "%s contains what looks like %s. Stakeholder messages are hard to take back: remove it.", the, what)
	}
	if p, ok := pasted(lines, clean, f.OneLine); ok {
		add(Paste, "%s %s", the, p)
	}
	if f.Stray && stray(clean) {
		add(Stray, "%s is only %q: was it typed into the wrong window?", the, clean)
	} else {
		for _, l := range lines {
			if what, cmd, ok := looksCommand(incident.CleanText(l)); ok {
				add(Command, "%s looks like %s (%s), not words for stakeholders: was it typed into the wrong window?", the, what, cmd)
				break
			}
		}
	}
	if ansi.Has(raw) {
		add(Terminal, "%s contains terminal escape codes (colours or cursor moves): was it pasted from a terminal?", the)
	}
	// Through the JSON API invalid bytes arrive already replaced by
	// U+FFFD, which people do not type.
	if !utf8.ValidString(raw) || strings.ContainsRune(raw, utf8.RuneError) {
		add(Encoding, "%s contains bytes that are not text, which stakeholders would see as \uFFFD: was it pasted from a file or a terminal in another encoding?", the)
	}
	if f.Long > 0 && n > f.Long {
		add(Long, "%s is %s characters: stakeholders expect one line (under %d).", the, thousands(n), f.Long)
	}
	return out, nil
}

// nonBlankLines splits raw at any line break, dropping blank lines. Raw
// may be hostile: invalid UTF-8 is replaced first.
func nonBlankLines(raw string) []string {
	raw = strings.ToValidUTF8(raw, "\uFFFD")
	var out []string
	for _, l := range strings.FieldsFunc(raw, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\v' || r == '\f' || r == '\u0085'
	}) {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// upperFirst starts a sentence with s.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

// thousands writes n with a comma every three digits: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
