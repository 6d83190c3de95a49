// Package timefmt writes times the way the person reading them reads them:
// in one named zone ("09:30 CET"), on a 12- or 24-hour clock, with the day
// when it is not the reader's today, and durations and counts in words.
// Stakeholder messages, the post-mortem, the CLI, the status page and the
// windows all format through it, so a time reads the same everywhere.
//
// It never reads the clock: every function that needs "now" takes it.
package timefmt

import (
	"fmt"
	"strings"
	"time"

	// Windows has no zoneinfo database of its own: timezone =
	// "Europe/Berlin" must load there too.
	_ "time/tzdata"
)

// Style is how one reader reads times: in which zone, on which clock.
type Style struct {
	Zone   *time.Location // nil: the machine's zone (time.Local)
	Hour12 bool           // "9:30 AM" rather than "09:30"
}

// In is the 24-hour style in loc.
func In(loc *time.Location) Style { return Style{Zone: loc} }

// New builds a style from the config's words: zone an IANA name ("" for
// the machine's), clock "12h", "24h" or "" (24-hour).
func New(zone, clock string) (Style, error) {
	var s Style
	if zone != "" {
		loc, err := LoadZone(zone)
		if err != nil {
			return Style{}, err
		}
		s.Zone = loc
	}
	h12, err := ParseClock(clock)
	if err != nil {
		return Style{}, err
	}
	s.Hour12 = h12
	return s, nil
}

// LoadZone loads an IANA zone by name, with an error that says what to write.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || strings.ContainsAny(name, " \t") {
		return nil, fmt.Errorf("%q is not a time zone; write an IANA name such as \"Europe/Berlin\" or \"UTC\"", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time zone; write an IANA name such as \"Europe/Berlin\" or \"UTC\"", name)
	}
	return loc, nil
}

// ParseClock reads "12h" or "24h" ("" is 24h) and reports whether it is 12h.
func ParseClock(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "12h":
		return true, nil
	case "24h", "":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a clock; write \"12h\" or \"24h\"", s)
}

// ClockName is "12h" or "24h", as the config spells it.
func (s Style) ClockName() string {
	if s.Hour12 {
		return "12h"
	}
	return "24h"
}

func (s Style) loc() *time.Location {
	if s.Zone == nil {
		return time.Local
	}
	return s.Zone
}

// Clock is the time of day alone: "09:30" or "9:30 AM". Use it only where
// the zone is said nearby (a list under a heading that names it).
func (s Style) Clock(t time.Time) string {
	if s.Hour12 {
		return t.In(s.loc()).Format("3:04 PM")
	}
	return t.In(s.loc()).Format("15:04")
}

// ClockSeconds is Clock to the second: "09:30:05" or "9:30:05 AM".
func (s Style) ClockSeconds(t time.Time) string {
	if s.Hour12 {
		return t.In(s.loc()).Format("3:04:05 PM")
	}
	return t.In(s.loc()).Format("15:04:05")
}

// ZoneName names t's zone as a reader knows it: "CET", "EST", "UTC", or
// "UTC+5:30" where the zone has no letters ("+0530" in the database).
func (s Style) ZoneName(t time.Time) string {
	name, offset := t.In(s.loc()).Zone()
	if name != "" && name[0] != '+' && name[0] != '-' {
		return name
	}
	if offset == 0 {
		return "UTC"
	}
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	h, m := offset/3600, offset%3600/60
	if m == 0 {
		return fmt.Sprintf("UTC%s%d", sign, h)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, h, m)
}

// Time is t as the reader reads it at now: "09:30 CET" today, "Tue 09:30
// CET" within the next six days, "Mon 23 Nov 09:30 CET" in the past or
// further ahead, with the year when it is not now's.
func (s Style) Time(t, now time.Time) string {
	return s.Day(t, now) + s.Clock(t) + " " + s.ZoneName(t)
}

// TimeNoZone is Time without the zone, for a list whose heading names it.
func (s Style) TimeNoZone(t, now time.Time) string { return s.Day(t, now) + s.Clock(t) }

// Day is what must precede t's clock time for a reader at now: "" today,
// "Tue " within the next six days, "Mon 23 Nov " otherwise (with the
// year when it is not now's: "Mon 23 Nov 2025 ").
func (s Style) Day(t, now time.Time) string {
	t, now = t.In(s.loc()), now.In(s.loc())
	switch days := calendarDay(t) - calendarDay(now); {
	case days == 0:
		return ""
	case days > 0 && days < 7:
		return t.Format("Mon ")
	case t.Year() != now.Year():
		return t.Format("Mon 2 Jan 2006 ")
	}
	return t.Format("Mon 2 Jan ")
}

// Range is a span of clock times read at now: "09:30–10:15 CET",
// "23:30–Wed 00:30 CET", "Wed 09:30 CET" when both ends fall in the same
// minute, and "01:30 CET–03:30 CEST" across a change of zone name (DST).
func (s Style) Range(lo, hi, now time.Time) string {
	lo, hi = lo.In(s.loc()), hi.In(s.loc())
	if lo.Truncate(time.Minute).Equal(hi.Truncate(time.Minute)) {
		return s.Time(lo, now)
	}
	first := s.TimeNoZone(lo, now)
	if zl, zh := s.ZoneName(lo), s.ZoneName(hi); zl != zh {
		first += " " + zl
	}
	last := s.Clock(hi)
	if calendarDay(lo) != calendarDay(hi) {
		last = s.TimeNoZone(hi, now)
	}
	return first + "–" + last + " " + s.ZoneName(hi)
}

// Date is t's date in the style's zone, for a heading over times that
// leave it out: "Mon 30 Nov 2026".
func (s Style) Date(t time.Time) string { return t.In(s.loc()).Format("Mon 2 Jan 2006") }

// Stamp is a full date and time for records: "2026-11-30 09:30:05 CET".
func (s Style) Stamp(t time.Time) string {
	return t.In(s.loc()).Format("2006-01-02 ") + s.ClockSeconds(t) + " " + s.ZoneName(t)
}

// calendarDay numbers t's date in its own location, so that subtracting two
// gives whole days regardless of DST.
func calendarDay(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}
