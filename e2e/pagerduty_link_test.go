package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// An incident declared without its PagerDuty incident (the audit's
// "Forgot PD id"): PagerDuty refuses its messages and the advice names
// keepcool link; linking it by the address PagerDuty shows sends the
// responders a summary with the latest note, then every update; status
// --json and the post-mortem show the link. A link with no incident, or
// of something that is not an id, is a usage error (exit 2).
func TestLinkPagerDutyAfterTheDeclaration(t *testing.T) {
	srv, seen := fakePagerDuty(t)
	h := newHome(t, fmt.Sprintf(`[statuspage]
listen = "off"

[[channel]]
name = "pd"
type = "pagerduty"
url = %q
api_key = "env:PD_KEY"
from = "oncall@example.com"
`, srv.URL))
	h.extra = []string{"PD_KEY=pd-key"}
	h.startDaemon()

	if r := h.run("link", "pagerduty", "PT4KHLK"); r.code != 2 || !strings.Contains(r.stderr, "no active incident to link") {
		t.Errorf("link with no incident: exit %d, %q; want 2 saying there is none", r.code, r.stderr)
	}
	h.must("start", "Forgot PD id", "--eta", "30m-1h", "--impact", "EU customers cannot pay")
	poll.ForWithin(t, 10*time.Second, "PagerDuty refusing the declaration", func() bool {
		st := h.status()
		return len(st.Channels) == 1 && st.Channels[0].Undelivered == 1
	})
	out := h.must("note", "Rolled back deploy 412")
	if !strings.Contains(out, "keepcool link pagerduty ID") || strings.Contains(out, "Later messages still go") {
		t.Errorf("note after a refusal:\n%s\nwant the advice to name keepcool link, not that later messages still go", out)
	}
	if r := h.run("link", "pagerduty", "https://acme.pagerduty.com/services/PWIXJZS"); r.code != 2 || !strings.Contains(r.stderr, "pagerduty id") {
		t.Errorf("link of a service's address: exit %d, %q; want 2", r.code, r.stderr)
	}
	// A mistyped id is linked, but PagerDuty's refusal of the summary is
	// said at once, with how to correct it, and the command fails.
	r := h.run("link", "pagerduty", "PZZZ404")
	if r.code != 1 || !strings.Contains(r.stderr, "PagerDuty did not take the summary on incident PZZZ404") ||
		!strings.Contains(r.stderr, "keepcool link pagerduty ID corrects the link") {
		t.Errorf("link of an id PagerDuty does not know: exit %d\nstdout %s\nstderr %s\nwant exit 1 saying PagerDuty refused it", r.code, r.stdout, r.stderr)
	}
	out = h.must("link", "pagerduty", "https://acme.pagerduty.com/incidents/PT4KHLK")
	if !strings.Contains(out, "Linked Forgot PD id to PagerDuty incident PT4KHLK instead of PZZZ404") ||
		!strings.Contains(out, "PagerDuty has the summary on incident PT4KHLK") {
		t.Errorf("link: %q", out)
	}
	poll.ForWithin(t, 10*time.Second, "the summary on the linked incident", func() bool {
		return strings.Contains(seen(), "POST /incidents/PT4KHLK/status_updates")
	})
	if s := seen(); !strings.Contains(s, "Rolled back deploy 412") || !strings.Contains(s, "EU customers cannot pay") {
		t.Errorf("PagerDuty got:\n%s\nwant a summary with the impact and the latest note", s)
	}
	h.must("note", "Error rate falling")
	poll.ForWithin(t, 10*time.Second, "the next note on the linked incident", func() bool {
		return strings.Count(seen(), "POST /incidents/PT4KHLK/status_updates") == 2 && strings.Contains(seen(), "Error rate falling")
	})
	if st := h.status(); st.Incident == nil || st.Incident.Links["pagerduty"] != "PT4KHLK" {
		t.Errorf("status --json: want incident.links.pagerduty PT4KHLK, got %+v", st.Incident)
	}
	h.must("resolve", "Fixed.")
	if pm := h.must("postmortem"); !strings.Contains(pm, "Linked to pagerduty incident PT4KHLK") {
		t.Errorf("post-mortem without the link:\n%s", pm)
	}
}
