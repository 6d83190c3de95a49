package teams

import "github.com/keepcool/keepcool/updates/lookalike"

// escape makes plain text render as itself in a TextBlock or Fact. Teams
// documents no escape syntax for card text (a backslash may show as
// itself), so the characters its markdown acts on — **bold**, _italic_,
// ~~strike~~, `code`, and < > & so that no <at>mention</at> or &entity;
// can form — become look-alikes, and a zero-width space breaks "](" (a
// [link](url)), "{{" (Adaptive Cards' {{DATE(…)}} and {{TIME(…)}}
// substitutions) and a list or heading marker at the start of a line.
func escape(s string) string { return lookalike.Escape(s, "](", "{{") }
