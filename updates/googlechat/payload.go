package googlechat

import (
	"html"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Google Chat's limits: a message, text and cards, is at most 32,000 bytes
// (spaces.messages.create); its text we keep to 4,096 characters, Chat's
// limit on a message people write, counted as UTF-16 units (updates.UTF16)
// to be safe whichever way Chat counts.
const (
	maxText    = 4096
	maxMessage = 32_000
	threadCap  = 4000 // Chat's limit on a thread key
)

// Caps on single pieces, at keepcool's input limits with room to spare, so
// that text which bypassed them (a 100 KB paste) cannot crowd out the
// rest; text within them is never cut.
const (
	headlineCap = 600  // characters: a 200-character title, escaped, and the severity
	labelCap    = 200  // characters: "Status: " and a status
	factCap     = 300  // characters of a fact that is no detail (a status, a time)
	bodyCap     = 2048 // characters of a detail (the note's are Message.MaxBody)
	cardBudget  = maxMessage - 2000
)

// chatMessage is the part of Chat's Message resource a webhook post uses.
type chatMessage struct {
	Text    string  `json:"text"`
	CardsV2 []card  `json:"cardsV2,omitempty"`
	Thread  *thread `json:"thread,omitempty"`
}

// thread names the incident's thread. The key goes in the body: the
// threadKey query parameter is deprecated in favour of thread.threadKey.
type thread struct {
	ThreadKey string `json:"threadKey"`
}

// card is a cardsV2 entry: what does not fit the text, under the text.
type card struct {
	CardID string   `json:"cardId"`
	Card   cardBody `json:"card"`
}

type cardBody struct {
	Sections []section `json:"sections"`
}

// section is a card section of one text paragraph, under a header.
type section struct {
	Header  string   `json:"header,omitempty"`
	Widgets []widget `json:"widgets"`
}

type widget struct {
	TextParagraph paragraph `json:"textParagraph"`
}

// paragraph text is Chat's card HTML subset: untrusted text goes in
// escaped (cardHTML), so it can only read as itself.
type paragraph struct {
	Text string `json:"text"`
}

// render builds the message: the text is the bold headline, the promise
// and the status page link, what a notification shows; the note, the
// facts and the details are in a card below it, whose text paragraphs
// read HTML, so escaping them (cardHTML) shows them exactly as typed: a
// command copied from the card runs. The text's markup has no escape (see
// escape), so the only untrusted text it carries is the one-line title
// and status. The card holds everything whole unless the message would
// pass 32,000 bytes; then only the details give way, with a visible mark.
func render(m updates.Message) chatMessage {
	m.Title = updates.TruncateRunes(m.Title, headlineCap)
	raw := updates.Clean(updates.TruncateRunes(m.Body(), m.MaxBody()), true)
	var facts, details []updates.Fact
	for _, f := range m.Facts() {
		if f.Detail {
			f.Value = updates.TruncateRunes(f.Value, bodyCap)
			details = append(details, f)
		} else {
			f.Value = updates.TruncateRunes(f.Value, factCap)
			facts = append(facts, f)
		}
	}
	msg := chatMessage{Text: text(m)}
	msg.CardsV2 = cards(m, raw, facts, details, cardBudget-jsonLen(msg.Text))
	if key := updates.Truncate(updates.Clean(m.IncidentID, false), threadCap); key != "" {
		msg.Thread = &thread{ThreadKey: key}
	}
	return msg
}

// text is the headline, the promise and the link.
func text(m updates.Message) string {
	head := "*" + strings.TrimSpace(updates.Fit(updates.Clean(m.Headline(), false), headlineCap, escape, width)) +
		" — " + strings.TrimSpace(updates.Fit(updates.Clean(m.Label(), false), labelCap, escape, width)) + "*"
	out := []string{head}
	if n := m.NextUpdate(); n != "" {
		out = append(out, "*"+n+"*")
	}
	if u := statusURL(m.StatusPage); u != "" {
		out = append(out, "<"+u+"|Open the live status page>")
	}
	return strings.Join(out, "\n")
}

// cards lays out what the text does not hold: the body, the facts in one
// section, a section per detail. The details share what budget (bytes of
// JSON) the rest leaves, and are cut with a mark only when over it.
func cards(m updates.Message, body string, facts, details []updates.Fact, budget int) []card {
	var secs []section
	if body != "" {
		secs = append(secs, paragraphSection("", cardHTML(body)))
	}
	if len(facts) > 0 {
		var lines []string
		for _, f := range facts {
			lines = append(lines, "<b>"+f.Label+":</b> "+cardHTML(updates.Clean(f.Value, false)))
		}
		secs = append(secs, paragraphSection("", strings.Join(lines, "<br>")))
	}
	if len(details) == 0 && len(secs) == 0 {
		return nil
	}
	for _, s := range secs {
		budget -= jsonLen(s.Widgets[0].TextParagraph.Text) + 64
	}
	sizes := make([]int, len(details))
	for i, d := range details {
		sizes[i] = jsonLen(cardHTML(updates.Clean(d.Value, true)))
	}
	share := updates.FairShare(sizes, budget-64*len(details))
	for i, d := range details {
		v := updates.CutMarked(m, updates.Clean(d.Value, true), max(share[i], jsonLen(updates.CutMark(m))), cardHTML, jsonLen)
		secs = append(secs, paragraphSection(d.Label, cardHTML(v)))
	}
	return []card{{CardID: "details", Card: cardBody{Sections: secs}}}
}

func paragraphSection(header, text string) section {
	if text == "" {
		text = "—"
	}
	return section{Header: header, Widgets: []widget{{TextParagraph: paragraph{Text: text}}}}
}

// cardHTML escapes text for a card's text paragraph, which reads HTML:
// every <, >, & and quote as an entity, line breaks as <br>. Runs of
// spaces are left to fold: a &nbsp; would keep them on screen but put
// U+00A0, which no shell reads as a space, in what a reader copies.
func cardHTML(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>")
}

// encode is the JSON body. It leaves <, > and & as they are (Go escapes
// them by default, six bytes each), so that the budget goes to the text.
func encode(msg chatMessage) ([]byte, error) { return updates.MarshalPlain(msg) }

// jsonLen is the bytes s takes in the JSON body, escapes included.
func jsonLen(s string) int {
	b, _ := updates.MarshalPlain(s)
	return len(b)
}

// width counts as Chat's text limit does, at most.
func width(s string) int { return updates.UTF16(s) }

// statusURL returns the status page URL when it is a plain http(s) URL
// that cannot break out of Chat's <url|text> link, "" otherwise.
func statusURL(raw string) string {
	u, ok := updates.ParseWebURL(raw)
	if !ok {
		return ""
	}
	s := u.String()
	if len(s) > 600 || strings.ContainsAny(s, "<>| \"`*_~") {
		return ""
	}
	return s
}
