package incident

import (
	"testing"
	"time"
)

// WallClockOn reads a time of day as "until" does and puts it on the day
// asked for; anything else is not a time of day.
func TestWallClockOn(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 9, 50, 30, 0, ny)
	for _, tc := range []struct {
		in   string
		days int
		want time.Time
	}{
		{"09:40", 0, time.Date(2026, 11, 30, 9, 40, 0, 0, ny)},
		{"9:40pm", -1, time.Date(2026, 11, 29, 21, 40, 0, 0, ny)},
		{"3 pm", 1, time.Date(2026, 12, 1, 15, 0, 0, 0, ny)},
		{"12am", 0, time.Date(2026, 11, 30, 0, 0, 0, 0, ny)},
	} {
		if got, ok := WallClockOn(tc.in, now, tc.days); !ok || !got.Equal(tc.want) {
			t.Errorf("WallClockOn(%q, %d) = %v, %v; want %v", tc.in, tc.days, got, ok, tc.want)
		}
	}
	for _, in := range []string{"", "25m", "15", "9:4", "24:00", "0:30pm", "13pm", "tomorrow 9:40"} {
		if got, ok := WallClockOn(in, now, 0); ok {
			t.Errorf("WallClockOn(%q) = %v; want it not a time of day", in, got)
		}
	}
}
