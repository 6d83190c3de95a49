package teams

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Teams refuses messages over about 28 KB. We aim lower: the flow wraps the
// card in its own message, and a card near the limit is unreadable anyway.
const maxPayload = 24 << 10

// Caps on single pieces (escaped bytes) so one pasted 100 KB fact cannot
// crowd out the others; the note then gets what the payload limit leaves.
// JSON at most doubles escaped text (only " and \ survive escape to be
// escaped again), so even at their caps the other pieces leave the note
// room: 2 × (512 + 256 + 7 × 1024) bytes ≈ 16 KB.
const (
	headlineCap = 512
	labelCap    = 256 // "Status: " + an untrusted status
	factCap     = 1 << 10
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

// element is a TextBlock or a FactSet.
type element struct {
	Type     string `json:"type"`
	Text     string `json:"text,omitempty"`
	Weight   string `json:"weight,omitempty"`
	Size     string `json:"size,omitempty"`
	Wrap     bool   `json:"wrap,omitempty"`
	IsSubtle bool   `json:"isSubtle,omitempty"`
	Facts    []fact `json:"facts,omitempty"`
}

type fact struct {
	Title string `json:"title"`
	Value string `json:"value"`
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

// encode renders m with the longest note whose JSON fits maxPayload. The
// search is on the note's escaped length: JSON may double it, so cutting
// the overshoot alone would cut too much or too little.
func encode(m updates.Message) ([]byte, error) {
	if b, err := json.Marshal(render(m, noteCap)); err != nil || len(b) <= maxPayload {
		return b, err
	}
	best, err := json.Marshal(render(m, 0))
	if err != nil {
		return nil, err
	}
	if len(best) > maxPayload { // the caps above make this unreachable; never send what Teams refuses
		return nil, fmt.Errorf("card is %d bytes even without the note, over %d", len(best), maxPayload)
	}
	lo, hi := 0, noteCap
	for lo < hi { // the largest room that fits
		mid := (lo + hi + 1) / 2
		if b, _ := json.Marshal(render(m, mid)); len(b) <= maxPayload {
			lo, best = mid, b
		} else {
			hi = mid - 1
		}
	}
	return best, nil
}

// render builds the card with at most room escaped bytes of note.
func render(m updates.Message, room int) activity {
	head := updates.FitEscaped(updates.Clean(m.Headline(), false), headlineCap, escape) + " — " + updates.FitEscaped(updates.Clean(m.Label(), false), labelCap, escape)
	body := []element{
		{Type: "TextBlock", Text: head, Weight: "Bolder", Size: "Medium", Wrap: true},
		{Type: "TextBlock", Text: fit(lines(m.Body()), room), Wrap: true},
	}
	var facts []fact
	for _, f := range m.Facts() {
		facts = append(facts, fact{Title: escape(f.Label), Value: fit(lines(f.Value), factCap)})
	}
	if len(facts) > 0 {
		body = append(body, element{Type: "FactSet", Facts: facts})
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

// lines cleans multi-line text and doubles its newlines: a TextBlock
// shows a single \n as a space outside lists.
func lines(s string) string {
	return strings.ReplaceAll(updates.Clean(s, true), "\n", "\n\n")
}

// statusURL returns the status page URL when it is a plain http(s) URL,
// "" otherwise (Teams refuses a card whose Action.OpenUrl is not a URL).
func statusURL(raw string) string {
	u, ok := updates.ParseWebURL(raw)
	if !ok || len(raw) > 2048 {
		return ""
	}
	return u.String()
}
