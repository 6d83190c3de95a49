package googlechat

import "github.com/keepcool/keepcool/updates/lookalike"

// escape makes plain text render as itself in a Chat text message. Chat
// documents no escape syntax for message text, so the characters its
// markup acts on — *bold*, _italic_, ~strike~, `code`, and < > & so that
// no <users/all> mention, <url|text> link or &entity; can form — become
// look-alikes, and a zero-width space breaks "](" (a [link](url) where
// Chat reads Markdown) and a list or heading marker at the start of a line.
func escape(s string) string { return lookalike.Escape(s, "](") }
