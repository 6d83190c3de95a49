package incident

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin for the DST cases, whatever the host has installed
)

// estimateZone and estimateNow are the fixed clock the tables read against:
// Tuesday 24 November 2026, 09:00 CET.
var estimateZone = time.FixedZone("CET", 3600)

func estimateNow() time.Time { return estimateAt(24, 9, 0) }

// estimateAt is a wall-clock time in November 2026 (day 31 is 1 December), CET.
func estimateAt(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, estimateZone)
}

type estimateCase struct {
	name     string
	in       string
	now      time.Time // estimateNow() when zero
	min, max time.Time
}

func estimateAcceptedCases() []estimateCase {
	now := estimateNow()
	return []estimateCase{
		{name: "range", in: "30m-90m", min: estimateAt(24, 9, 30), max: estimateAt(24, 10, 30)},
		{name: "bare lower takes the upper's unit", in: "30-90m", min: estimateAt(24, 9, 30), max: estimateAt(24, 10, 30)},
		{name: "bare upper takes the lower's unit", in: "1h-2", min: estimateAt(24, 10, 0), max: estimateAt(24, 11, 0)},
		{name: "fractional bare lower", in: "0.5-1h", min: estimateAt(24, 9, 30), max: estimateAt(24, 10, 0)},
		{name: "compound upper", in: "1h-2h30m", min: estimateAt(24, 10, 0), max: estimateAt(24, 11, 30)},
		{name: "point", in: "45m", min: estimateAt(24, 9, 45), max: estimateAt(24, 9, 45)},
		{name: "fractional hours", in: "1.5h", min: estimateAt(24, 10, 30), max: estimateAt(24, 10, 30)},
		{name: "seconds", in: "90s-2m", min: now.Add(90 * time.Second), max: estimateAt(24, 9, 2)},
		{name: "equal bounds", in: "30m-30m", min: estimateAt(24, 9, 30), max: estimateAt(24, 9, 30)},
		{name: "seven days exactly", in: "168h", min: estimateAt(31, 9, 0), max: estimateAt(31, 9, 0)},
		{name: "up to seven days", in: "1h-168h", min: estimateAt(24, 10, 0), max: estimateAt(31, 9, 0)},
		{name: "spaces around the dash", in: "30m - 90m", min: estimateAt(24, 9, 30), max: estimateAt(24, 10, 30)},
		{name: "en dash", in: "1h – 2h", min: estimateAt(24, 10, 0), max: estimateAt(24, 11, 0)},
		{name: "em dash", in: "1h—2h", min: estimateAt(24, 10, 0), max: estimateAt(24, 11, 0)},
		{name: "minus sign", in: "1h−2h", min: estimateAt(24, 10, 0), max: estimateAt(24, 11, 0)},
		{name: "surrounding whitespace and upper case", in: " \t45M\n", min: estimateAt(24, 9, 45), max: estimateAt(24, 9, 45)},
		{name: "upper-case range", in: "1H-2H30M", min: estimateAt(24, 10, 0), max: estimateAt(24, 11, 30)},

		{name: "until later today", in: "until 11:30", min: estimateAt(24, 11, 30), max: estimateAt(24, 11, 30)},
		{name: "until tomorrow", in: "until tomorrow 08:30", min: estimateAt(25, 8, 30), max: estimateAt(25, 8, 30)},
		{name: "until a time tomorrow", in: "until 08:30 tomorrow", min: estimateAt(25, 8, 30), max: estimateAt(25, 8, 30)},
		{name: "until tomorrow, upper case", in: "Until Tomorrow 9:00", min: estimateAt(25, 9, 0), max: estimateAt(25, 9, 0)},
		{name: "until tomorrow into the next month", in: "until tomorrow 8:00", now: estimateAt(30, 23, 0), min: estimateAt(31, 8, 0), max: estimateAt(31, 8, 0)},
		{name: "until tomorrow even when still ahead today", in: "until tomorrow 11:30", min: estimateAt(25, 11, 30), max: estimateAt(25, 11, 30)},
		{name: "until the next minute", in: "until 9:01", min: estimateAt(24, 9, 1), max: estimateAt(24, 9, 1)},
		{name: "until pm", in: "until 9:05pm", min: estimateAt(24, 21, 5), max: estimateAt(24, 21, 5)},
		{name: "until pm, spaced and upper case", in: "UNTIL  9:05 PM", min: estimateAt(24, 21, 5), max: estimateAt(24, 21, 5)},
		{name: "until am", in: "until 10:15am", min: estimateAt(24, 10, 15), max: estimateAt(24, 10, 15)},
		{name: "until am tomorrow", in: "until tomorrow 8:15am", min: estimateAt(25, 8, 15), max: estimateAt(25, 8, 15)},
		{name: "until 3pm", in: "until 3pm", min: estimateAt(24, 15, 0), max: estimateAt(24, 15, 0)},
		{name: "until 3:30 PM", in: "until 3:30 PM", min: estimateAt(24, 15, 30), max: estimateAt(24, 15, 30)},
		{name: "until 3:30PM", in: "until 3:30PM", min: estimateAt(24, 15, 30), max: estimateAt(24, 15, 30)},
		{name: "until a 12-hour range with spaces", in: "until 3 PM - 3:30 PM", min: estimateAt(24, 15, 0), max: estimateAt(24, 15, 30)},
		{name: "until 24-hour", in: "until 21:05", min: estimateAt(24, 21, 5), max: estimateAt(24, 21, 5)},
		{name: "until an hour with pm", in: "until 9pm", min: estimateAt(24, 21, 0), max: estimateAt(24, 21, 0)},
		{name: "until tomorrow 12am is tonight's midnight", in: "until tomorrow 12am", min: estimateAt(25, 0, 0), max: estimateAt(25, 0, 0)},
		{name: "until 12pm is noon", in: "until 12pm", min: estimateAt(24, 12, 0), max: estimateAt(24, 12, 0)},
		{name: "until after a tab", in: "until\t11:30", min: estimateAt(24, 11, 30), max: estimateAt(24, 11, 30)},
		{name: "until a clock range", in: "until 11:30-12:00", min: estimateAt(24, 11, 30), max: estimateAt(24, 12, 0)},
		{name: "until a clock range with en dash and spaces", in: "until 11:30 – 12:00", min: estimateAt(24, 11, 30), max: estimateAt(24, 12, 0)},
		{name: "until a pm range", in: "until 9:30pm-10pm", min: estimateAt(24, 21, 30), max: estimateAt(24, 22, 0)},
		{name: "until a range across midnight", in: "until 23:30-00:30", min: estimateAt(24, 23, 30), max: estimateAt(25, 0, 30)},
		{name: "until an overnight 12-hour range", in: "until 20:00-08:00", min: estimateAt(24, 20, 0), max: estimateAt(25, 8, 0)},
		{name: "until a range tomorrow", in: "until tomorrow 08:00-08:30", min: estimateAt(25, 8, 0), max: estimateAt(25, 8, 30)},
		{name: "until a range across midnight tomorrow", in: "until tomorrow 23:30-00:30", min: estimateAt(25, 23, 30), max: estimateAt(26, 0, 30)},
		{name: "until the end of a window that began yesterday", in: "until 00:30", now: estimateAt(25, 0, 10), min: estimateAt(25, 0, 30), max: estimateAt(25, 0, 30)},
		{name: "until a range starting this minute", in: "until 11:30-12:00", now: estimateAt(24, 11, 30), min: estimateAt(24, 11, 30), max: estimateAt(24, 12, 0)},
		{name: "until a point range", in: "until 11:30-11:30", min: estimateAt(24, 11, 30), max: estimateAt(24, 11, 30)},
		{name: "until a long same-day range", in: "until 9:30-23:45", min: estimateAt(24, 9, 30), max: estimateAt(24, 23, 45)},
	}
}

