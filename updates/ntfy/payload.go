package ntfy

import (
	"errors"
	"fmt"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// ntfy's limits (docs.ntfy.sh/publish, "Limitations", and the server's
// transformBodyJSON): a message over 4,096 bytes turns into a file
// attachment, a title over 1 KB or tags over 512 bytes are refused with 400,
// and servers since v2.12 refuse a JSON body over twice the message limit
// with 413. We stay under each with room to spare.
const (
	maxMessage = 4096
	maxTitle   = 1024
	maxBody    = 8000 // < 2×4096; quotes and backslashes double in JSON
	titleLen   = 256  // characters of the incident title inside the notification title
	urlLen     = 512  // a longer status page URL is not a real one
	rawCap     = 16 << 10
	// textLen and factLen are keepcool's input limits (incident/check) with
	// room to spare: text within them is never cut; only text that
	// bypassed them (a 100 KB paste) is, with an ellipsis.
	textLen = 2048 // characters of the note, summary, impact, root cause
	factLen = 300  // characters of a fact that is no detail: a status, a time
)

// payload is ntfy's JSON publish form (docs.ntfy.sh/publish, "Publish as
// JSON"), POSTed to the server root. Markdown is always false: every string
// is untrusted plain text, so ntfy must show **bold** or [link](x) as typed.
type payload struct {
	Topic    string   `json:"topic"`
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	Priority int      `json:"priority"`
	Tags     []string `json:"tags"`
	Click    string   `json:"click,omitempty"`
	Markdown bool     `json:"markdown"`
}

// render encodes m for topic as the JSON bodies of one notification or,
// when the note alone is more than one ntfy message holds (2,000
// characters of CJK or emoji are 6–8 KB), of several, titled "(1/2)",
// "(2/2)", the last ending with the facts and the promise. The messages
// are shrunk until each JSON body also fits, since escaping can double
// their size.
func render(m updates.Message, topic string) ([][]byte, error) {
	m = cleaned(m)
	budget := maxMessage
	for range 16 {
		texts := layout(m, budget)
		var out [][]byte
		over := 0
		for i, t := range texts {
			b, err := encode(build(m, topic, t, part(i, len(texts))))
			if err != nil {
				return nil, err
			}
			over = max(over, len(b)-maxBody)
			out = append(out, b)
		}
		if over <= 0 {
			return out, nil
		}
		budget -= over
	}
	return nil, errors.New("could not fit the update in ntfy's size limits (a bug)")
}

// part is the title's " (2/3)", or "" for a notification of its own.
func part(i, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf(" (%d/%d)", i+1, n)
}

// encode is the JSON body, <, > and & as typed: ntfy decodes the JSON and
// shows plain text, so \u003c for '<' would only eat the size budget.
func encode(p payload) ([]byte, error) { return updates.MarshalPlain(p) }

// build lays out one notification of the update, with text as its message
// and suffix ("(1/2)") after its title.
func build(m updates.Message, topic, text, suffix string) payload {
	return payload{
		Topic:    topic,
		Title:    updates.Truncate(defuseMIME(updates.CleanPlain(m.Subject(), false)), maxTitle-len(suffix)) + suffix,
		Message:  text,
		Priority: priority(m),
		Tags:     tags(m),
		Click:    m.StatusPage,
	}
}

// layout is the update as plain text, laid out like updates.Message.Text
// but without the headline (ntfy shows the title above it), in messages of
// at most budget bytes. The note, the facts that are no detail and the
// closing lines — "Next update by", the status page — are never cut: a
// note over budget goes on in the next message, and the last message ends
// with the facts and the closing lines. The details (Fact.Detail: the
// impact, the root cause) get what that last message leaves, shared
// fairly, and are cut with a visible mark when they must.
func layout(m updates.Message, budget int) []string {
	var facts []updates.Fact
	for _, f := range m.Facts() {
		f.Value = updates.CleanPlain(f.Value, false)
		facts = append(facts, f)
	}
	var tail []string
	if n := m.NextUpdate(); n != "" {
		tail = append(tail, n)
	}
	if m.StatusPage != "" {
		tail = append(tail, "Status page: "+m.StatusPage)
	}
	mark := len(updates.CutMark(m))
	fixed, sizes := len(strings.Join(tail, "\n")), make([]int, len(facts))
	for i, f := range facts {
		fixed += len("\n") + len(f.Label) + len(": ")
		if f.Detail {
			sizes[i] = len(f.Value)
			fixed += min(mark, len(f.Value)) // at the least, the mark
		} else {
			fixed += len(f.Value)
		}
	}
	var notes []string // messages before the last: the note's first parts
	last := updates.CleanPlain(updates.TruncateRunes(m.Body(), m.MaxBody()), true)
	if m.Custom != nil { // a template's text may hold the whole message: three notifications at most
		last = updates.CutMarked(m, last, 3*(budget-fixed)-len(updates.CutMark(m)), plainText, updates.Bytes)
	}
	if len(last)+len("\n")+fixed > budget {
		notes = updates.Chunks(last, budget, plainText, updates.Bytes)
		last, notes = notes[len(notes)-1], notes[:len(notes)-1]
		if len(last)+len("\n")+fixed > budget { // no room left for the facts
			notes, last = append(notes, last), ""
		}
	}
	share := updates.FairShare(sizes, budget-fixed-len(last)-len("\n"))
	var lines []string
	if last != "" {
		lines = append(lines, last)
	}
	for i, f := range facts {
		if f.Detail {
			f.Value = updates.CutMarked(m, f.Value, min(sizes[i], mark)+share[i], plainText, updates.Bytes)
		}
		lines = append(lines, f.Label+": "+f.Value)
	}
	return append(notes, strings.Join(append(lines, tail...), "\n"))
}

// plainText is the escaping plain text needs: none.
func plainText(s string) string { return s }

// defuseMIME breaks RFC 2047 encoded-words ("=?UTF-8?Q?...?=") with a
// zero-width space. ntfy turns JSON fields into headers and MIME-decodes
// header values, so a title typed as an encoded-word would be shown decoded:
// different text, and control characters that cleaning already removed.
func defuseMIME(s string) string {
	return strings.ReplaceAll(s, "=?", "=\u200B?")
}

// fairShare is updates.FairShare, kept under its old name for its test.
func fairShare(lens []int, budget int) []int { return updates.FairShare(lens, budget) }

// cleaned returns m with every string bounded and safe to show as plain
// text on a phone (updates.CleanPlain), so the shared wording helpers build
// from safe pieces. The incident title is cut short because it also
// appears in the notification title.
func cleaned(m updates.Message) updates.Message {
	for _, s := range []*string{&m.Impact, &m.Known, &m.Unknown,
		&m.Plan, &m.Note, &m.Why, &m.Summary, &m.RootCause} {
		*s = updates.TruncateRunes(updates.CleanPlain(updates.Truncate(*s, rawCap), true), textLen)
	}
	for _, s := range []*string{&m.Status, &m.Engineer} {
		*s = updates.TruncateRunes(updates.CleanPlain(updates.Truncate(*s, rawCap), true), factLen)
	}
	m.Title = updates.TruncateRunes(updates.CleanPlain(updates.Truncate(m.Title, rawCap), false), titleLen)
	m.StatusPage = webURL(m.StatusPage)
	return m
}

// webURL keeps an http(s) URL of sane length and drops anything else: ntfy
// opens the click URL on a tap, and javascript: or intent: must not reach it.
func webURL(s string) string {
	if _, ok := updates.ParseWebURL(s); !ok || len(s) > urlLen ||
		strings.Contains(s, "=?") { // ntfy would MIME-decode it (see defuseMIME)
		return ""
	}
	return updates.CleanPlain(s, false)
}

// priority maps severity to ntfy's 1-5 scale: SEV1 is 5 (max: a pop-over and
// long vibration), SEV4 is 2 (low: no sound). The all-clear and the channel
// test use 3, the default, so they are heard but wake no one.
func priority(m updates.Message) int {
	if m.Kind == updates.KindResolved || m.Kind == updates.KindTest {
		return 3
	}
	if m.Severity >= 1 && m.Severity <= 4 {
		return 6 - m.Severity
	}
	return 3
}

// tags are ntfy emoji short codes (shown before the title) plus plain tags
// a subscriber can filter on. They are fixed words, never user text.
func tags(m updates.Message) []string {
	var t []string
	switch m.Kind {
	case updates.KindDeclared:
		t = []string{"rotating_light"}
	case updates.KindHolding:
		t = []string{"warning"}
	case updates.KindResolved:
		t = []string{"white_check_mark"}
	case updates.KindTest:
		return []string{"test_tube", "keepcool"}
	default: // note, no-change, estimate, status
		t = []string{"construction"}
	}
	if m.Severity >= 1 && m.Severity <= 4 {
		t = append(t, fmt.Sprintf("sev%d", m.Severity))
	}
	if m.Drill {
		t = append(t, "drill")
	}
	return append(t, "keepcool")
}
