package email

import (
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// maxPreheader is how much of the preheader an inbox shows at most:
// Gmail and Outlook show 90 to 140 characters next to the subject.
const maxPreheader = 140

// preheader says what kind of update m is, in the words an inbox preview
// shows next to the subject: the first line of the text part and a hidden
// line at the top of the HTML body. Without it every message of a thread
// would preview the same headline.
//
//	Update · next update by 09:45 CET
//	Holding message: We are still working on it; …
//	Estimate revised: 10:00–10:30 CET (revised from 09:40–10:00 CET)
//	Resolved after 1 h 05 min
func preheader(m updates.Message) string {
	var s string
	switch m.Kind {
	case updates.KindResolved:
		s = "Resolved after " + updates.Span(m.ResolvedAt.Sub(m.DeclaredAt))
	case updates.KindHolding:
		s = "Holding message: " + m.Body()
	case updates.KindEstimate:
		s = "Estimate revised: " + m.EstimateText()
	case updates.KindTest:
		s = "Test message: no incident is in progress"
	default:
		s = m.Label()
		if n := m.NextUpdate(); n != "" {
			s += " · next update by " + strings.TrimPrefix(n, "Next update by ")
		}
	}
	return updates.TruncateRunes(oneLine(s), maxPreheader)
}

// oneLine folds each run of white space (line breaks and tabs too) to one
// space and trims the ends: a header or a preview line holds one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
