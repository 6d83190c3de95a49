package config

import (
	"bytes"
	"fmt"
)

// maxDepth bounds how deeply arrays and inline tables nest. keepcool's
// config needs 2 ([[channel]], to = [...]); the TOML parser's time grows
// with depth much faster than with size (5,000 levels in a few KiB take
// seconds, 50,000 minutes), so depth is checked before parsing.
const maxDepth = 32

// tooDeep finds the first line where arrays or inline tables nest deeper
// than maxDepth, skipping strings and comments; 0 when none does.
func tooDeep(src []byte) int {
	depth, line := 0, 1
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i-- // the newline is counted by the loop
		case '"', '\'':
			quote := src[i : i+1]
			if bytes.HasPrefix(src[i:], bytes.Repeat(quote, 3)) {
				quote = bytes.Repeat(quote, 3)
			}
			end := stringEnd(src, i+len(quote), quote)
			line += bytes.Count(src[i:end], []byte{'\n'})
			i = end - 1
		case '[', '{':
			if depth++; depth > maxDepth {
				return line
			}
		case ']', '}':
			depth--
		}
	}
	return 0
}

// stringEnd is the index just past the string that started before from
// and ends with quote (a basic string's backslash escapes the next byte);
// len(src) when it never ends (the parser says so).
func stringEnd(src []byte, from int, quote []byte) int {
	for i := from; i < len(src); i++ {
		switch {
		case src[i] == '\\' && quote[0] == '"':
			i++
		case bytes.HasPrefix(src[i:], quote):
			return i + len(quote)
		case len(quote) == 1 && src[i] == '\n':
			return i // a one-line string ends with its line at the latest
		}
	}
	return len(src)
}

// nestedTooDeep is the error for a config nested past maxDepth.
func nestedTooDeep(name string, line int) error {
	return problem{file: name, line: line, msg: fmt.Sprintf("arrays or tables nested more than %d deep; "+
		"keepcool's settings nest at most 2 (README: Config)", maxDepth)}
}
