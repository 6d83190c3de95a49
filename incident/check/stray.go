package check

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// strayKeys are whole notes that are keys meant for a terminal or an
// editor: leaving vim or less, answering y/n, ^C typed as two characters.
var strayKeys = words("exit quit logout q q! :q :q! :wq :wq! :w :x :qa :qa! zz y n yes no ^c ^d ^z ^[ ls ll clear cls")

// stray reports a whole text that is a few keystrokes rather than words
// for stakeholders: one of strayKeys, or under three characters. Two
// characters of Chinese, Japanese or Korean can be a word ("修复",
// fixed), so they pass.
func stray(clean string) bool {
	if clean == "" {
		return false
	}
	if strayKeys[strings.ToLower(clean)] {
		return true
	}
	if utf8.RuneCountInString(clean) >= 3 {
		return false
	}
	for _, r := range clean {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			return false
		}
	}
	return true
}
