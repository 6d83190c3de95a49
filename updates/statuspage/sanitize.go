package statuspage

import (
	"strings"

	"github.com/keepcool/keepcool/internal/ansi"
	"github.com/keepcool/keepcool/updates"
)

// Limits on what one message may put on the page, in bytes: four times
// keepcool's input limits in characters (incident/check: title 200, note
// and summary 2,000), so that text which passed them is shown whole in any
// script, four bytes a character at most. Only text that bypassed those
// limits (a 100 KB paste) is cut, marked with "…"; it stays whole in the
// journal.
const (
	maxTitle = 4 * 256
	maxText  = 4 * 2048
	maxShort = 200 // ids, statuses, names
)

// sanitize makes every string of m safe to store and show: valid UTF-8, no
// control characters (a terminal escape or a NUL means nothing on a page and
// is invalid in XML), no bidi overrides (which can make a note read
// backwards), within the limits. Escaping for HTML, JSON and XML happens
// later, in each encoder.
func sanitize(m updates.Message) updates.Message {
	m.ID = clean(m.ID, maxShort)
	m.IncidentID = clean(m.IncidentID, maxShort)
	m.Kind = updates.Kind(clean(string(m.Kind), maxShort))
	m.Title = clean(m.Title, maxTitle)
	m.Status = clean(m.Status, maxShort)
	m.Engineer = clean(m.Engineer, maxShort)
	for _, s := range []*string{&m.Impact, &m.Known, &m.Unknown, &m.Plan, &m.Note, &m.Why, &m.Summary, &m.RootCause} {
		*s = clean(*s, maxText)
	}
	m.StatusPage = clean(m.StatusPage, maxText)
	return m
}

// clean is sanitize for one string. Newlines and tabs stay: the page keeps
// line breaks with white-space: pre-line.
func clean(s string, limit int) string {
	s = strings.ToValidUTF8(ansi.Strip(s), "\uFFFD")
	s = strings.Map(keep, s)
	return updates.Truncate(strings.TrimSpace(s), limit)
}

func keep(r rune) rune {
	switch {
	case r == '\n' || r == '\t':
		return r
	case r < 0x20, r >= 0x7f && r < 0xa0: // C0 and C1 controls, DEL
		return -1
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f: // bidi
		return -1
	case r == 0xfffe || r == 0xffff: // not characters; invalid in XML
		return -1
	}
	return r
}
