package incident

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/internal/ansi"
)

// ErrEmptyNote is returned for a note with nothing left after cleaning.
var ErrEmptyNote = errors.New("the note is empty: write one line saying what changed, or use --no-change")

// CleanText makes untrusted one-line text safe to store and show: terminal
// escape sequences are dropped whole (internal/ansi), invalid UTF-8 becomes
// U+FFFD, line breaks and tabs become spaces, other control and
// bidirectional-override characters are dropped, and runs of spaces collapse.
// Escaping for a channel's own syntax is the channel's job, not this one's.
func CleanText(s string) string {
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			r = unicode.ReplacementChar
		case r == '\n' || r == '\r' || r == '\t':
			r = ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r):
			continue
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
