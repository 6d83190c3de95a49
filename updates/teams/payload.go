package teams

import (
	"fmt"

	"github.com/keepcool/keepcool/updates"
)

// Teams refuses messages over about 28 KB (Workflows' "Post card in a chat
// or channel": "the message size limit is approximately 28 KB"). We aim
// lower: the flow wraps the card in its own message, and a card near the
// limit is unreadable anyway.
const maxPayload = 24 << 10

// Caps on single pieces (escaped bytes), at keepcool's input limits
// (incident/check) in the widest script, four bytes a character, with
// room to spare: text within those limits is never cut here; only text
// that bypassed them (a 100 KB paste) is. A message at those limits is
// under 24 KB even so; if one were not, the details (impact, root cause)
// would give way first, with a visible mark, then the note.
const (
	headlineCap = 1024 // a 200-character title and the severity
	labelCap    = 256  // "Status: " + an untrusted status
	factCap     = 1 << 10
	detailCap   = 8 << 10 // 2,000 characters of root cause
	noteCap     = 16 << 10
)

// activity is the body a Workflows webhook takes: a Bot Framework style
// activity carrying one Adaptive Card attachment.
type activity struct {
	Type        string       `json:"type"` // "message"
	Attachments []attachment `json:"attachments"`
}

type attachment struct {
	ContentType string  `json:"contentType"`
	ContentURL  *string `json:"contentUrl"` // null, as the documented example sends it
	Content     card    `json:"content"`
}

type card struct {
	Schema  string    `json:"$schema"`
	Type    string    `json:"type"`
	Version string    `json:"version"`
	Body    []element `json:"body"`
	Actions []action  `json:"actions,omitempty"`
	MSTeams *msteams  `json:"msteams,omitempty"`
}

// element is a RichTextBlock of TextRuns, which show their text as
// typed (see escape), or a TextBlock for keepcool's own words.
type element struct {
	Type    string `json:"type"`
	Text    string `json:"text,omitempty"`
	Weight  string `json:"weight,omitempty"`
	Wrap    bool   `json:"wrap,omitempty"`
	Spacing string `json:"spacing,omitempty"` // "Small": a fact under a fact, as a FactSet would set them
	Inlines []run  `json:"inlines,omitempty"`
}

// run is a TextRun: "Text to display. Markdown is not supported."
type run struct {
	Type   string `json:"type"` // "TextRun"
	Text   string `json:"text"`
	Weight string `json:"weight,omitempty"`
	Size   string `json:"size,omitempty"`
}

// richText is a RichTextBlock of the given runs, each a TextRun.
func richText(runs ...run) element {
	for i := range runs {
		runs[i].Type = "TextRun"
	}
	return element{Type: "RichTextBlock", Inlines: runs}
}

