package discord

import (
	"regexp"
	"strings"
	"unicode"
)

// markdownChars are the characters Discord's markdown gives meaning to:
// emphasis, code, spoilers (||), quotes (>), headings and subtext (#, -#),
// lists (-), masked links ([text](url)) and the <@id>, <#id>, <@&id>,
// <:emoji:id>, <t:…> and </command:id> tokens. Discord's escape rule takes
// a backslash before any punctuation and shows the character alone.
const markdownChars = "\\*_~`|<>#[]()-"

// everyoneRE finds @everyone and @here, which allowed_mentions already keeps
// from pinging; a zero-width space after the @ keeps them from looking
// like a mention too (as discord.js's cleanContent does).
var everyoneRE = regexp.MustCompile(`(?i)@(everyone|here)`)

// escape makes plain text render as itself in Discord markdown.
func escape(s string) string {
	s = everyoneRE.ReplaceAllString(s, "@\u200b$1")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	digitsOnly := true // the line so far is blanks and digits: "1." would start a list
	for _, r := range s {
		switch {
		case strings.ContainsRune(markdownChars, r), r == '.' && digitsOnly:
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		switch {
		case r == '\n':
			digitsOnly = true
		case !unicode.IsDigit(r) && r != ' ' && r != '\t':
			digitsOnly = false
		}
	}
	return b.String()
}
