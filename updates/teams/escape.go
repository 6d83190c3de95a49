package teams

import (
	"regexp"

	"github.com/keepcool/keepcool/updates/lookalike"
)

// Untrusted text goes in TextRuns of a RichTextBlock, which Adaptive
// Cards show as typed: "Text to display. Markdown is not supported"
// (schema explorer, TextRun; "RichTextBlock does not support Markdown",
// Text features). So **bold**, _x_, `code`, [l](u), a leading "- " and
// <at>…</at> (a mention needs a matching msteams.entities entry, which
// keepcool never sends) stay as typed, and a command copied from the card
// runs. A TextBlock or a FactSet would read Markdown, whose backslash
// escapes Teams clients render inconsistently (AdaptiveCards issues
// #4677, #5590: mobile clients show the backslashes).
//
// What no element lets through as text is Adaptive Cards' date and time
// substitution, {{DATE(…)}} and {{TIME(…)}}, which has no escape: only
// there a zero-width space goes between the braces.
var substitution = regexp.MustCompile(`\{\{(DATE|TIME)\(`)

// escape returns s as a TextRun must carry it to show s.
func escape(s string) string {
	return substitution.ReplaceAllString(s, "{"+lookalike.ZWSP+"{$1(")
}
