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
// Counted in characters (code points), as the server counts them.
const (
	maxPost = 4000
	// Caps on single pieces, at keepcool's input limits (incident/check)
	// with room for escaping, in characters: text within those limits is
	// never cut; only text that bypassed them (a 100 KB paste) is.
	maxHeadline  = 600
	maxLabel     = 200
	maxBody      = 2048 // characters of a detail, before escaping (the note's are Message.MaxBody)
	maxFactValue = 300  // a fact that is no detail: a status, a time
	maxLink      = 500
)

// payload is an incoming-webhook request. Username only takes effect when
// the server lets integrations override it; it is harmless otherwise.
type payload struct {
	Text     string `json:"text"`
	Username string `json:"username,omitempty"`
}

// render lays a message out as Markdown, in one post:
//
//	#### SEV2 · Checkout returns 500s
//	**Update**
//	Rolled back deploy 4512…
//
//	**Status:** investigating
//	**Fix expected:** 10:00–10:45
//
//	**Next update by 09:45** · [Status page](http://…)
//
// The note, the facts that are no detail and the footer are never cut.
// The details (Fact.Detail: the impact, the root cause) share what the
// post leaves and are cut with a visible mark when they must. A note that
// escaped is longer than a post (2,000 characters of Markdown punctuation)
// goes on in the next post; the last carries the facts and the footer.
func render(m updates.Message) []payload {
	head := "#### " + fit(headline(m), maxHeadline, true) + "\n**" + fit(m.Label(), maxLabel, true) + "**"
	raw := updates.TruncateRunes(m.Body(), m.MaxBody())
	body := escape(raw)
	foot := footer(m)
	fixed := width(foot) // what follows the body, details at their marks
	for _, f := range m.Facts() {
		if f.Detail {
			fixed += width(factLine(f, "")) + width(escape(updates.CutMark(m)))
		} else {
			fixed += width(factLine(f, fit(f.Value, maxFactValue, false)))
		}
	}
	var posts []payload
	if width(head)+1+width(body)+fixed > maxPost && body != "" { // the note alone needs a post
		cont := "**" + fit(m.Label()+", continued", maxLabel, true) + "**"
		parts := updates.Chunks(raw, maxPost-max(width(head), width(cont))-1, escape, width)
		body = parts[len(parts)-1]
		lastHead := cont
		if len(parts) == 1 {
			lastHead = head
		}
		if width(lastHead)+1+width(body)+fixed > maxPost { // no room left for the facts
			body = ""
		} else {
			parts = parts[:len(parts)-1]
		}
		for _, p := range parts {
			posts = append(posts, payload{Text: head + "\n" + p, Username: "keepcool"})
			head = cont
		}
	}
	text := head
	if body != "" {
		text += "\n" + body
	}
	return append(posts, payload{Text: text + facts(m, maxPost-width(text)-fixed) + foot, Username: "keepcool"})
}

// width counts as Mattermost does: characters.
func width(s string) int { return updates.Runes(s) }

// headline names a test message as a test rather than as "SEV0 · ": a
// test carries no incident, often not even a title.
func headline(m updates.Message) string {
	if m.Kind == updates.KindTest {
		return strings.TrimRight(m.Subject(), " —")
	}
	return m.Headline()
}

// facts are the labelled lines, the details among them sharing room
// characters beyond the mark each is sure of.
func facts(m updates.Message, room int) string {
	fs := m.Facts()
	sizes := make([]int, len(fs))
	for i, f := range fs {
		if f.Detail {
			fs[i].Value = updates.TruncateRunes(f.Value, maxBody) // only a 100 KB paste is cut
			sizes[i] = width(escape(fs[i].Value))
		}
	}
	share := updates.FairShare(sizes, room)
	mark := width(escape(updates.CutMark(m)))
	var b strings.Builder
	for i, f := range fs {
		if i == 0 {
			b.WriteString("\n")
		}
		v := fit(f.Value, maxFactValue, false)
		if f.Detail {
			v = escape(updates.CutMarked(m, f.Value, share[i]+mark, escape, width))
		}
		b.WriteString(factLine(f, v))
	}
	return b.String()
}

// factLine is "**Label:** value" on a line of its own.
func factLine(f updates.Fact, value string) string {
	if value == "" {
		value = "—"
	}
	return "\n**" + fit(f.Label, maxLabel, true) + ":** " + value
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

// fit escapes raw within limit characters, on one line when it heads a
// line or sits between ** markers, where a line break would end the bold
// or heading.
func fit(raw string, limit int, line bool) string {
	if !line {
		return updates.Fit(raw, limit, escape, width)
	}
	return updates.Fit(raw, limit, func(s string) string { return escape(oneLine(s)) }, width)
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
