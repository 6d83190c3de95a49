package updates

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/keepcool/keepcool/timefmt"
)

// Fact is one labelled line of a message: "Fix expected: 09:30–10:15".
// A Detail (the impact, what we know and don't, the plan, the root cause)
// is the paragraph a provider's total limit may cut, with a visible mark
// (CutMark), when a message cannot fit whole; the status, the estimate and
// the times never are.
type Fact struct {
	Label, Value string
	Detail       bool
}

// Headline names the incident: "[DRILL] SEV2 · Checkout returns 500s".
func (m Message) Headline() string {
	h := fmt.Sprintf("SEV%d · %s", m.Severity, m.Title)
	if m.Drill {
		h = "[DRILL] " + h
	}
	return h
}

// Label says what kind of update this is, in words.
func (m Message) Label() string {
	switch m.Kind {
	case KindDeclared:
		if m.Recap { // sent mid-incident to a tool just linked: where things stand, not news of a new incident
			return "Summary so far"
		}
		return "Incident declared"
	case KindNote:
		return "Update"
	case KindNoChange:
		return "No change yet"
	case KindHolding:
		return "Still working on it"
	case KindEstimate:
		return "Estimate revised"
	case KindStatus:
		return "Status: " + m.Status
	case KindResolved:
		return "Resolved"
	case KindTest:
		return "Test message"
	}
	return "Update"
}

// ThreadSubject names the incident the same way in every message of it,
// for email: Gmail threads only identical subjects, and what changed is in
// the body.
func (m Message) ThreadSubject() string {
	if m.Kind == KindTest {
		return m.Subject()
	}
	s := fmt.Sprintf("[SEV%d] %s", m.Severity, m.Title)
	if m.Drill {
		s = "[DRILL] " + s
	}
	return s
}

// Subject is a one-line summary for notification titles.
func (m Message) Subject() string {
	s := fmt.Sprintf("[SEV%d] %s — %s", m.Severity, m.Title, m.Label())
	if m.Drill {
		s = "[DRILL] " + s
	}
	if m.Kind == KindTest {
		s = "[TEST] keepcool test message — " + m.Title
	}
	return s
}

// Body is the message's main sentence: the note, the resolve summary or what
// keepcool says on the engineer's behalf.
func (m Message) Body() string {
	if m.Custom != nil {
		return m.Custom.Body
	}
	switch m.Kind {
	case KindDeclared:
		if m.Note != "" {
			return m.Note
		}
		return StatusSentence(m.Status, m.Title)
	case KindResolved:
		if m.Summary != "" {
			return m.Summary
		}
		return StatusSentence("resolved", m.Title)
	case KindEstimate:
		if m.Why != "" {
			return m.Why
		}
		return "We have revised when we expect the fix."
	case KindStatus:
		if m.Note != "" {
			return m.Note
		}
		return StatusSentence(m.Status, m.Title)
	case KindNoChange:
		if m.Note != "" {
			return m.Note
		}
		return "No change yet: we are still working on it."
	case KindTest:
		return "This is a test message from keepcool. If you can read it, this channel works. No incident is in progress."
	}
	return m.Note
}

// MaxBody is how many characters of Body a channel carries: a note or
// summary is at most 2,000 (incident/check), hence 2,048, always whole; a
// template's text (Custom), which may hold the whole message, 4,096, whole
// unless a provider's total cannot hold it, then cut with CutMark. Longer
// text bypassed those limits and is cut with an ellipsis.
func (m Message) MaxBody() int {
	if m.Custom != nil {
		return 4096
	}
	return 2048
}

// StatusSentence says where an incident stands as a person would, the
// title first: "Checkout returns 500s: we have found the cause and are
// working on a fix." The title names the symptom, so the status follows
// it; put the other way round ("We have found the cause: Checkout returns
// 500s.") the symptom reads as if it were the cause.
func StatusSentence(status, title string) string {
	what := "the status is now " + status
	switch status {
	case "investigating":
		what = "we are investigating"
	case "identified":
		what = "we have found the cause and are working on a fix"
	case "monitoring":
		what = "a fix is in place and we are monitoring it"
	case "resolved":
		what = "this is resolved"
	}
	title = strings.TrimSpace(title)
	switch {
	case title == "":
		return capitalize(what) + "."
	case endsSentence(title): // "Is checkout down? We are investigating."
		return title + " " + capitalize(what) + "."
	}
	return title + ": " + what + "."
}

// capitalize upper-cases s's first letter; keepcool's own words are ASCII.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// endsSentence reports whether s ends with a sentence's closing mark.
func endsSentence(s string) bool {
	r := []rune(s)
	return len(r) > 0 && strings.ContainsRune(".!?…", r[len(r)-1])
}

