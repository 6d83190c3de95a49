//go:build cgo

package app

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
)

func TestParseTimelineTicksEachUpdatePerChannel(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	tl, err := parseTimeline(raw, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tl.Entries {
		line := e.At.Format("15:04") + " " + e.Text
		for _, tk := range e.Ticks {
			line += " | " + tk.State.glyph() + " " + tk.Channel
		}
		got = append(got, line)
	}
	want := []string{
		// support failed once, then got it: a delivery is what counts.
		"09:12 Declared SEV2: Checkout returns 500s. Fix expected 09:42–10:42 UTC. Impact: EU customers cannot pay | ✓ ops | ✓ support | ✗ exec | ✓ statuspage",
		// exec is dead: what it holds is not getting through.
		"09:30 Rolled back deploy 412, error rate falling | ✓ ops | ⟳ support | ✗ exec | ✓ statuspage",
		"09:45 Asked for an update",
		"09:47 Holding message sent: the 09:45 UTC update was missed",
		"09:48 Prompts snoozed until 09:58 UTC",
		"09:49 Estimate revised: fix expected 10:19–11:19 UTC — the restore is slower than expected",
		"09:50 No change",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := tl.Entries[0].Ticks[2].Detail; d != "HTTP 404: no such webhook" {
		t.Fatalf("dead channel's detail = %q", d)
	}
}

func TestParseTimelineRefusesGarbage(t *testing.T) {
	if _, err := parseTimeline([]byte("<html>"), time.UTC); err == nil {
		t.Fatal("parsed HTML as a timeline")
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Second: "under a minute", 42 * time.Minute: "42 min", time.Hour: "1 h",
		72 * time.Minute: "1 h 12 min", 3*time.Hour + 29*time.Second: "3 h",
	} {
		if got := span(d); got != want {
			t.Errorf("span(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestTimelineShowsTheShield(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		kind, data, want string
	}{
		{incident.KindShieldSaved, `{"backend":"gnome","saved":{"show_banners":true}}`, "Focus shield up: GNOME notification banners off"},
		{incident.KindShieldRestored, `{"backend":"slack","reason":"resolved"}`, "Focus shield: Slack put back as it was"},
		{incident.KindShieldRestored, `{"backend":"gnome","reason":"start"}`, "Focus shield: GNOME put back as it was (when keepcool started again)"},
	} {
		e, ok := describe(incident.Event{At: at, Kind: tc.kind, Data: []byte(tc.data)}, time.UTC)
		if !ok || e.Text != tc.want {
			t.Errorf("%s %s: %q (%v), want %q", tc.kind, tc.data, e.Text, ok, tc.want)
		}
	}
}
