package timefmt

import (
	"testing"
	"time"
)

func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestTime(t *testing.T) {
	ber := berlin(t)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	// Tuesday 24 November 2026, 09:00 in Berlin.
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, ber)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, ber) }
	tests := []struct {
		name  string
		style Style
		t     time.Time
		want  string
	}{
		{"today", In(ber), at(24, 9, 30), "09:30 CET"},
		{"today on a 12-hour clock", Style{Zone: ber, Hour12: true}, at(24, 21, 5), "9:05 PM CET"},
		{"tomorrow has its weekday", In(ber), at(25, 10, 44), "Wed 10:44 CET"},
		{"six days out", In(ber), at(30, 8, 0), "Mon 08:00 CET"},
		{"seven days out has a date", In(ber), time.Date(2026, 12, 1, 8, 0, 0, 0, ber), "Tue 1 Dec 08:00 CET"},
		{"yesterday has a date", In(ber), at(23, 23, 50), "Mon 23 Nov 23:50 CET"},
		{"another year has the year", In(ber), time.Date(2027, 1, 5, 8, 0, 0, 0, ber), "Tue 5 Jan 2027 08:00 CET"},
		{"shown in the style's zone, not the time's", In(ny), at(24, 9, 30), "03:30 EST"},
		{"the day is the reader's day", In(ny), at(24, 5, 30), "Mon 23 Nov 23:30 EST"},
		{"UTC", In(time.UTC), at(24, 9, 30), "08:30 UTC"},
		{"a zone without letters gets an offset", In(time.FixedZone("", 5*3600+1800)), at(24, 9, 30), "14:00 UTC+5:30"},
		{"a negative whole-hour offset", In(time.FixedZone("", -3*3600)), at(24, 9, 30), "05:30 UTC-3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.style.Time(tc.t, now); got != tc.want {
				t.Errorf("Time = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestRange(t *testing.T) {
	ber := berlin(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, ber)
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, ber) }
	h12 := Style{Zone: ber, Hour12: true}
	tests := []struct {
		name   string
		style  Style
		lo, hi time.Time
		want   string
	}{
		{"today", In(ber), at(24, 9, 30), at(24, 10, 15), "09:30–10:15 CET"},
		{"a point", In(ber), at(24, 9, 30), at(24, 9, 30).Add(40 * time.Second), "09:30 CET"},
		{"ends tomorrow", In(ber), at(24, 23, 30), at(25, 0, 30), "23:30–Wed 00:30 CET"},
		{"all tomorrow", In(ber), at(25, 10, 44), at(25, 20, 44), "Wed 10:44–20:44 CET"},
		{"12-hour", h12, at(24, 11, 30), at(24, 12, 15), "11:30 AM–12:15 PM CET"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.style.Range(tc.lo, tc.hi, now); got != tc.want {
				t.Errorf("Range = %q, want %q", got, tc.want)
			}
		})
	}
}

// On 29 March 2026 Berlin's clocks go from 02:00 CET to 03:00 CEST.
func TestAcrossDST(t *testing.T) {
	ber := berlin(t)
	now := time.Date(2026, 3, 29, 1, 0, 0, 0, ber)
	lo := time.Date(2026, 3, 29, 1, 30, 0, 0, ber)
	hi := lo.Add(time.Hour) // 03:30 CEST: one hour later, two on the clock
	s := In(ber)
	if got, want := s.Range(lo, hi, now), "01:30 CET–03:30 CEST"; got != want {
		t.Errorf("Range = %q, want %q", got, want)
	}
	if got, want := s.Time(hi, now), "03:30 CEST"; got != want {
		t.Errorf("Time = %q, want %q", got, want)
	}
	// 23 hours after 00:30 CET on the 29th is 00:30 CEST on the 30th: the next day.
	if got, want := s.Time(time.Date(2026, 3, 29, 0, 30, 0, 0, ber).Add(23*time.Hour), now), "Mon 00:30 CEST"; got != want {
		t.Errorf("Time = %q, want %q", got, want)
	}
	// 23:30 on the 28th is yesterday, though less than 24 hours before now.
	if got, want := s.Time(time.Date(2026, 3, 28, 23, 30, 0, 0, ber), now), "Sat 28 Mar 23:30 CET"; got != want {
		t.Errorf("Time = %q, want %q", got, want)
	}
}

