package postmortem

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// A channel that answered 404 from the start: the declaration is given
// up, and the two notes and the all-clear queued behind it are listed as
// never delivered, not left out.
func TestUndeliveredListsWhatADeadChannelStillOwes(t *testing.T) {
	s := newScript(t, t0)
	s.to = []string{"prodhook"}
	declared := s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: declared, Channel: "prodhook", Attempt: 1, Dead: true,
		Error: "HTTP 404 Not Found"})
	s.after(time.Minute).note("Note A")
	s.after(time.Minute).note("Note B")
	s.after(time.Minute).resolve("Fixed.", "")
	md := Markdown(s.state(), timefmt.In(time.UTC))
	hasLines(t, md,
		"- `prodhook` — 4 messages not delivered; keepcool gave the channel up after 1 attempt, failing since 09:30:01 UTC: `HTTP 404 Not Found`\n",
		"  - 09:30:00 UTC — declared message `“Checkout down”`\n",
		"  - 09:31:01 UTC — note message `“Note A”`\n",
		"  - 09:32:01 UTC — note message `“Note B”`\n",
		"  - 09:33:01 UTC — resolved message `“Fixed.”`\n",
	)
	if strings.Contains(md, "These were not delivered and are not tried again") {
		t.Errorf("nothing was refused, yet the post-mortem says so:\n%s", md)
	}
}

// A long backlog is listed by its first and last messages (the all-clear
// among them), the rest counted.
func TestUndeliveredShortensALongBacklog(t *testing.T) {
	s := newScript(t, t0)
	s.to = []string{"prodhook"}
	declared := s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: declared, Channel: "prodhook", Attempt: 1, Dead: true, Error: "HTTP 404 Not Found"})
	for i := range 24 {
		s.after(time.Minute).note(fmt.Sprintf("Note %d", i))
	}
	s.after(time.Minute).resolve("Fixed.", "")
	md := Markdown(s.state(), timefmt.In(time.UTC))
	hasLines(t, md,
		"- `prodhook` — 26 messages not delivered; keepcool gave the channel up after 1 attempt, failing since 09:30:01 UTC: `HTTP 404 Not Found`\n",
		"  - 09:44:01 UTC — note message `“Note 13”`\n  - … 6 more …\n  - 09:51:01 UTC — note message `“Note 20”`\n",
		"  - 09:55:01 UTC — resolved message `“Fixed.”`\n",
	)
}
