package slack

import (
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Slack's documented limits (docs.slack.dev/reference/block-kit): header
// text ≤ 150 characters; section text ≤ 3000; ≤ 10 fields of ≤ 2000 each;
// text objects 1–3000; ≤ 50 blocks; a top-level text past 40,000
// characters is truncated. We measure in bytes, which are never fewer than
// Slack's characters (UTF-16 units or code points), so a cut always fits.
const (
	maxHeader   = 150
	maxSection  = 3000
	maxFields   = 10
	maxLabel    = 200
	maxFallback = 3000 // a notification preview: far below 40,000 on purpose
	// maxFieldValue keeps a full declared message (7 fields) near 9 KB:
	// chat.postMessage has been seen refusing ~13 KB of blocks in total
	// (msg_blocks_too_long, slackapi/bolt-js#2509), below any documented limit.
	maxFieldValue = 800
	maxLink       = 2000
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

// render lays a message out: header (headline), section (label in bold and
// the body), section of fields (facts), context (next update, status page).
func render(m updates.Message) payload {
	sec := mrkdwn(section(m))
	blocks := []block{
		{Type: "header", Text: &textObject{Type: "plain_text", Text: updates.FitEscaped(headline(m), maxHeader, plain)}},
		{Type: "section", Text: &sec},
	}
	if f := fields(m); len(f) > 0 {
		blocks = append(blocks, block{Type: "section", Fields: f})
	}
	if e := footer(m); len(e) > 0 {
		blocks = append(blocks, block{Type: "context", Elements: e})
	}
	return payload{Text: updates.FitEscaped(fallback(m), maxFallback, escape), Blocks: blocks}
}

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

func section(m updates.Message) string {
	head := bold(m.Label(), maxLabel)
	body := updates.FitEscaped(m.Body(), maxSection-len(head)-1, escape)
	if body == "" {
		return head
	}
	return head + "\n" + body
}

// bold escapes a one-line label and wraps it in *…*. Slack only bolds when
// no space touches the asterisks, hence the trim.
func bold(label string, limit int) string {
	return "*" + updates.FitEscaped(label, limit, func(s string) string { return escape(oneLine(s)) }) + "*"
}

func fields(m updates.Message) []textObject {
	var out []textObject
	for _, f := range m.Facts() {
		if len(out) == maxFields {
			break
		}
		v := updates.FitEscaped(f.Value, maxFieldValue, escape)
		if v == "" {
			v = "—"
		}
		out = append(out, mrkdwn(bold(f.Label, maxLabel)+"\n"+v))
	}
	return out
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