func TestParseEstimate(t *testing.T) {
	for _, tc := range estimateAcceptedCases() {
		t.Run(tc.name, func(t *testing.T) {
			now := tc.now
			if now.IsZero() {
				now = estimateNow()
			}
			got, err := ParseEstimate(tc.in, now)
			if err != nil {
				t.Fatalf("ParseEstimate(%q): %v", tc.in, err)
			}
			if !got.MinAt.Equal(tc.min) || !got.MaxAt.Equal(tc.max) {
				t.Errorf("ParseEstimate(%q) = %v – %v, want %v – %v", tc.in, got.MinAt, got.MaxAt, tc.min, tc.max)
			}
			if got.MinAt.Location() != now.Location() || got.MaxAt.Location() != now.Location() {
				t.Errorf("ParseEstimate(%q) left now's location: %v, %v", tc.in, got.MinAt.Location(), got.MaxAt.Location())
			}
		})
	}
}

type estimateErrorCase struct {
	name string
	in   string
	now  time.Time // estimateNow() when zero
	want string
}

const estimateFormsHint = `use a range like 30m-90m, a point like 45m, or "until 11:30"`

func estimateErrorCases() []estimateErrorCase {
	garbage := func(in string) string { return `estimate "` + in + `": not understood; ` + estimateFormsHint }
	const (
		tooLong  = `more than 7 days is not an incident estimate; give at most 168h`
		negative = `a duration cannot be negative; give the time from now, e.g. 30m-90m`
		noUnit   = `every bound needs a unit (h, m or s); write e.g. 30m-90m or 30-90m`
		noBound  = `a range needs a lower and an upper bound; write e.g. 30m-90m or "until 11:30-12:00"`
		clockEg  = `is not a time of day; write e.g. "until 11:30" or "until 9:05pm"`
	)
	return []estimateErrorCase{
		{name: "empty", in: "", want: `estimate is empty; ` + estimateFormsHint},
		{name: "only whitespace", in: " \t ", want: `estimate is empty; ` + estimateFormsHint},
		{name: "a word", in: "soon", want: garbage("soon")},
		{name: "days are not a unit", in: "2d", want: garbage("2d")},
		{name: "milliseconds are not a unit", in: "30ms", want: garbage("30ms")},
		{name: "trailing number", in: "1h30", want: garbage("1h30")},
		{name: "space inside a duration", in: "1h 30m", want: garbage("1h 30m")},
		{name: "plus sign", in: "+30m", want: garbage("+30m")},
		{name: "two dots", in: "1.5.2h", want: garbage("1.5.2h")},
		{name: "three bounds", in: "30m-90m-2h", want: garbage("30m-90m-2h")},
		{name: "bare number next to garbage", in: "30-soon", want: garbage("30-soon")},
		{name: "bare number", in: "45", want: `estimate "45": 45 needs a unit (h, m or s); write e.g. 45m`},
		{name: "two bare numbers", in: "30-90", want: `estimate "30-90": ` + noUnit},
		{name: "bare number next to a compound duration", in: "30-1h30m", want: `estimate "30-1h30m": ` + noUnit},
		{name: "zero", in: "0m", want: `estimate "0m": 0m is zero; an estimate must be later than now, e.g. 30m`},
		{name: "zero lower bound", in: "0-30m", want: `estimate "0-30m": 0m is zero; an estimate must be later than now, e.g. 30m`},
		{name: "rounds to zero", in: "0.0000000001s", want: `estimate "0.0000000001s": 0.0000000001s is zero; an estimate must be later than now, e.g. 30m`},
		{name: "negative", in: "-30m", want: `estimate "-30m": ` + negative},
		{name: "negative upper bound", in: "30m--90m", want: `estimate "30m--90m": ` + negative},
		{name: "spaced negative upper bound", in: "30m - -90m", want: `estimate "30m - -90m": ` + negative},
		{name: "missing upper bound", in: "30m-", want: `estimate "30m-": ` + noBound},
		{name: "only a dash", in: "-", want: `estimate "-": ` + noBound},
		{name: "lower after upper", in: "90m-30m", want: `estimate "90m-30m": the lower bound is after the upper bound; write it as 30m-90m`},
		{name: "bare lower after upper", in: "90-30m", want: `estimate "90-30m": the lower bound is after the upper bound; write it as 30m-90`},
		{name: "more than 7 days", in: "169h", want: `estimate "169h": ` + tooLong},
		{name: "upper bound over 7 days", in: "1h-200h", want: `estimate "1h-200h": ` + tooLong},
		{name: "overflowing duration", in: "99999999999999999999h", want: `estimate "99999999999999999999h": ` + tooLong},
		{name: "overflowing bare lower bound", in: "9999999999999999999999-1h", want: `estimate "9999999999999999999999-1h": ` + tooLong},

		{name: "until nothing", in: "until", want: `estimate "until": the time is missing; write e.g. "until 11:30" or "until 9:05pm"`},
		{name: "until glued to a time", in: "until11:30", want: garbage("until11:30")},
		{name: "until a word", in: "until noon", want: `estimate "until noon": "noon" ` + clockEg},
		{name: "until hour 25", in: "until 25:00", want: `estimate "until 25:00": "25:00" ` + clockEg},
		{name: "until minute 60", in: "until 11:60", want: `estimate "until 11:60": "11:60" ` + clockEg},
		{name: "until 13pm", in: "until 13pm", want: `estimate "until 13pm": "13pm" ` + clockEg},
		{name: "until 0am", in: "until 0am", want: `estimate "until 0am": "0am" ` + clockEg},
		{name: "until a bare hour", in: "until 11", want: `estimate "until 11": "11" ` + clockEg},
		{name: "until a one-digit minute", in: "until 9:5", want: `estimate "until 9:5": "9:5" ` + clockEg},
		{name: "until with seconds", in: "until 11:30:00", want: `estimate "until 11:30:00": "11:30:00" ` + clockEg},
		{name: "until a range of words", in: "until noon-teatime", want: `estimate "until noon-teatime": "noon" ` + clockEg},
		{name: "until a negative time", in: "until -5:00", want: `estimate "until -5:00": "-5:00" ` + clockEg},
		{name: "until three times", in: "until 11:30-12:00-13:00", want: garbage("until 11:30-12:00-13:00")},
		{name: "until a range without an end", in: "until 11:30-", want: `estimate "until 11:30-": ` + noBound},
		{name: "until am/pm on one side only", in: "until 9:30-10pm", want: `estimate "until 9:30-10pm": give both times am/pm, or neither; write e.g. "until 9:30pm-10pm" or "until 21:30-22:00"`},
		{name: "until a swapped range", in: "until 12:00-11:30", want: `estimate "until 12:00-11:30": the lower bound is after the upper bound; write it as "until 11:30-12:00"`},
		{name: "until a range already under way", in: "until 11:30-12:00", now: estimateAt(24, 11, 45), want: `estimate "until 11:30-12:00": 11:30 has already passed; write "until 12:00"`},
		{name: "until a midnight range already under way", in: "until 23:30-00:30", now: estimateAt(24, 23, 50), want: `estimate "until 23:30-00:30": 23:30 has already passed; write "until tomorrow 00:30"`},
		{name: "until a midnight range under way since yesterday", in: "until 23:30-00:30", now: estimateAt(25, 0, 10), want: `estimate "until 23:30-00:30": 23:30 has already passed; write "until 00:30"`},
		{name: "until a passed time", in: "until 05:00", now: estimateAt(24, 6, 22), want: `estimate "until 05:00": 05:00 CET has passed; write "until tomorrow 05:00" for tomorrow`},
		{name: "until this very minute", in: "until 9:00", want: `estimate "until 9:00": 9:00 CET has passed; write "until tomorrow 9:00" for tomorrow, or "until 9:00pm" for 9:00 PM today`},
		{name: "until a passed morning time on a 12-hour clock", in: "until 1:20", now: estimateAt(24, 1, 24), want: `estimate "until 1:20": 1:20 CET has passed; write "until tomorrow 1:20" for tomorrow, or "until 1:20pm" for 1:20 PM today`},
		{name: "until a passed am time", in: "until 8:15am", want: `estimate "until 8:15am": 8:15am CET has passed; write "until tomorrow 8:15am" for tomorrow`},
		{name: "until a passed pm time", in: "until 3:30 PM", now: estimateAt(24, 16, 0), want: `estimate "until 3:30 PM": 3:30 pm CET has passed; write "until tomorrow 3:30 pm" for tomorrow`},
		{name: "until 12am is the midnight just gone", in: "until 12am", want: `estimate "until 12am": 12am CET has passed; write "until tomorrow 12am" for tomorrow`},
		{name: "until 00:00 is the midnight just gone", in: "until 00:00", want: `estimate "until 00:00": 00:00 CET has passed; write "until tomorrow 00:00" for tomorrow`},
		{name: "until a range that is over for today", in: "until 08:00-08:30", want: `estimate "until 08:00-08:30": 08:00-08:30 CET has passed; write "until tomorrow 08:00-08:30" for tomorrow`},
		{name: "until tomorrow alone", in: "until tomorrow", want: `estimate "until tomorrow": the time is missing; write e.g. "until 11:30" or "until 9:05pm"`},
		{name: "until tomorrow glued to a time", in: "until tomorrow11:30", want: `estimate "until tomorrow11:30": "tomorrow11:30" ` + clockEg},
	}
}