// Facts are the labelled lines every message carries, in order.
func (m Message) Facts() []Fact {
	if m.Custom != nil {
		return nil // the channel's template wrote them into the body, or left them out
	}
	var f []Fact
	if m.Kind != KindTest {
		f = append(f, Fact{"Status", m.Status, false})
	}
	switch m.Kind {
	case KindTest:
	case KindResolved:
		f = append(f, Fact{"Duration", Span(m.ResolvedAt.Sub(m.DeclaredAt)), false})
		if m.RootCause != "" {
			f = append(f, Fact{Label: "Root cause", Value: m.RootCause, Detail: true})
		}
	case KindDeclared:
		f = append(f, Fact{"Fix expected", m.EstimateText(), false}, Fact{"Declared", m.Time(m.DeclaredAt), false})
		for _, x := range []Fact{{"Impact", m.Impact, true}, {"What we know", m.Known, true}, {"What we don't know", m.Unknown, true}, {"How we'll find out", m.Plan, true}} {
			if x.Value != "" {
				f = append(f, x)
			}
		}
	default:
		f = append(f, Fact{"Fix expected", m.EstimateText(), false}, Fact{"Elapsed", m.Elapsed(), false})
	}
	return f
}

// Elapsed is how long the incident has run when the message was made, and
// since when: "42 min, since 09:00 CET".
func (m Message) Elapsed() string {
	d := m.At.Sub(m.DeclaredAt)
	if d < time.Minute {
		return "under a minute, since " + m.Time(m.DeclaredAt)
	}
	return Span(d) + ", since " + m.Time(m.DeclaredAt)
}

// Style is how this message's readers read its times: in TimeZone (else the
// zone m.At carries), on its Clock.
func (m Message) Style() timefmt.Style {
	s := timefmt.Style{Zone: m.At.Location(), Hour12: strings.EqualFold(m.Clock, "12h")}
	if m.TimeZone != "" {
		if loc, err := timefmt.LoadZone(m.TimeZone); err == nil {
			s.Zone = loc
		}
	}
	return s
}

// Time is t as this message's readers read it: "09:45 CET", with the day
// when t is not on the message's day ("Tue 10:44 CET").
func (m Message) Time(t time.Time) string { return m.Style().Time(t, m.At) }

// EstimateText renders the estimate as wall-clock times, with the previous
// one when it changed: "09:30–10:15 CET (revised from 09:20–09:50 CET)".
func (m Message) EstimateText() string {
	ts := m.Style()
	s := m.Estimate.Text(ts, m.At)
	if !m.PreviousEstimate.IsZero() && m.PreviousEstimate != m.Estimate {
		s += " (revised from " + m.PreviousEstimate.Text(ts, m.At) + ")"
	}
	return s
}

// NextUpdate is the promise that ends every message but the all-clear:
// "Next update by 09:45 CET", or "" when none is promised.
func (m Message) NextUpdate() string {
	if m.NextUpdateBy.IsZero() || m.Kind == KindResolved || m.Kind == KindTest {
		return ""
	}
	return "Next update by " + m.Time(m.NextUpdateBy)
}

// Text is the whole message as plain text, the fallback every channel can
// show and the content of chat notifications.
func (m Message) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n%s\n", m.Headline(), m.Label(), m.Body())
	for _, f := range m.Facts() {
		fmt.Fprintf(&b, "%s: %s\n", f.Label, f.Value)
	}
	if n := m.NextUpdate(); n != "" {
		b.WriteString(n + "\n")
	}
	if m.StatusPage != "" {
		b.WriteString("Status page: " + m.StatusPage + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// Span renders a duration for people: "42 min", "1 h 05 min", "35 s".
func Span(d time.Duration) string { return timefmt.Span(d) }

// Truncate cuts s to at most n bytes of valid UTF-8, marking the cut with
// an ellipsis, for providers with hard limits. It never splits a rune.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…"
	cut := max(n-len(mark), 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + mark
}

// TruncateOrDrop is Truncate for a piece of a larger text: when n leaves
// no room for anything but the ellipsis, the piece is left out ("")
// rather than shown as a lone "…".
func TruncateOrDrop(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= len("…") {
		return ""
	}
	return Truncate(s, n)
}

// FitEscaped returns the longest prefix of raw (cut with Truncate) whose
// escaped form is at most limit bytes, escaped. Escaping first and cutting
// after could split an entity such as &amp; in half.
func FitEscaped(raw string, limit int, escape func(string) string) string {
	return Fit(raw, limit, escape, Bytes)
}
