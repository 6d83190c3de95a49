package statuspage

import (
	"fmt"
	"time"
)

// pageData is what the HTML template renders: the view plus the few
// choices (classes, document title) the script makes the same way on every
// update. Every element the script updates exists in every state, hidden
// when unused, so the script never builds structure from a string.
type pageData struct {
	View
	I        IncidentView // zero when there is no incident
	Has      bool
	Token    string // carried to the page's own script, style and links
	Class    string // the <body> class
	DocTitle string
	Zone     string // the zone the server-rendered times are in: "CET"
}

// ISO is t for a datetime or data- attribute, which the page's script
// rewrites in the viewer's zone; "" for no time.
func (pageData) ISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// PastTime is t as a past incident's readers read it, with its day (or
// date) unless it is today: "Mon 9 Mar 09:02 CET".
func (d pageData) PastTime(i IncidentView, t time.Time) string { return i.ts.Time(t, d.GeneratedAt) }

// Sev is a severity as a class the stylesheet knows.
func (pageData) Sev(s int) int { return clampSeverity(s) }

func newPageData(v View, token string) pageData {
	d := pageData{View: v, Token: token, Class: "state-none", DocTitle: "All systems normal · Status", Zone: v.TimeZone}
	if v.Incident == nil {
		return d
	}
	d.I, d.Has = *v.Incident, true
	d.Class = fmt.Sprintf("state-active sev-%d", clampSeverity(d.I.Severity))
	d.DocTitle = fmt.Sprintf("SEV%d · %s — %s", d.I.Severity, d.I.Title, d.I.Status)
	if d.I.Resolved {
		d.Class = fmt.Sprintf("state-resolved sev-%d", clampSeverity(d.I.Severity))
		d.DocTitle = "Resolved · " + d.I.Title
	}
	if d.I.Drill {
		d.Class += " is-drill"
		d.DocTitle = "[DRILL] " + d.DocTitle
	}
	return d
}

// clampSeverity keeps the class among the four the stylesheet knows.
func clampSeverity(s int) int { return min(max(s, 1), 4) }
