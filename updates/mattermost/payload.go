package mattermost

import (
	"strings"
	"unicode"

	"github.com/keepcool/keepcool/updates"
)

// maxPost is the post size we stay under. Mattermost documents 16383
// characters since server 5.0, but only once the Posts.Message column has
// been migrated; a server upgraded from 4.x without that optional
// migration still caps posts at 4000 (the server reads the column's size at
// start-up). Past the cap a webhook's text is split into several posts,
// which would cut our Markdown mid-structure. 4000 fits every server.
// Counted in bytes, never fewer than Mattermost's runes.
const (
	maxPost      = 4000
	maxHeadline  = 300
	maxLabel     = 200
	maxFactValue = 300 // 7 facts on a declared message still leave the body ≥ 600 bytes
	maxLink      = 500
)

// payload is an incoming-webhook request. Username only takes effect when
// the server lets integrations override it; it is harmless otherwise.
type payload struct {
	Text     string `json:"text"`
	Username string `json:"username,omitempty"`
}

// render lays a message out as Markdown:
//
//	#### SEV2 · Checkout returns 500s
//	**Update**
//	Rolled back deploy 4512…
//
//	**Status:** investigating
//	**Fix expected:** 10:00–10:45
//
//	**Next update by 09:45** · [Status page](http://…)
func render(m updates.Message) payload {
	head := "#### " + fit(headline(m), maxHeadline, true) + "\n**" + fit(m.Label(), maxLabel, true) + "**"
	facts, foot := facts(m), footer(m)
	room := max(maxPost-len(head)-len(facts)-len(foot)-1, 0)
	text := head
	if body := updates.FitEscaped(m.Body(), room, escape); body != "" {
		text += "\n" + body
	}
	return payload{Text: text + facts + foot, Username: "keepcool"}
}

// headline names a test message as a test rather than as "SEV0 · ": a
// test carries no incident, often not even a title.
func headline(m updates.Message) string {
	if m.Kind == updates.KindTest {
		return strings.TrimRight(m.Subject(), " —")
	}
	return m.Headline()
}

func facts(m updates.Message) string {
	var b strings.Builder
	for i, f := range m.Facts() {
		if i == 0 {
			b.WriteString("\n")
		}
		v := fit(f.Value, maxFactValue, false)
		if v == "" {
			v = "—"
		}
		b.WriteString("\n**" + fit(f.Label, maxLabel, true) + ":** " + v)
	}
	return b.String()
}

func footer(m updates.Message) string {
	var parts []string
	if n := m.NextUpdate(); n != "" {
		parts = append(parts, "**"+escape(n)+"**")
	}
	if l := link(m.StatusPage, "Status page"); l != "" {
		parts = append(parts, l)
	}
	if len(parts) == 0 {
		return ""
	}
	return "\n\n" + strings.Join(parts, " · ")
}

// fit escapes raw within limit bytes, on one line when it heads a line or
// sits between ** markers, where a line break would end the bold or heading.
func fit(raw string, limit int, line bool) string {
	if !line {
		return updates.FitEscaped(raw, limit, escape)
	}
	return updates.FitEscaped(raw, limit, func(s string) string { return escape(oneLine(s)) })
}

// link formats [text](url) for an http(s) URL, or "" for anything else:
// a javascript: URL is no status page. Characters that would end the link
// destination early are percent-encoded.
func link(raw, text string) string {
	u, ok := updates.ParseWebURL(strings.TrimSpace(raw))
	if !ok {
		return ""
	}
	s := strings.NewReplacer("(", "%28", ")", "%29", "<", "%3C", ">", "%3E", " ", "%20", "\\", "%5C").Replace(u.String())
	if len(s) > maxLink {
		return ""
	}
	return "[" + text + "](" + s + ")"
}

// special are the ASCII characters that can start Markdown (CommonMark, GFM
// and Mattermost's extensions: tables, strikethrough, LaTeX, emoji,
// autolinks) or Mattermost's Slack-compatible <!channel>/<@id> syntax.
// CommonMark lets any ASCII punctuation be backslash-escaped; the ones left
// out (, ; ? ' " % /) start nothing.
const special = "\\`*_{}[]()#+-.!|<>~$&:=^"

// escape makes untrusted text inert Markdown: every special character
// backslash-escaped (so < and > never reach the server's <!channel>
// translation, and "http\://" is no autolink); a zero-width joiner after
// every @, which Mattermost's mention parser splits words on, so no
// @channel, @here, @all or @user fires; leading blanks dropped so no line
// becomes an indented code block.
func escape(s string) string {
	var b strings.Builder
	lineStart := true
	for _, r := range updates.CleanLines(s) {
		if lineStart && r == ' ' {
			continue
		}
		lineStart = r == '\n'
		switch {
		case r < unicode.MaxASCII && strings.ContainsRune(special, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '@':
			b.WriteString("@\u200d")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine cleans s and folds every run of white space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(updates.CleanLines(s)), " ") }
