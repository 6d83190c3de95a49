package ntfy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
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
	titleLen   = 200  // of the incident title inside the notification title
	urlLen     = 512  // a longer status page URL is not a real one
	rawCap     = 16 << 10
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

// render encodes m for topic within ntfy's limits. The message is shrunk
// until the JSON body also fits, since escaping can double its size.
func render(m updates.Message, topic string) ([]byte, error) {
	m = cleaned(m)
	budget := maxMessage
	for range 16 {
		b, err := encode(build(m, topic, budget))
		if err != nil || len(b) <= maxBody {
			return b, err
		}
		budget -= len(b) - maxBody
	}
	return nil, errors.New("could not fit the update in ntfy's size limits (a bug)")
}

// encode is json.Marshal without HTML escaping: ntfy decodes the JSON and
// shows plain text, so \u003c for '<' would only eat the size budget.
func encode(p payload) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode payload: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// build lays out one notification whose message is at most budget bytes.
func build(m updates.Message, topic string, budget int) payload {
	p := payload{
		Topic:    topic,
		Title:    updates.Truncate(defuseMIME(updates.CleanPlain(m.Subject(), false)), maxTitle),
		Priority: priority(m),
		Tags:     tags(m),
		Click:    m.StatusPage,
	}
	p.Message = message(m, budget)
	return p
}

// message is the update as plain text, laid out like updates.Message.Text
// but without the headline (ntfy shows the title above it). The closing
// lines — "Next update by", the status page — are never cut: the note and
// the facts share what is left, so a huge note cannot push the promise out.
func message(m updates.Message, budget int) string {
	parts, labels := []string{updates.CleanPlain(m.Body(), true)}, []string{""}
	for _, f := range m.Facts() {
		parts = append(parts, updates.CleanPlain(f.Value, false))
		labels = append(labels, f.Label+": ")
	}
	var tail []string
	if n := m.NextUpdate(); n != "" {
		tail = append(tail, n)
	}
	if m.StatusPage != "" {
		tail = append(tail, "Status page: "+m.StatusPage)
	}
	fixed, lens := 0, make([]int, len(parts))
	for i := range parts {
		fixed += len(labels[i]) + len("\n")
		lens[i] = len(parts[i])
	}
	for _, t := range tail {
		fixed += len(t) + len("\n")
	}
	share := fairShare(lens, budget-fixed)
	var lines []string
	for i, p := range parts {
		if p = updates.TruncateOrDrop(p, share[i]); p != "" || i > 0 { // no empty first line
			lines = append(lines, labels[i]+p)
		}
	}
	return strings.Join(append(lines, tail...), "\n")
}

// defuseMIME breaks RFC 2047 encoded-words ("=?UTF-8?Q?...?=") with a
// zero-width space. ntfy turns JSON fields into headers and MIME-decodes
// header values, so a title typed as an encoded-word would be shown decoded:
// different text, and control characters that cleaning already removed.
func defuseMIME(s string) string {
	return strings.ReplaceAll(s, "=?", "=\u200B?")
}

// fairShare splits budget bytes among pieces of the given lengths: a piece
// shorter than an equal share keeps all it needs, and what it leaves is
// shared among the longer ones. So one 100 KB note cannot starve the facts.
func fairShare(lens []int, budget int) []int {
	order := make([]int, len(lens))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lens[order[a]] < lens[order[b]] })
	out := make([]int, len(lens))
	left := max(budget, 0)
	for i, j := range order {
		out[j] = min(lens[j], left/(len(order)-i))
		left -= out[j]
	}
	return out
}

// cleaned returns m with every string bounded and safe to show as plain
// text on a phone (updates.CleanPlain), so the shared wording helpers build
// from safe pieces. The incident title is cut short because it also
// appears in the notification title.
func cleaned(m updates.Message) updates.Message {
	for _, s := range []*string{&m.Status, &m.Engineer, &m.Impact, &m.Known, &m.Unknown,
		&m.Plan, &m.Note, &m.Why, &m.Summary, &m.RootCause} {
		*s = updates.CleanPlain(updates.Truncate(*s, rawCap), true)
	}
	m.Title = updates.Truncate(updates.CleanPlain(updates.Truncate(m.Title, rawCap), false), titleLen)
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