func TestParseEstimateErrors(t *testing.T) {
	for _, tc := range estimateErrorCases() {
		t.Run(tc.name, func(t *testing.T) {
			now := tc.now
			if now.IsZero() {
				now = estimateNow()
			}
			got, err := ParseEstimate(tc.in, now)
			if err == nil {
				t.Fatalf("ParseEstimate(%q) = %v – %v, want error %q", tc.in, got.MinAt, got.MaxAt, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("ParseEstimate(%q) error\n got: %s\nwant: %s", tc.in, err, tc.want)
			}
			if !got.IsZero() {
				t.Errorf("ParseEstimate(%q) returned %+v with its error, want the zero Estimate", tc.in, got)
			}
		})
	}
}

// Daylight saving: durations are elapsed time, "until" is what the wall
// clock will show.
func TestParseEstimateAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	dayBefore := time.Date(2026, 3, 28, 12, 0, 0, 0, berlin) // clocks go forward at 02:00 on the 29th
	tests := []struct {
		name     string
		in       string
		now      time.Time
		min, max time.Time
	}{
		{"duration is elapsed time", "24h", dayBefore, time.Date(2026, 3, 29, 13, 0, 0, 0, berlin), time.Date(2026, 3, 29, 13, 0, 0, 0, berlin)},
		{"until is wall-clock time", "until tomorrow 11:30", dayBefore, time.Date(2026, 3, 29, 11, 30, 0, 0, berlin), time.Date(2026, 3, 29, 11, 30, 0, 0, berlin)},
		{"until a range after the jump", "until 03:00-04:00", time.Date(2026, 3, 29, 1, 0, 0, 0, berlin), time.Date(2026, 3, 29, 3, 0, 0, 0, berlin), time.Date(2026, 3, 29, 4, 0, 0, 0, berlin)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseEstimate(tc.in, tc.now)
			if err != nil {
				t.Fatalf("ParseEstimate(%q): %v", tc.in, err)
			}
			if !got.MinAt.Equal(tc.min) || !got.MaxAt.Equal(tc.max) {
				t.Errorf("ParseEstimate(%q) = %v – %v, want %v – %v", tc.in, got.MinAt, got.MaxAt, tc.min, tc.max)
			}
		})
	}

	// 02:30 does not exist that night; whatever time.Date makes of it, the
	// range must stay ordered and ahead of now.
	t.Run("lower bound in the gap", func(t *testing.T) {
		now := time.Date(2026, 3, 29, 1, 0, 0, 0, berlin)
		got, err := ParseEstimate("until 02:30-03:00", now)
		if err != nil {
			t.Fatal(err)
		}
		if got.MinAt.After(got.MaxAt) || got.MinAt.Before(now) {
			t.Errorf("got %v – %v at %v", got.MinAt, got.MaxAt, now)
		}
	})
}

