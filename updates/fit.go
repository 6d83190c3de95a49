package updates

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Measure counts text as a provider counts it against its limits.
type Measure func(string) int

// Bytes counts bytes of UTF-8 (ntfy, Teams' payload size).
func Bytes(s string) int { return len(s) }

// Runes counts Unicode code points (Mattermost, Discord's "characters").
func Runes(s string) int { return utf8.RuneCountInString(s) }

// UTF16 counts as JavaScript's String.length does: an emoji outside the
// Basic Multilingual Plane is two. It is never fewer than Runes, so a
// provider whose "characters" could be either is safe with it (Slack,
// Google Chat).
func UTF16(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// TruncateRunes cuts s to at most n characters (code points), marking the
// cut with an ellipsis: keepcool's input limits count characters, so a
// limit in characters never cuts text that passed them.
func TruncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	i, count := 0, 0
	for i < len(s) && count < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	return s[:i] + "…"
}

// Fit is FitEscaped with the limit counted by measure: the longest prefix
// of raw (cut with Truncate) whose escaped form measures at most limit.
func Fit(raw string, limit int, escape func(string) string, measure Measure) string {
	if e := escape(raw); measure(e) <= limit {
		return e
	}
	lo, hi := 0, len(raw)
	for lo < hi { // largest k with measure(escape(Truncate(raw, k))) <= limit
		k := (lo + hi + 1) / 2
		if measure(escape(Truncate(raw, k))) <= limit {
			lo = k
		} else {
			hi = k - 1
		}
	}
	return escape(Truncate(raw, lo))
}

// Chunks splits raw into consecutive pieces, each escaped and measuring at
// most limit, for a provider whose text objects are smaller than a message
// (Slack's sections, Discord's fields): the reader gets the whole text in
// several blocks instead of a cut one. It breaks after the last line break
// or space that fits, mid-word only when a word alone is over the limit.
// The blanks at a break are dropped; nothing else is.
func Chunks(raw string, limit int, escape func(string) string, measure Measure) []string {
	var out []string
	for raw = strings.TrimSpace(raw); raw != ""; {
		if e := escape(raw); measure(e) <= limit {
			return append(out, e)
		}
		cut := longestPrefix(raw, limit, escape, measure)
		if i := strings.LastIndexAny(raw[:cut], " \n"); i > cut/2 {
			cut = i
		}
		out = append(out, escape(strings.TrimSpace(raw[:cut])))
		raw = strings.TrimSpace(raw[cut:])
	}
	return out
}

// longestPrefix is the length of the longest prefix of raw that ends on a
// rune boundary and whose escaped form measures at most limit; at least
// one rune, so that Chunks always moves on.
func longestPrefix(raw string, limit int, escape func(string) string, measure Measure) int {
	lo, hi := 0, len(raw)
	for lo < hi {
		k := (lo + hi + 1) / 2
		for k > lo && k < len(raw) && !utf8.RuneStart(raw[k]) {
			k--
		}
		if k == lo {
			break
		}
		if measure(escape(raw[:k])) <= limit {
			lo = k
		} else {
			hi = k - 1
		}
	}
	if lo == 0 {
		_, lo = utf8.DecodeRuneInString(raw)
	}
	return lo
}

// CutMark ends a piece that a provider's total limit could not hold. It
// is said, never silent, and points at the status page, which shows every
// field whole.
func CutMark(m Message) string {
	if m.StatusPage != "" {
		return " … (cut to fit this channel: the status page has it in full)"
	}
	return " … (cut to fit this channel)"
}

// CutMarked is raw when its escaped form measures at most limit, else the
// longest prefix of raw that fits with CutMark after it (still raw: the
// caller escapes it, and may split it with Chunks). At the least it is the
// mark alone, so a piece that gives way never vanishes silently.
func CutMarked(m Message, raw string, limit int, escape func(string) string, measure Measure) string {
	if measure(escape(raw)) <= limit {
		return raw
	}
	mark := CutMark(m)
	if measure(escape(mark)) >= limit { // no room for any text: the mark alone
		return strings.TrimSpace(mark)
	}
	lo, hi := 0, len(raw)
	for lo < hi { // largest k on a rune boundary with raw[:k]+mark within limit
		k := (lo + hi + 1) / 2
		for k > lo && k < len(raw) && !utf8.RuneStart(raw[k]) {
			k--
		}
		if k == lo {
			break
		}
		if measure(escape(raw[:k]+mark)) <= limit {
			lo = k
		} else {
			hi = k - 1
		}
	}
	return strings.TrimSpace(strings.TrimRight(raw[:lo], " \n") + mark)
}

// FairShare splits budget among pieces of the given sizes: a piece smaller
// than an equal share keeps all it needs, and what it leaves is shared
// among the larger ones, so one long piece cannot starve the others.
func FairShare(sizes []int, budget int) []int {
	order := make([]int, len(sizes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return sizes[order[a]] < sizes[order[b]] })
	out := make([]int, len(sizes))
	left := max(budget, 0)
	for i, j := range order {
		out[j] = min(sizes[j], left/(len(order)-i))
		left -= out[j]
	}
	return out
}
