package config

import (
	"strconv"
	"strings"
)

// locator finds the line that defines a key path in TOML source.
//
// BurntSushi/toml keeps key positions private, so this re-scans the text
// with just enough of TOML's rules to follow [tables], [[arrays of
// tables]] and key = value lines, stepping over strings, comments and
// values that span lines. Paths are dotted; the i-th table of an array is
// a numeric part: "channel.1.url" is url in the second [[channel]].
type locator struct {
	lines map[string]int
}

func newLocator(src string) locator {
	l := locator{lines: map[string]int{}}
	arrays := map[string]int{} // array-of-tables path → tables seen so far
	table := ""
	var v valueScanner
	for i, text := range strings.Split(strings.TrimPrefix(src, "\ufeff"), "\n") {
		n := i + 1
		if v.open() {
			v.scan(text)
			continue
		}
		line := strings.TrimLeft(text, " \t")
		if strings.HasPrefix(line, "[") {
			if parts, array, ok := parseHeader(line); ok {
				table = tablePath(parts, array, arrays)
				l.define(table, n)
			}
			continue
		}
		parts, rest, ok := parseKey(line)
		if !ok || !strings.HasPrefix(rest, "=") {
			continue
		}
		l.define(joinPath(table, strings.Join(parts, ".")), n)
		v.scan(rest[1:])
	}
	return l
}

// define records path and its parents at line n unless already defined:
// a dotted key or a [a.b] header implicitly defines a where it first appears.
func (l locator) define(path string, n int) {
	for i := 0; i <= len(path); i++ {
		if i > 0 && (i == len(path) || path[i] == '.') {
			if _, ok := l.lines[path[:i]]; !ok {
				l.lines[path[:i]] = n
			}
		}
	}
}

// line returns the line of path, else of its nearest defined parent
// (a key in an inline table reports the line of that table), else 1.
func (l locator) line(path string) int {
	for p := path; p != ""; {
		if n, ok := l.lines[p]; ok {
			return n
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 1
}

// tablePath turns a header's key parts into an indexed path, counting
// arrays of tables: the second [[channel]] is "channel.1", and a
// [channel.sub] after it is "channel.1.sub".
func tablePath(parts []string, array bool, arrays map[string]int) string {
	p := ""
	for i, part := range parts {
		p = joinPath(p, part)
		if n := arrays[p]; n > 0 && i < len(parts)-1 {
			p = joinPath(p, strconv.Itoa(n-1))
		}
	}
	if array {
		n := arrays[p]
		arrays[p] = n + 1
		p = joinPath(p, strconv.Itoa(n))
	}
	return p
}

// parseHeader parses "[a.b]" or "[[a.b]]", allowing a trailing comment.
func parseHeader(line string) (parts []string, array, ok bool) {
	open, closing := "[", "]"
	if strings.HasPrefix(line, "[[") {
		open, closing, array = "[[", "]]", true
	}
	parts, rest, ok := parseKey(line[len(open):])
	if !ok || !strings.HasPrefix(rest, closing) {
		return nil, false, false
	}
	rest = strings.TrimSpace(rest[len(closing):])
	return parts, array, rest == "" || rest[0] == '#'
}

// parseKey parses a possibly dotted key of bare and quoted parts at the
// start of s, returning the parts and what follows, spaces trimmed.
func parseKey(s string) (parts []string, rest string, ok bool) {
	for {
		s = strings.TrimLeft(s, " \t")
		var part string
		switch {
		case s == "":
			return nil, "", false
		case s[0] == '"' || s[0] == '\'':
			part, s, ok = cutQuoted(s)
		default:
			n := bareKeyLen(s)
			part, s, ok = s[:n], s[n:], n > 0
		}
		if !ok {
			return nil, "", false
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return parts, s, true
		}
		s = s[1:]
	}
}

func bareKeyLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return i
		}
	}
	return len(s)
}

// cutQuoted cuts a "basic" or 'literal' string from the start of s.
func cutQuoted(s string) (value, rest string, ok bool) {
	end := skipString(s, 0)
	if end > len(s) {
		return "", "", false
	}
	raw := s[:end]
	if s[0] == '"' {
		if v, err := strconv.Unquote(raw); err == nil {
			return v, s[end:], true
		}
	}
	return raw[1 : len(raw)-1], s[end:], true
}

// skipString returns the index just past the one-line string starting at
// s[i], or len(s)+1 if it does not end on this line.
func skipString(s string, i int) int {
	quote := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case quote == '"' && s[j] == '\\':
			j++
		case s[j] == quote:
			return j + 1
		}
	}
	return len(s) + 1
}
