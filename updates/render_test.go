package updates

import (
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
)

func TestTruncateOrDrop(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"abcdefgh", 5, "ab…"},
		{"abcdefgh", 4, "a…"},
		{"abcdefgh", 3, ""}, // room for the ellipsis alone: left out
		{"abcdefgh", 0, ""},
		{"abcdefgh", -1, ""},
		{"ééé", 5, "é…"},
		{"ééé", 4, "…"}, // never a split rune: Truncate's cut
		{"", 0, ""},
	}
	for _, tc := range cases {
		if got := TruncateOrDrop(tc.s, tc.n); got != tc.want {
			t.Errorf("TruncateOrDrop(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

func TestTextReadsLikeAPersonWroteIt(t *testing.T) {
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, ber) } // 23rd: a Monday
	base := Message{Title: "Login page times out", Severity: 2, Status: "investigating",
		DeclaredAt: at(23, 4, 30), At: at(23, 4, 30), NextUpdateBy: at(23, 4, 45),
		Estimate: incident.Estimate{MinAt: at(23, 5, 0), MaxAt: at(23, 6, 0)}}
	declared := base
	declared.Kind = KindDeclared
	revised := base
	revised.Kind, revised.At, revised.Why = KindEstimate, at(23, 4, 44), "The restore takes a day."
	revised.PreviousEstimate = revised.Estimate
	revised.Estimate = incident.Estimate{MinAt: at(24, 10, 44), MaxAt: at(24, 20, 44)}
	revised.NextUpdateBy = at(23, 4, 59)
	identified := base
	identified.Kind, identified.Status, identified.At = KindStatus, "identified", at(23, 5, 12)
	noChange := base
	noChange.Kind, noChange.At, noChange.TimeZone, noChange.Clock = KindNoChange, at(23, 4, 30).Add(20*time.Second), "America/New_York", "12h"
	resolved := base
	resolved.Kind, resolved.Status, resolved.At, resolved.ResolvedAt = KindResolved, "resolved", at(23, 5, 35), at(23, 5, 35)
	tests := []struct {
		name string
		m    Message
		want string
	}{
		{"declared", declared, `SEV2 · Login page times out — Incident declared
Login page times out: we are investigating.
Status: investigating
Fix expected: 05:00–06:00 CET
Declared: 04:30 CET
Next update by 04:45 CET`},
		{"an estimate on another day carries the day", revised, `SEV2 · Login page times out — Estimate revised
The restore takes a day.
Status: investigating
Fix expected: Tue 10:44–20:44 CET (revised from 05:00–06:00 CET)
Elapsed: 14 min, since 04:30 CET
Next update by 04:59 CET`},
		{"status", identified, `SEV2 · Login page times out — Status: identified
Login page times out: we have found the cause and are working on a fix.
Status: identified
Fix expected: 05:00–06:00 CET
Elapsed: 42 min, since 04:30 CET
Next update by 04:45 CET`},
		{"no change, read in New York on a 12-hour clock", noChange, `SEV2 · Login page times out — No change yet
No change yet: we are still working on it.
Status: investigating
Fix expected: 11:00 PM–Mon 12:00 AM EST
Elapsed: under a minute, since 10:30 PM EST
Next update by 10:45 PM EST`},
		{"resolved", resolved, `SEV2 · Login page times out — Resolved
Login page times out: this is resolved.
Status: resolved
Duration: 1 h 05 min`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.m.Text(); got != tc.want {
				t.Errorf("Text =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestStatusSentence(t *testing.T) {
	for _, tc := range []struct{ status, title, want string }{
		{"investigating", "Login page times out", "Login page times out: we are investigating."},
		{"identified", "Checkout returns 500s", "Checkout returns 500s: we have found the cause and are working on a fix."},
		{"identified", "Checkout returns 500s!", "Checkout returns 500s! We have found the cause and are working on a fix."},
		{"monitoring", "EU latency  ", "EU latency: a fix is in place and we are monitoring it."},
		{"resolved", "Search is down.", "Search is down. This is resolved."},
		{"investigating", "Is checkout down?", "Is checkout down? We are investigating."},
		{"paused", "Nightly export", "Nightly export: the status is now paused."},
		{"identified", "", "We have found the cause and are working on a fix."},
	} {
		if got := StatusSentence(tc.status, tc.title); got != tc.want {
			t.Errorf("StatusSentence(%q, %q) = %q, want %q", tc.status, tc.title, got, tc.want)
		}
	}
}

// A link's summary, sent mid-incident, does not read as news of a new
// incident.
func TestRecapLabel(t *testing.T) {
	m := Message{Kind: KindDeclared, Recap: true}
	if got := m.Label(); got != "Summary so far" {
		t.Errorf("a recap's label %q, want Summary so far", got)
	}
	if got := (Message{Kind: KindDeclared}).Label(); got != "Incident declared" {
		t.Errorf("a declaration's label %q", got)
	}
}