func TestEstimateFormat(t *testing.T) {
	now := estimateNow()
	tests := []struct {
		name     string
		min, max time.Time
		want     string
	}{
		{"range today", estimateAt(24, 9, 30), estimateAt(24, 10, 15), "09:30–10:15 CET"},
		{"point today", estimateAt(24, 9, 30), estimateAt(24, 9, 30), "09:30 CET"},
		{"bounds in the same minute are a point", estimateAt(24, 9, 30), estimateAt(24, 9, 30).Add(40 * time.Second), "09:30 CET"},
		{"ends tomorrow", estimateAt(24, 23, 30), estimateAt(25, 0, 30), "23:30–Wed 00:30 CET"},
		{"range tomorrow", estimateAt(25, 9, 30), estimateAt(25, 10, 15), "Wed 09:30–10:15 CET"},
		{"point tomorrow", estimateAt(25, 9, 30), estimateAt(25, 9, 30), "Wed 09:30 CET"},
		{"across two later days", estimateAt(25, 23, 30), estimateAt(26, 0, 30), "Wed 23:30–Thu 00:30 CET"},
		{"six days out", estimateAt(30, 9, 30), estimateAt(30, 9, 30), "Mon 09:30 CET"},
		{"seven days out has a date", estimateAt(24, 10, 0), estimateAt(31, 9, 0), "10:00–Tue 1 Dec 09:00 CET"},
		{"in the past has a date", estimateAt(23, 9, 30), estimateAt(23, 10, 15), "Mon 23 Nov 09:30–10:15 CET"},
		{"shown in now's location", estimateAt(24, 9, 30).UTC(), estimateAt(24, 10, 15).UTC(), "09:30–10:15 CET"},
		{"UTC times crossing midnight in now's location", time.Date(2026, 11, 24, 22, 30, 0, 0, time.UTC), time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), "23:30–Wed 00:30 CET"},
		{"unset", time.Time{}, time.Time{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := Estimate{MinAt: tc.min, MaxAt: tc.max}
			if got := e.Format(now); got != tc.want {
				t.Errorf("Format = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseEstimateThenFormat(t *testing.T) {
	now := estimateNow()
	tests := []struct{ in, want string }{
		{"30m-90m", "09:30–10:30 CET"},
		{"45m", "09:45 CET"},
		{"until 9:05pm", "21:05 CET"},
		{"until tomorrow 08:30", "Wed 08:30 CET"},
		{"until 23:30-00:30", "23:30–Wed 00:30 CET"},
		{"167h-168h", "Tue 1 Dec 08:00–09:00 CET"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			e, err := ParseEstimate(tc.in, now)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Format(now); got != tc.want {
				t.Errorf("Format = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestEstimateSpanAndIsZero(t *testing.T) {
	tests := []struct {
		name string
		e    Estimate
		span time.Duration
		zero bool
	}{
		{"unset", Estimate{}, 0, true},
		{"point", Estimate{MinAt: estimateAt(24, 9, 45), MaxAt: estimateAt(24, 9, 45)}, 0, false},
		{"range", Estimate{MinAt: estimateAt(24, 9, 30), MaxAt: estimateAt(24, 10, 30)}, time.Hour, false},
		{"only an upper bound", Estimate{MaxAt: estimateAt(24, 9, 30)}, estimateAt(24, 9, 30).Sub(time.Time{}), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.e.Span(); got != tc.span {
				t.Errorf("Span = %v, want %v", got, tc.span)
			}
			if got := tc.e.IsZero(); got != tc.zero {
				t.Errorf("IsZero = %v, want %v", got, tc.zero)
			}
		})
	}
}

// The journal and `status --json` store this shape.
func TestEstimateJSON(t *testing.T) {
	e := Estimate{MinAt: estimateAt(24, 9, 30), MaxAt: estimateAt(24, 10, 30)}
	raw, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"min_at":"2026-11-24T09:30:00+01:00","max_at":"2026-11-24T10:30:00+01:00"}`
	if string(raw) != want {
		t.Errorf("json = %s, want %s", raw, want)
	}
	var back Estimate
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !back.MinAt.Equal(e.MinAt) || !back.MaxAt.Equal(e.MaxAt) {
		t.Errorf("round trip = %+v, want %+v", back, e)
	}
}

func FuzzParseEstimate(f *testing.F) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	seedNow := estimateNow().Unix()
	for _, tc := range estimateAcceptedCases() {
		f.Add(tc.in, seedNow, int16(60), false)
	}
	for _, tc := range estimateErrorCases() {
		f.Add(tc.in, seedNow, int16(60), false)
	}
	f.Add("until 02:30-03:00", time.Date(2026, 3, 29, 1, 0, 0, 0, berlin).Unix(), int16(0), true)
	f.Add("until 02:30", time.Date(2026, 10, 25, 1, 0, 0, 0, berlin).Unix(), int16(0), true)

	const (
		firstUnix = -62104060800 // 0002-01-01: keeps MinAt clear of the zero time
		lastUnix  = 253370764800 // 9998-12-31: keeps every result inside year 9999
		week      = 7 * 24 * time.Hour
	)
	f.Fuzz(func(t *testing.T, s string, unix int64, offsetMinutes int16, inBerlin bool) {
		loc := time.FixedZone("fuzz", int(offsetMinutes)%(15*60)*60)
		if inBerlin {
			loc = berlin
		}
		span := int64(lastUnix - firstUnix)
		unix = firstUnix + ((unix-firstUnix)%span+span)%span
		now := time.Unix(unix, 0).In(loc)

		e, err := ParseEstimate(s, now)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "estimate ") || !strings.Contains(err.Error(), "; ") {
				t.Fatalf("ParseEstimate(%q): error %q does not say what happened and what to do", s, err)
			}
			if !e.IsZero() {
				t.Fatalf("ParseEstimate(%q) returned %+v with error %v", s, e, err)
			}
			return
		}
		if e.IsZero() || e.MinAt.After(e.MaxAt) || e.MinAt.Before(now) {
			t.Fatalf("ParseEstimate(%q) at %v = %v – %v: want now <= MinAt <= MaxAt", s, now, e.MinAt, e.MaxAt)
		}
		limit := week
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "until") {
			limit = week + 24*time.Hour
		} else if !e.MinAt.After(now) {
			t.Fatalf("ParseEstimate(%q) at %v: duration estimate starts at now, want later", s, now)
		}
		if e.MaxAt.Sub(now) > limit {
			t.Fatalf("ParseEstimate(%q) at %v ends %v later, more than %v", s, now, e.MaxAt.Sub(now), limit)
		}
		if e.Format(now) == "" {
			t.Fatalf("ParseEstimate(%q): Format is empty", s)
		}
	})
}
