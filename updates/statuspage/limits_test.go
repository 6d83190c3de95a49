package statuspage

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextShownWhole: an incident whose every text is at keepcool's
// input limits, in scripts of two to four bytes a character, is on the
// page (and in the banner) exactly as typed. (A 2,000-character note was
// cut at 4,000 bytes, a title at 300, the banner's at 120.)
func TestLongestTextShownWhole(t *testing.T) {
	for script, ch := range updatestest.Scripts {
		t.Run(script, func(t *testing.T) {
			p := New("statuspage", clockAt("10:00"))
			var msgs []updates.Message
			for i, kind := range updatestest.LongestKinds {
				m := updatestest.Longest(kind, ch)
				m.ID = m.IncidentID + "/" + string(rune('1'+i))
				msgs = append(msgs, m)
				if err := p.Send(context.Background(), m); err != nil {
					t.Fatal(err)
				}
			}
			_, body := get(t, p.Handler(""), "/api/incident.json")
			var v View
			if err := json.Unmarshal([]byte(body), &v); err != nil || v.Incident == nil {
				t.Fatalf("incident.json: %v", err)
			}
			in := v.Incident
			declared, resolved := msgs[0], msgs[3]
			whole(t, "title", in.Title, declared.Title)
			whole(t, "impact", in.Impact, declared.Impact)
			whole(t, "known", in.Known, declared.Known)
			whole(t, "unknown", in.Unknown, declared.Unknown)
			whole(t, "plan", in.Plan, declared.Plan)
			whole(t, "summary", in.Summary, resolved.Summary)
			whole(t, "root cause", in.RootCause, resolved.RootCause)
			bodies := map[string]string{}
			for _, e := range in.Timeline {
				bodies[e.Kind] = e.Body
			}
			whole(t, "note", bodies["note"], msgs[1].Note)
			whole(t, "why", bodies["estimate"], msgs[2].Why)
			_, raw := get(t, p.Handler(""), "/banner.json")
			var b Banner
			if err := json.Unmarshal([]byte(raw), &b); err != nil {
				t.Fatal(err)
			}
			whole(t, "banner title", b.Title, declared.Title)
		})
	}
}

func whole(t *testing.T, name, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s cut: %d of %d bytes shown", name, len(got), len(want))
	}
}
