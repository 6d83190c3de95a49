package discord

import (
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Discord's documented limits (Execute Webhook; Embed Limits), in
// characters, which we count as UTF-16 units (updates.UTF16): never fewer
// than Discord's, whichever way it counts.
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

// Our own caps, at keepcool's input limits (incident/check) with room to
// spare, so that text which bypassed them (a 100 KB paste) is cut with an
// ellipsis and cannot crowd the rest out; text within them is never cut.
const (
	labelCap  = 256  // "Status: " + an untrusted status
	titleCap  = 256  // characters of the incident title
	bodyCap   = 2048 // characters of a detail (the note's are Message.MaxBody)
	factCap   = 512  // characters of a fact that is no detail: a status, a time
	shortFact = 40   // a fact this short sits beside the others (inline)
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
// and escaped. The content (the subject) and the description (label and
// body) hold their text whole; a fact longer than a field goes on in the
// next field; when everything is over the embed's total, the details
// (Fact.Detail) share what is left and are cut with a visible mark.
func render(m updates.Message) payload {
	m.Title = updates.TruncateRunes(m.Title, titleCap)
	e := embed{
		// Whole when it fits; else cut, and whole in the content above.
		Title:     updates.Fit(updates.Clean(m.Headline(), false), maxTitle, escape, width),
		URL:       statusURL(m.StatusPage),
		Color:     color(m),
		Timestamp: timestamp(m.At),
	}
	if n := m.NextUpdate(); n != "" {
		e.Footer = &footer{Text: n} // footers show no markdown: keepcool's own words, unescaped
	}
	label := "**" + updates.Fit(updates.Clean(m.Label(), false), labelCap, escape, width) + "**\n"
	body, room := updates.Clean(updates.TruncateRunes(m.Body(), m.MaxBody()), true), maxDescription-width(label)
	if m.Custom != nil { // a template's text may hold the whole message: it gives way, marked
		body = updates.CutMarked(m, body, room, escape, width)
	}
	e.Description = label + updates.Fit(body, room, escape, width)
	e.Fields = fields(m, maxEmbedTotal-embedLen(e))
	return payload{
		Content:         updates.Fit(updates.Clean(m.Subject(), false), maxContent, escape, width),
		Embeds:          []embed{e},
		AllowedMentions: allowedMentions{Parse: []string{}},
	}
}

// fields turns the facts, and the status page link when there is one, into
// embed fields within room characters; short values sit side by side. The
// names of continued fields count too, so the budget is tightened until
// the whole fits.
func fields(m updates.Message, room int) []field {
	budget := room
	for {
		fs := layFields(m, budget)
		n := 0
		for _, f := range fs {
			n += width(f.Name) + width(f.Value)
		}
		if n <= room || budget <= 0 {
			return fs
		}
		budget -= n - room
	}
}

// layFields is fields with the details sharing budget.
func layFields(m updates.Message, room int) []field {
	facts := m.Facts()
	sizes, fixed := make([]int, len(facts)), 0
	var link []field
	if u := statusURL(m.StatusPage); u != "" {
		link = []field{{Name: "Status page", Value: "[Open the live status page](" + u + ")"}}
		fixed += width(link[0].Name) + width(link[0].Value)
	}
	for i := range facts {
		if facts[i].Detail {
			facts[i].Value = updates.TruncateRunes(facts[i].Value, bodyCap)
		} else { // keepcool's own words and times: only a hostile status is long
			facts[i].Value = updates.TruncateRunes(facts[i].Value, factCap)
		}
		f := facts[i]
		n := width(escape(f.Label)) + width(escape(updates.Clean(f.Value, true)))
		if f.Detail {
			sizes[i] = n
		} else {
			fixed += n
		}
	}
	share := updates.FairShare(sizes, room-fixed)
	var fs []field
	for i, f := range facts {
		name, value := escape(f.Label), updates.Clean(f.Value, true)
		if f.Detail {
			value = updates.CutMarked(m, value, max(share[i]-width(name), width(updates.CutMark(m))), escape, width)
		}
		fs = append(fs, split(name, value)...)
	}
	fs = append(fs, link...)
	return fs[:min(len(fs), maxFields)]
}

// split is one fact as fields of at most maxFieldValue characters, the
// second and later named "…, continued".
func split(name, value string) []field {
	parts := updates.Chunks(value, maxFieldValue, escape, width)
	if len(parts) == 0 {
		return []field{{Name: name, Value: "—", Inline: true}} // Discord refuses an empty field value
	}
	out := make([]field, len(parts))
	for i, v := range parts {
		n := name
		if i > 0 {
			n += ", continued"
		}
		out[i] = field{Name: n, Value: v, Inline: len(parts) == 1 && width(v) <= shortFact}
	}
	return out
}

// embedLen is the embed's text as Discord totals it.
func embedLen(e embed) int {
	n := width(e.Title) + width(e.Description)
	for _, f := range e.Fields {
		n += width(f.Name) + width(f.Value)
	}
	if e.Footer != nil {
		n += width(e.Footer.Text)
	}
	return n
}

// width counts as Discord's limits do, at most.
func width(s string) int { return updates.UTF16(s) }

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
