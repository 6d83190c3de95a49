package statuspage

import "time"

// Banner is /banner.json: one line a product site can show above its own
// pages while something is wrong. Text is plain text: put it in the page
// with textContent, never innerHTML.
type Banner struct {
	Active    bool       `json:"active"`     // show the banner: an incident is ongoing (drills never are)
	Drill     bool       `json:"drill"`      // the incident is an exercise; active stays false
	Severity  int        `json:"severity"`   // 1 … 4, 0 when there is no incident
	Status    string     `json:"status"`     // investigating|identified|monitoring|resolved, "" without incident
	Title     string     `json:"title"`      // the incident's title
	Text      string     `json:"text"`       // the sentence to show
	UpdatedAt *time.Time `json:"updated_at"` // the latest message; null without incident
}

func newBanner(v View) Banner {
	i := v.Incident
	if i == nil {
		return Banner{Text: "All systems normal."}
	}
	title := i.Title // whole: keepcool's input limit (200 characters) keeps it a line
	b := Banner{Drill: i.Drill, Severity: i.Severity, Status: i.Status, Title: title, UpdatedAt: &i.UpdatedAt}
	if i.Resolved {
		b.Text = "The issue with " + title + " was resolved at " + i.ResolvedAtText + "."
	} else {
		b.Active = !i.Drill // customers must never see an exercise as an outage
		b.Text = "We're working on an issue with " + title + fixBy(i) + "."
		if i.NextUpdateText != "" {
			b.Text += " " + i.NextUpdateText + "."
		}
	}
	if i.Drill {
		b.Text = "[DRILL] " + b.Text
	}
	return b
}

// fixBy is "; fix expected by 10:15 CET", the estimate's upper bound, or ""
// without an estimate.
func fixBy(i *IncidentView) string {
	if i.Estimate.IsZero() {
		return ""
	}
	return "; fix expected by " + i.ts.Time(i.Estimate.MaxAt, i.UpdatedAt)
}
