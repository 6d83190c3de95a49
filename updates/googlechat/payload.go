package googlechat

import (
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// maxText is Google Chat's documented limit on a message's text, in
// characters. We count bytes of UTF-8, never fewer.
const maxText = 4096

// Caps on single pieces (escaped bytes) so a pasted 100 KB fact cannot
// crowd out the others; the note gets what the limit leaves.
const (
	headlineCap = 300
	labelCap    = 200
	factCap     = 300
	threadCap   = 4000 // Chat's limit on a thread key
)

// chatMessage is the part of Chat's Message resource a webhook post uses.
type chatMessage struct {
	Text   string  `json:"text"`
	Thread *thread `json:"thread,omitempty"`
}

// thread names the incident's thread. The key goes in the body: the
// threadKey query parameter is deprecated in favour of thread.threadKey.
type thread struct {
	ThreadKey string `json:"threadKey"`
}

// render builds the message: a bold headline, the note, one line per fact,
// the promise and the status page link.
func render(m updates.Message) chatMessage {
	head := "*" + strings.TrimSpace(updates.FitEscaped(updates.Clean(m.Headline(), false), headlineCap, escape)) +
		" — " + strings.TrimSpace(updates.FitEscaped(updates.Clean(m.Label(), false), labelCap, escape)) + "*"
	var tail []string
	for _, f := range m.Facts() {
		tail = append(tail, "*"+f.Label+":* "+updates.FitEscaped(updates.Clean(f.Value, false), factCap, escape))
	}
	if n := m.NextUpdate(); n != "" {
		tail = append(tail, "*"+n+"*")
	}
	if u := statusURL(m.StatusPage); u != "" {
		tail = append(tail, "<"+u+"|Open the live status page>")
	}
	rest := strings.Join(tail, "\n")
	room := maxText - len(head) - len(rest) - len("\n\n")
	body := updates.FitEscaped(updates.Clean(m.Body(), true), max(room, 0), escape)
	msg := chatMessage{Text: strings.TrimRight(head+"\n"+body+"\n"+rest, "\n")}
	if key := updates.Truncate(updates.Clean(m.IncidentID, false), threadCap); key != "" {
		msg.Thread = &thread{ThreadKey: key}
	}
	return msg
}

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
