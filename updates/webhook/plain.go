package webhook

import (
	"net/url"
	"strings"
	"unicode"

	"github.com/keepcool/keepcool/updates"
)

// plain makes untrusted text safe for automation to pass on: valid UTF-8,
// no terminal escapes or other control characters, and no bidi overrides
// that could make a line read differently from what it says. Newlines (and
// tabs) survive only in multi-line fields; elsewhere they become spaces.
// Everything else — <, &, quotes, Markdown, @mentions — stays as typed:
// JSON encoding is the escaping, and receivers escape for their own output.
func plain(s string, lines bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t' || r == '\u2028' || r == '\u2029':
			if !lines {
				return ' '
			}
			if r == '\t' {
				return r
			}
			return '\n'
		case unicode.IsControl(r), isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// isBidiControl reports the explicit embedding, override and isolate
// controls (the "Trojan Source" characters).
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// cut shortens s to at most n bytes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= len("…") {
		return ""
	}
	return updates.Truncate(s, n)
}

// webURL keeps an http(s) URL of sane length and drops anything else
// (javascript:, data:), which a receiver might turn into a link.
func webURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || len(s) > maxText || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return s
}
