package postmortem

import (
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// A channel given up after one attempt says "1 attempt".
func TestTimelineGaveUpAfterOneAttempt(t *testing.T) {
	s := newScript(t, t0)
	id := s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: id, Channel: "email", Attempt: 1, Dead: true, Error: "no"})
	hasLines(t, Markdown(s.state(), timefmt.In(time.UTC)),
		"- 09:30:01 UTC — `email`: Declared message not delivered after 1 attempt; the channel was given up: `no`")
}

// A link made during the incident is in the timeline: named by the
// engineer, or found by a channel on its service (which it names).
func TestTimelineShowsLinks(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(time.Minute).add(incident.KindLinked, incident.Linked{Type: "pagerduty", ID: "PNEWEST", Found: "pd"})
	s.after(time.Minute).add(incident.KindLinked, incident.Linked{Type: "pagerduty", ID: "PT4KHLK"})
	hasLines(t, Markdown(s.state(), timefmt.In(time.UTC)),
		"- 09:31:00 UTC — `pd`: Linked to pagerduty incident PNEWEST, which pd found on its service",
		"- 09:32:00 UTC — Linked to pagerduty incident PT4KHLK")
}
