package googlechat

import "github.com/keepcool/keepcool/updates/lookalike"

// escape makes a one-line string (the title, the status) render as itself
// in a Chat text message. Chat's text markup documents no escape: a
// backslash shows as itself, and an entity such as &lt; shows as typed
// (Chat reads none, so & < > need none). What its markup acts on —
// *bold*, _italic_, ~strike~, `code` and the < that opens a <users/all>
// mention or a <url|text> link — becomes a look-alike. Multi-line text
// (the note, the facts, the details) goes in the card instead, where HTML
// escaping keeps it exactly as typed (cardHTML).
func escape(s string) string { return lookalike.Only(s, "*_~`<") }
