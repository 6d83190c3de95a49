package discord

import (
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Discord's documented limits (Execute Webhook; Embed Limits). They count
// characters; we count bytes of UTF-8, never fewer, so a payload within
// them in bytes is within them in characters.
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000 // title + description + field names and values + footer, all embeds
)

// Our own caps, below Discord's, so that one pasted 100 KB fact cannot
// crowd the note out of the 6000-character embed.
const (
	contentCap = 512
	labelCap   = 256 // "Status: " + an untrusted status
	factCap    = 512
)

// payload is Discord's Execute Webhook body (the fields keepcool uses).
type payload struct {
	Content         string          `json:"content"`
	Embeds          []embed         `json:"embeds"`
	AllowedMentions allowedMentions `json:"allowed_mentions"`
}

// allowedMentions with an empty (not absent) parse list is Discord's
// documented way to suppress @everyone, @here, role and user pings.
type allowedMentions struct {
	Parse []string `json:"parse"`
}

type embed struct {
	Title       string  `json:"title"`
	Description string  `json:"description,omitempty"`
	URL         string  `json:"url,omitempty"`
	Color       int     `json:"color"`
	Timestamp   string  `json:"timestamp,omitempty"`
	Fields      []field `json:"fields,omitempty"`
	Footer      *footer `json:"footer,omitempty"`
}

type field struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Inline bool   `json:"inline"`
}

type footer struct {
	Text string `json:"text"`
}

// render builds the webhook body for m. Every untrusted string is cleaned
// and escaped; the note gets whatever room the rest of the embed leaves.
func render(m updates.Message) payload {
	e := embed{
		Title:     updates.FitEscaped(updates.Clean(m.Headline(), false), maxTitle, escape),
		URL:       statusURL(m.StatusPage),
		Color:     color(m),
		Fields:    fields(m),
		Timestamp: timestamp(m.At),
	}
	if n := m.NextUpdate(); n != "" {
		e.Footer = &footer{Text: n} // footers show no markdown: keepcool's own words, unescaped
	}
	label := "**" + updates.FitEscaped(updates.Clean(m.Label(), false), labelCap, escape) + "**\n"
	room := min(maxDescription, maxEmbedTotal-embedLen(e)) - len(label)
	e.Description = label + updates.FitEscaped(updates.Clean(m.Body(), true), max(room, 0), escape)
	return payload{
		Content:         updates.FitEscaped(updates.Clean(m.Subject(), false), contentCap, escape),
		Embeds:          []embed{e},
		AllowedMentions: allowedMentions{Parse: []string{}},
	}
}

// fields turns the facts, and the status page link when there is one, into
// embed fields; short values sit side by side.
func fields(m updates.Message) []field {
	var fs []field
	for _, f := range m.Facts() {
		v := updates.FitEscaped(updates.Clean(f.Value, true), factCap, escape)
		if v == "" {
			v = "—" // Discord refuses an empty field value
		}
		fs = append(fs, field{Name: escape(f.Label), Value: v, Inline: len(v) <= 40})
	}
	if u := statusURL(m.StatusPage); u != "" {
		fs = append(fs, field{Name: "Status page", Value: "[Open the live status page](" + u + ")"})
	}
	return fs[:min(len(fs), maxFields)]
}

// embedLen is the embed's text as Discord totals it.
func embedLen(e embed) int {
	n := len(e.Title) + len(e.Description)
	for _, f := range e.Fields {
		n += len(f.Name) + len(f.Value)
	}
	if e.Footer != nil {
		n += len(e.Footer.Text)
	}
	return n
}

// statusURL returns the status page URL when it is a plain http(s) URL
// that is safe inside a markdown link, "" otherwise.
func statusURL(raw string) string {
	u, ok := updates.ParseWebURL(raw)
	if !ok {
		return ""
	}
	s := u.String()
	if len(s) > 512 || strings.ContainsAny(s, "()[]<> \"'`\\|") {
		return ""
	}
	return s
}

func timestamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// color is the embed's side bar: green for the all-clear, blurple for a
// test, grey for a drill, red to yellow by severity.
func color(m updates.Message) int {
	switch {
	case m.Kind == updates.KindResolved:
		return 0x57F287
	case m.Kind == updates.KindTest:
		return 0x5865F2
	case m.Drill:
		return 0x99AAB5
	case m.Severity == 1:
		return 0xED4245
	case m.Severity == 2:
		return 0xE67E22
	case m.Severity == 3:
		return 0xFEE75C
	}
	return 0x3498DB
}