type action struct {
	Type  string `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// msteams "Full" lets the card use the channel's width: the facts read better.
type msteams struct {
	Width string `json:"width"`
}

// encode renders m as the largest card whose JSON fits maxPayload: whole
// when it fits; else with the details sharing what room is left (their
// escaped bytes shrunk by the JSON's overshoot until it fits); else, with
// the details at their marks, with the longest note that fits. The note's
// search is on its escaped length: JSON may double it, so cutting the
// overshoot alone would cut too much or too little. The JSON leaves <, >
// and & as they are (updates.MarshalPlain): Go would make each six bytes.
func encode(m updates.Message) ([]byte, error) {
	m = bounded(m)
	full := 0
	for _, f := range m.Facts() {
		if f.Detail {
			full += len(escape(lines(detail(f.Value))))
		}
	}
	fits := func(note, details int) ([]byte, bool) {
		b, err := updates.MarshalPlain(render(m, note, details))
		return b, err == nil && len(b) <= maxPayload
	}
	if b, err := updates.MarshalPlain(render(m, noteCap, full)); err != nil || len(b) <= maxPayload {
		return b, err
	}
	if best, ok := fits(noteCap, 0); ok {
		for d := full; d > 0; { // take the overshoot off the details until they fit
			b, ok := fits(noteCap, d)
			if ok {
				return b, nil
			}
			d -= len(b) - maxPayload
		}
		return best, nil
	}
	best, ok := fits(0, 0)
	if !ok { // the caps above make this unreachable; never send what Teams refuses
		return nil, fmt.Errorf("card is %d bytes even without the note, over %d", len(best), maxPayload)
	}
	lo, hi := 0, noteCap
	for lo < hi { // the largest room for the note that fits
		mid := (lo + hi + 1) / 2
		if b, ok := fits(mid, 0); ok {
			lo, best = mid, b
		} else {
			hi = mid - 1
		}
	}
	return best, nil
}

// detail is a detail's text, cleaned, as long as detailCap can show at
// most: 2,048 characters, more than keepcool lets through.
func detail(s string) string { return updates.TruncateRunes(updates.Clean(s, true), detailCap/4) }

// bounded cuts every string of m to the most bytes any cap lets through,
// so that the searches in encode do not clean a 100 KB paste again and
// again: escaping and doubling newlines only lengthen text, so the bytes
// past a cap can never be shown.
func bounded(m updates.Message) updates.Message {
	for _, s := range []*string{&m.Note, &m.Why, &m.Summary, &m.RootCause, &m.Impact, &m.Known, &m.Unknown, &m.Plan} {
		*s = updates.Truncate(*s, noteCap)
	}
	for _, s := range []*string{&m.Title, &m.Status} {
		*s = updates.Truncate(*s, headlineCap)
	}
	if m.Custom != nil {
		c := *m.Custom
		c.Body = updates.Truncate(c.Body, noteCap)
		m.Custom = &c
	}
	return m
}

// render builds the card with at most room escaped bytes of note and
// details bytes for the details together (updates.FairShare), each of
// which is cut with a visible mark when over its share.
func render(m updates.Message, room, details int) activity {
	head := updates.FitEscaped(updates.Clean(m.Headline(), false), headlineCap, escape) + " — " + updates.FitEscaped(updates.Clean(m.Label(), false), labelCap, escape)
	body := []element{
		richText(run{Text: head, Weight: "Bolder", Size: "Medium"}),
		richText(run{Text: fit(lines(m.Body()), room)}),
	}
	fs := m.Facts()
	sizes := make([]int, len(fs))
	for i, f := range fs {
		if f.Detail {
			fs[i].Value = detail(f.Value)
			sizes[i] = len(escape(lines(fs[i].Value)))
		}
	}
	share := updates.FairShare(sizes, details)
	mark := len(escape(updates.CutMark(m)))
	for i, f := range fs {
		v := fit(lines(f.Value), factCap)
		if f.Detail {
			v = fit(lines(updates.CutMarked(m, f.Value, share[i]+mark, func(s string) string { return escape(lines(s)) }, updates.Bytes)), detailCap)
		}
		e := richText(run{Text: escape(f.Label) + ": ", Weight: "Bolder"}, run{Text: v})
		if v == "" {
			e = richText(e.Inlines[0])
		}
		if i > 0 {
			e.Spacing = "Small"
		}
		body = append(body, e)
	}
	if n := m.NextUpdate(); n != "" {
		body = append(body, element{Type: "TextBlock", Text: n, Weight: "Bolder", Wrap: true})
	}
	c := card{
		Schema: "http://adaptivecards.io/schemas/adaptive-card.json", Type: "AdaptiveCard", Version: "1.4",
		Body: body, MSTeams: &msteams{Width: "Full"},
	}
	if u := statusURL(m.StatusPage); u != "" {
		c.Actions = []action{{Type: "Action.OpenUrl", Title: "Open the live status page", URL: u}}
	}
	return activity{Type: "message", Attachments: []attachment{{ContentType: "application/vnd.microsoft.card.adaptive", Content: c}}}
}

// fit escapes the longest prefix of s that fits n bytes escaped. Escaping
// never shortens text, so no more than n bytes of s can fit: cutting there
// first keeps encode's search cheap on a 100 KB note.
func fit(s string, n int) string {
	return updates.FitEscaped(updates.Truncate(s, n), n, escape)
}

// lines cleans multi-line text, keeping its line breaks and tabs: a
// TextRun shows them as typed.
func lines(s string) string { return updates.CleanPlain(s, true) }

// statusURL returns the status page URL when it is a plain http(s) URL,
// "" otherwise (Teams refuses a card whose Action.OpenUrl is not a URL).
func statusURL(raw string) string {
	u, ok := updates.ParseWebURL(raw)
	if !ok || len(raw) > 2048 {
		return ""
	}
	return u.String()
}
