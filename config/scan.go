package config

import "strings"

// valueScanner follows a TOML value across lines: brackets of multi-line
// arrays and inline tables, and multi-line strings, so that what they
// hold is not mistaken for keys or table headers.
type valueScanner struct {
	depth int    // open [ and { brackets
	quote string // `"""` or `'''` while inside a multi-line string
}

// open reports whether the value goes on to the next line.
func (v *valueScanner) open() bool { return v.depth > 0 || v.quote != "" }

// scan consumes one line of value text.
func (v *valueScanner) scan(s string) {
	for i := 0; i < len(s); {
		if v.quote != "" {
			i = v.closeMulti(s, i)
			continue
		}
		switch c := s[i]; {
		case strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], `'''`):
			v.quote = s[i : i+3]
			i += 3
		case c == '"' || c == '\'':
			i = skipString(s, i)
		case c == '#':
			return
		case c == '[' || c == '{':
			v.depth++
			i++
		case c == ']' || c == '}':
			v.depth = max(v.depth-1, 0)
			i++
		default:
			i++
		}
	}
}

// closeMulti returns the index just past the multi-line string's closing
// delimiter, ending the string, or len(s) if it goes on past this line.
func (v *valueScanner) closeMulti(s string, i int) int {
	for ; i < len(s); i++ {
		if v.quote == `"""` && s[i] == '\\' {
			i++
			continue
		}
		if strings.HasPrefix(s[i:], v.quote) {
			i += 3
			// Up to two more quotes belong to the content: """a""""
			for extra := 0; extra < 2 && i < len(s) && s[i] == v.quote[0]; extra++ {
				i++
			}
			v.quote = ""
			return i
		}
	}
	return len(s)
}