func TestStamp(t *testing.T) {
	ber := berlin(t)
	at := time.Date(2026, 7, 1, 14, 5, 9, 0, time.UTC)
	if got, want := In(ber).Stamp(at), "2026-07-01 16:05:09 CEST"; got != want {
		t.Errorf("Stamp = %q, want %q", got, want)
	}
	if got, want := (Style{Zone: ber, Hour12: true}).Stamp(at), "2026-07-01 4:05:09 PM CEST"; got != want {
		t.Errorf("Stamp = %q, want %q", got, want)
	}
}

func TestNew(t *testing.T) {
	s, err := New("Europe/Berlin", "12h")
	if err != nil || s.Zone.String() != "Europe/Berlin" || !s.Hour12 {
		t.Errorf("New(Europe/Berlin, 12h) = %+v, %v", s, err)
	}
	if s, err := New("", ""); err != nil || s.Zone != nil || s.Hour12 {
		t.Errorf(`New("", "") = %+v, %v; want the machine's zone, 24h`, s, err)
	}
	for _, bad := range [][2]string{{"Europe/Berlinn", ""}, {"CET+1", ""}, {"Local", ""}, {"", "13h"}} {
		if _, err := New(bad[0], bad[1]); err == nil {
			t.Errorf("New(%q, %q) accepted", bad[0], bad[1])
		}
	}
}

func TestLocaleClock(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "en_US.UTF-8"}, "12h"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "24h"},
		{map[string]string{"LANG": "en_GB.UTF-8"}, "24h"},
		{map[string]string{"LANG": "C.UTF-8"}, "24h"},
		{map[string]string{}, "24h"},
		{map[string]string{"LANG": "fr_CA.UTF-8"}, "24h"},
		{map[string]string{"LANG": "en_CA.UTF-8"}, "12h"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, "24h"},
		{map[string]string{"LANG": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8"}, "12h"},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LC_TIME": "en_US.UTF-8"}, "24h"},
		{map[string]string{"LANG": "de_AT@euro"}, "24h"},
	}
	for _, tc := range tests {
		if got := LocaleClock(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("LocaleClock(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestWords(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Ago(0), "just now"},
		{Ago(59 * time.Second), "just now"},
		{Ago(42*time.Minute + 50*time.Second), "42 min ago"},
		{Ago(65 * time.Minute), "1 h 05 min ago"},
		{Span(35 * time.Second), "35 s"},
		{Span(-time.Second), "0 s"},
		{Span(time.Hour + 5*time.Minute), "1 h 05 min"},
		{Count(1, "note", "notes"), "1 note"},
		{Count(0, "note", "notes"), "0 notes"},
		{Count(3, "note", "notes"), "3 notes"},
		{Capital("sent message"), "Sent message"},
		{Capital(""), ""},
		{Capital("éa"), "éa"},
		{Capital("Held"), "Held"},
		{Times(1), "once"},
		{Times(2), "twice"},
		{Times(3), "3 times"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestDate(t *testing.T) {
	ber := berlin(t)
	late := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // already Tuesday in Berlin
	for _, tc := range []struct {
		style Style
		want  string
	}{
		{In(time.UTC), "Mon 30 Nov 2026"},
		{In(ber), "Tue 1 Dec 2026"},
	} {
		if got := tc.style.Date(late); got != tc.want {
			t.Errorf("Date in %v = %q, want %q", tc.style.Zone, got, tc.want)
		}
	}
}
