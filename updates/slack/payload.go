package slack

import (
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Slack's documented limits (docs.slack.dev/reference/block-kit): header
// text ≤ 150 characters; section text ≤ 3000; ≤ 10 fields of ≤ 2000 each;
// text objects 1–3000; ≤ 50 blocks; a top-level text past 40,000
// characters is truncated. Characters are counted as UTF-16 units
// (updates.UTF16), never fewer than Slack's, whichever way it counts.
const (
	maxHeader   = 150
	maxSection  = 3000
	maxFields   = 10
	maxLabel    = 200
	maxFallback = 3000 // bytes of a notification preview: far below 40,000 on purpose
	maxLink     = 2000
	// maxBody is keepcool's longest fact (a root cause of 2,000
	// characters) with room to spare: only text that bypassed the input
	// limits is cut, with an ellipsis. The body's is Message.MaxBody.
	maxBody = 2048
	// shortFact is the longest fact shown in a two-column field; a longer
	// one (the impact, the root cause) gets a section of its own.
	shortFact = 300
	// blockBudget keeps the text of all blocks under the aggregate that
	// chat.postMessage enforces without documenting it (msg_blocks_too_long
	// near 12,000 characters: slackapi/bolt-js#2509, #2867). Only the
	// details (Fact.Detail) give way to it, with a visible mark.
	blockBudget = 8000
)

// payload is an incoming-webhook message: blocks for the layout, text for
// notifications (Slack requires it whenever blocks are sent).
type payload struct {
	Text   string  `json:"text"`
	Blocks []block `json:"blocks"`
}

// block is a header, section or context block; only the fields each type
// uses are set.
type block struct {
	Type     string       `json:"type"`
	Text     *textObject  `json:"text,omitempty"`
	Fields   []textObject `json:"fields,omitempty"`
	Elements []textObject `json:"elements,omitempty"`
}

// textObject is a Block Kit text object. Verbatim stops Slack from
// linkifying URLs and channel names or parsing mentions in our text.
type textObject struct {
	Type     string `json:"type"` // plain_text | mrkdwn
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim,omitempty"`
}

func mrkdwn(s string) textObject { return textObject{Type: "mrkdwn", Text: s, Verbatim: true} }

// render lays a message out: the headline (a header block, or a bold
// section when it is longer than a header holds), sections with the label
// in bold and the body, a section of short facts as fields, a section per
// long fact, and a context (next update, status page). Text longer than
// one section goes on in the next section, never cut.
func render(m updates.Message) payload {
	blocks := append([]block{title(m)}, body(m)...)
	var short []textObject
	var long []updates.Fact
	for _, f := range m.Facts() {
		f.Value = updates.TruncateRunes(f.Value, maxBody) // only a 100 KB paste is cut
		v := escape(f.Value)
		switch {
		case v == "":
			short = append(short, mrkdwn(bold(f.Label, maxLabel)+"\n—"))
		case width(v) <= shortFact && len(short) < maxFields:
			short = append(short, mrkdwn(bold(f.Label, maxLabel)+"\n"+v))
		default:
			long = append(long, f)
		}
	}
	if len(short) > 0 {
		blocks = append(blocks, block{Type: "section", Fields: short})
	}
	foot := footer(m)
	if len(foot) > 0 {
		blocks = append(blocks, block{Type: "context", Elements: foot})
	}
	blocks = insert(blocks, len(blocks)-min(len(foot), 1), details(m, long, blockBudget-measure(blocks)))
	return payload{Text: updates.FitEscaped(fallback(m), maxFallback, escape), Blocks: blocks}
}

// title is the headline as a header block when it fits one, else as a
// bold section, so that a long title is shown whole.
func title(m updates.Message) block {
	if h := plain(headline(m)); width(h) <= maxHeader {
		return block{Type: "header", Text: &textObject{Type: "plain_text", Text: h}}
	}
	t := mrkdwn(bold(headline(m), maxSection-2))
	return block{Type: "section", Text: &t}
}

// body is the label in bold and the body, in as many sections as it takes.
// A template's text (which may hold the whole message) gives way to the
// aggregate like a detail, marked; a note or summary never does.
func body(m updates.Message) []block {
	raw := updates.TruncateRunes(m.Body(), m.MaxBody())
	if m.Custom != nil {
		raw = updates.CutMarked(m, raw, blockBudget-width(headline(m))-width(m.Label())-200, escape, width)
	}
	return sections(m.Label(), raw, escape)
}

// details lays out the long facts, each in as many sections as it takes.
// When together they are over room, the details among them share it
// (updates.FairShare) and are cut with a visible mark; the others (the
// status, the estimate) never are.
func details(m updates.Message, facts []updates.Fact, room int) []block {
	sizes, fixed := make([]int, len(facts)), 0
	for i, f := range facts {
		sizes[i] = width(escape(f.Value))
		fixed += width(bold(f.Label, maxLabel)) + 1
		if !f.Detail {
			fixed += sizes[i]
			sizes[i] = 0
		}
	}
	share := updates.FairShare(sizes, room-fixed)
	var out []block
	for i, f := range facts {
		value := f.Value
		if f.Detail {
			value = updates.CutMarked(m, value, max(share[i], width(updates.CutMark(m))), escape, width)
		}
		out = append(out, sections(f.Label, value, escape)...)
	}
	return out
}

// sections lays out text under a bold label in as many sections as it
// takes, each after the first labelled "…, continued" so that a reader
// knows where it belongs.
func sections(label, text string, esc func(string) string) []block {
	head, cont := bold(label, maxLabel), bold(label+", continued", maxLabel)
	parts := updates.Chunks(text, maxSection-width(cont)-1, esc, width)
	if len(parts) == 0 {
		t := mrkdwn(head)
		return []block{{Type: "section", Text: &t}}
	}
	out := make([]block, len(parts))
	for i, p := range parts {
		h := head
		if i > 0 {
			h = cont
		}
		t := mrkdwn(h + "\n" + p)
		out[i] = block{Type: "section", Text: &t}
	}
	return out
}

func insert(blocks []block, at int, more []block) []block {
	return append(blocks[:at], append(more, blocks[at:]...)...)
}

// measure is the text of blocks as Slack totals it.
func measure(blocks []block) int {
	n := 0
	for _, b := range blocks {
		if b.Text != nil {
			n += width(b.Text.Text)
		}
		for _, t := range append(b.Fields, b.Elements...) {
			n += width(t.Text)
		}
	}
	return n
}

// width counts as Slack's limits do, at most.
func width(s string) int { return updates.UTF16(s) }

// headline names a test message as a test rather than as "SEV0 · ": a
// test carries no incident, often not even a title.
func headline(m updates.Message) string {
	if m.Kind == updates.KindTest {
		return strings.TrimRight(m.Subject(), " —")
	}
	return m.Headline()
}

// fallback is the notification text: the whole message in plain words.
func fallback(m updates.Message) string {
	if m.Kind == updates.KindTest {
		return headline(m) + "\n" + m.Body()
	}
	return m.Text()
}

// bold escapes a one-line label and wraps it in *…*. Slack only bolds when
// no space touches the asterisks, hence the trim.
func bold(label string, limit int) string {
	return "*" + updates.Fit(label, limit, func(s string) string { return escape(oneLine(s)) }, width) + "*"
}

func footer(m updates.Message) []textObject {
	var out []textObject
	if n := m.NextUpdate(); n != "" {
		out = append(out, mrkdwn(escape(n)))
	}
	if l := link(m.StatusPage, "Status page"); l != "" {
		out = append(out, mrkdwn(l))
	}
	return out
}

// link formats <url|text> for an http(s) URL, or "" for anything else: a
// javascript: or slack:// URL is no status page. Inside <…|…> the URL must
// not contain <, >, | or a raw &, so those are encoded.
func link(raw, text string) string {
	u, ok := updates.ParseWebURL(strings.TrimSpace(raw))
	if !ok {
		return ""
	}
	s := strings.NewReplacer("&", "&amp;", "<", "%3C", ">", "%3E", "|", "%7C", " ", "%20").Replace(u.String())
	if len(s) > maxLink {
		return ""
	}
	return "<" + s + "|" + text + ">"
}

// lookalikes replace mrkdwn's formatting characters, which Slack offers no
// escape for. A zero-width space would not do: Slack then formats even
// inside words (jsx-slack's "exact mode" relies on that).
var lookalikes = map[rune]string{
	'*': "∗", // U+2217 asterisk operator
	'_': "ˍ", // U+02CD modifier letter low macron
	'~': "∼", // U+223C tilde operator
	'`': "ˋ", // U+02CB modifier letter grave accent
	// Fullwidth forms, which Slack also honours.
	'＊': "﹡", '＿': "⸏", '｀': "ˋ", '～': "∼",
}

// escape makes untrusted text inert mrkdwn: & < > as entities (Slack's
// documented escaping; this kills <!channel>, <@U…>, <url|text> and
// <!date…>), formatting characters as lookalikes, a zero-width joiner after
// every @ so no word reads as @channel/@here/@everyone, and a soft hyphen
// before a line-leading > so it is no block quote.
func escape(s string) string {
	var b strings.Builder
	lineStart := true
	for _, r := range updates.CleanLines(s) {
		if lineStart && (r == '>' || r == '＞') {
			b.WriteString("\u00ad")
		}
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '@':
			b.WriteString("@\u200d")
		default:
			if l, ok := lookalikes[r]; ok {
				b.WriteString(l)
			} else {
				b.WriteRune(r)
			}
		}
		lineStart = r == '\n' || (lineStart && r == ' ')
	}
	return b.String()
}

// plain prepares plain_text (the header): Slack parses no markup there, so
// only mentions are defused and the text kept on one line.
func plain(s string) string {
	return strings.ReplaceAll(oneLine(s), "@", "@\u200d")
}

// oneLine cleans s and folds every run of white space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(updates.CleanLines(s)), " ") }
