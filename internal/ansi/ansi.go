// Package ansi removes terminal escape sequences (ECMA-48: the colours,
// cursor moves and window titles a terminal's output carries) from text
// pasted out of a terminal. Dropping only the ESC byte, as a control
// character, leaves the rest of the sequence behind: "\x1b[31mRED\x1b[0m"
// reached stakeholders as "[31mRED[0m". Whole sequences go instead.
//
// Recognised, in 7-bit (ESC x) and 8-bit (C1, as UTF-8) form:
//   - CSI: ESC [ or U+009B, parameter bytes 0x30–0x3F, intermediates
//     0x20–0x2F, one final byte 0x40–0x7E ("\x1b[31m", "\x1b[2J");
//   - control strings — OSC (ESC ] or U+009D), DCS (ESC P), SOS (ESC X),
//     PM (ESC ^), APC (ESC _) and their C1 forms — up to BEL or ST (ESC \
//     or U+009C), such as an OSC 8 hyperlink or a window title;
//   - other escapes: ESC, intermediates 0x21–0x2F, a final 0x30–0x7E
//     ("\x1b(B", "\x1b7", "\x1bM").
//
// Anything else (a lone ESC, a sequence cut short, a control string never
// ended) is left for the caller's control-character rule, which drops or
// shows the bytes one by one: no text is lost to a stray ESC.
//
// Strip is linear in the input's length, whatever the input.
package ansi

import "strings"

// Strip returns s without its whole escape sequences. It works on bytes:
// invalid UTF-8 passes through untouched.
func Strip(s string) string {
	var b strings.Builder
	last := 0     // s[last:i] is text not yet copied
	open := false // a control string ran to the end unended: so would every later one
	for i := 0; i < len(s); {
		n := 0
		kind, intro := introducer(s[i:])
		switch kind {
		case csi:
			n = csiLen(s[i+intro:])
		case controlString:
			n = -1
			if !open {
				if n = stringLen(s[i+intro:]); n < 0 {
					open = true
				}
			}
		case escape:
			n = escLen(s[i+intro:])
		default:
			i++
			continue
		}
		if n < 0 {
			i++
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		i += intro + n
		last = i
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// Has reports whether s holds at least one whole escape sequence.
func Has(s string) bool {
	// Strip copies only once it finds one: the length tells.
	return len(Strip(s)) != len(s)
}

// Kinds of sequence by their introducer.
const (
	none = iota
	csi
	controlString
	escape
)

// introducer says what sequence starts at t and how many bytes its
// introducer takes.
func introducer(t string) (kind, size int) {
	switch {
	case len(t) < 2:
		return none, 0
	case t[0] == 0x1b:
		switch t[1] {
		case '[':
			return csi, 2
		case ']', 'P', 'X', '^', '_':
			return controlString, 2
		}
		return escape, 1
	case t[0] == 0xc2: // U+0080–U+009F in UTF-8: the C1 controls
		switch t[1] {
		case 0x9b:
			return csi, 2
		case 0x9d, 0x90, 0x98, 0x9e, 0x9f:
			return controlString, 2
		}
	}
	return none, 0
}

// csiLen is the length of a CSI's parameters, intermediates and final
// byte at the start of t, or -1 when they are not there.
func csiLen(t string) int {
	i := 0
	for i < len(t) && t[i] >= 0x30 && t[i] <= 0x3f {
		i++
	}
	for i < len(t) && t[i] >= 0x20 && t[i] <= 0x2f {
		i++
	}
	if i < len(t) && t[i] >= 0x40 && t[i] <= 0x7e {
		return i + 1
	}
	return -1
}

// stringLen is the length of a control string's body and terminator at
// the start of t (BEL, ESC \ or U+009C), or -1 when it never ends.
func stringLen(t string) int {
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == 0x07:
			return i + 1
		case i+1 < len(t) && (t[i] == 0x1b && t[i+1] == '\\' || t[i] == 0xc2 && t[i+1] == 0x9c):
			return i + 2
		}
	}
	return -1
}

// escLen is the length of an escape's intermediates and final byte at the
// start of t, or -1. A space is not taken as an intermediate: "ESC a"
// typed by hand keeps its " a".
func escLen(t string) int {
	i := 0
	for i < len(t) && t[i] >= 0x21 && t[i] <= 0x2f {
		i++
	}
	if i < len(t) && t[i] >= 0x30 && t[i] <= 0x7e {
		return i + 1
	}
	return -1
}
