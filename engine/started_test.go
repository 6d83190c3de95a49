package engine

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
)

func TestParseStarted(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 9, 50, 30, 0, ny)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, ny) }
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"", time.Time{}},
		{"09:40", at(30, 9, 40)},
		{"9:40", at(30, 9, 40)},
		{"9:40am", at(30, 9, 40)},
		{"9 am", at(30, 9, 0)},    // as "until" reads it
		{"21:55", at(29, 21, 55)}, // still to come today: yesterday, 11 h 55 min back
		{"25m", now.Add(-25 * time.Minute)},
		{" 1h30m ", now.Add(-90 * time.Minute)},
		{"2026-11-30T14:00:00Z", at(30, 9, 0)},
	} {
		got, err := parseStarted(tc.in, now)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("parseStarted(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"2026-11-30T15:00:00Z", "is in the future"},
		{"-5m", "say how long ago"},
		{"8d", "not understood"},
		{"200h", "more than 7 days ago"},
		{"2026-11-01T09:00:00Z", "more than 7 days ago"},
		{"yesterday", "give a clock time like 09:40, how long ago like 25m"},
		{"25", "not understood"},
		{"0:30pm", "not understood"}, // no hour 0 on a 12-hour clock
		// Yesterday's 10:15 would be 23 h back: a typo likelier than that.
		{"10:15", `"10:15": 10:15 is still to come today, and yesterday's is 23 h 35 min ago; for a time that long ago, say how long ago (e.g. 25h) or give an RFC 3339 time like 2026-11-29T10:15:00-05:00`},
		{"9:40pm", "say how long ago (e.g. 25h)"},
	} {
		_, err := parseStarted(tc.in, now)
		var re *requestError
		if !errors.As(err, &re) || re.status != http.StatusBadRequest || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseStarted(%q): error %v; want a 400 saying %q", tc.in, err, tc.want)
		}
	}
}

// Just after midnight a clock time of last night is yesterday's.
func TestParseStartedAfterMidnight(t *testing.T) {
	now := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	if got, err := parseStarted("23:40", now); err != nil || !got.Equal(time.Date(2026, 11, 29, 23, 40, 0, 0, time.UTC)) {
		t.Errorf("23:40 at 01:00: %v, %v; want yesterday 23:40", got, err)
	}
	if got, err := parseStarted("13:00", now); err != nil || !got.Equal(time.Date(2026, 11, 29, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("13:00 at 01:00 (12 h back): %v, %v; want yesterday 13:00", got, err)
	}
	if _, err := parseStarted("12:59", now); err == nil || !strings.Contains(err.Error(), "25h") {
		t.Errorf("12:59 at 01:00 (12 h 1 min back): %v; want it refused", err)
	}
}

// start --started 09:40 is read in [incident] timezone, kept in the
// journal and shown as the incident's StartedAt; a future one is refused.
func TestStartWithStartedAt(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2026, 11, 30, 14, 50, 0, 0, time.UTC)} // 9:50 AM EST
	cfg := config.Default()
	cfg.Incident.TimeZone = "America/New_York"
	r := launch(t, Options{Paths: testPaths(t), Config: cfg, Now: clk.Now})
	ctx := context.Background()

	_, err = r.c.Start(ctx, api.StartRequest{Title: "Checkout returns 500s", Severity: 2, ETA: "30m", StartedAt: "in an hour"})
	if err == nil || !strings.Contains(err.Error(), "not understood") {
		t.Fatalf("start --started \"in an hour\": %v; want it refused", err)
	}
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout returns 500s", Severity: 2, ETA: "30m", StartedAt: "09:40"})
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 11, 30, 9, 40, 0, 0, ny)
	if inc.StartedAt == nil || !inc.StartedAt.Equal(want) {
		t.Fatalf("StartedAt = %v; want %v", inc.StartedAt, want)
	}
	st, err := r.eng.recorded(inc.ID)
	if err != nil || !st.StartedAt.Equal(want) {
		t.Fatalf("journal's StartedAt = %v (%v); want %v", st.StartedAt, err, want)
	}
}
