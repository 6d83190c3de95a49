package ntfy

import (
	"sort"
	"strings"
	"unicode"

	"github.com/keepcool/keepcool/updates"
)

// plain makes untrusted text safe to show as plain text on a phone: valid
// UTF-8, no terminal escapes or other control characters, and no bidi
// overrides that could make a line read differently from what it says.
// Newlines (and tabs) survive only in multi-line fields; elsewhere they
// become spaces so one field stays on one line.
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

// defuseMIME breaks RFC 2047 encoded-words ("=?UTF-8?Q?...?=") with a
// zero-width space. ntfy turns JSON fields into headers and MIME-decodes
// header values, so a title typed as an encoded-word would be shown decoded:
// different text, and control characters that plain already removed.
func defuseMIME(s string) string {
	return strings.ReplaceAll(s, "=?", "=\u200B?")
}

// isBidiControl reports the explicit embedding, override and isolate
// controls (the "Trojan Source" characters). Marks such as U+200E stay:
// they only nudge neutral characters.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// cut shortens s to at most n bytes, marking the cut with an ellipsis; when
// n has no room for the mark, the piece is left out.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= len("…") {
		return ""
	}
	return updates.Truncate(s, n)
}

// fairShare splits budget bytes among pieces of the given lengths: a piece
// shorter than an equal share keeps all it needs, and what it leaves is
// shared among the longer ones. So one 100 KB note cannot starve the facts.
func fairShare(lens []int, budget int) []int {
	order := make([]int, len(lens))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return lens[order[a]] < lens[order[b]] })
	out := make([]int, len(lens))
	left := max(budget, 0)
	for i, j := range order {
		out[j] = min(lens[j], left/(len(order)-i))
		left -= out[j]
	}
	return out
}
