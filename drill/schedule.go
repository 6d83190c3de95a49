package drill

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is one [[drill]] table: remind the engineer to run Scenario at
// the times Spec names.
type Schedule struct {
	Spec     string // "0 10 * * TUE", "@weekly"
	Scenario string
	Line     int // of its [[drill]] header in config.toml
	cron     cron.Schedule
}

// ParseSchedule reads a cron spec: five fields (minute hour day-of-month
// month day-of-week) or a descriptor such as @weekly, @daily or
// "@every 168h", optionally led by CRON_TZ=Europe/Berlin. Without a zone
// its times are read in the zone of the clock Due is given.
func ParseSchedule(spec, scenario string) (Schedule, error) {
	spec = strings.TrimSpace(spec)
	c, err := cron.ParseStandard(spec)
	if err != nil {
		return Schedule{}, fmt.Errorf(`schedule = %q is not a cron spec (%v); write five fields, minute hour day month weekday, e.g. "0 10 * * TUE", or @weekly`, spec, err)
	}
	return Schedule{Spec: spec, Scenario: scenario, cron: c}, nil
}

// Key identifies a schedule in the drills log: its spec and scenario.
func (s Schedule) Key() string { return KeyOf(s.Spec, s.Scenario) }

// KeyOf is the drills log's key of a schedule's records: spec and scenario
// (spec "" for a drill started by hand).
func KeyOf(spec, scenario string) string { return spec + " " + scenario }

// Next is the schedule's first time after t, in t's zone (zero: none
// within five years, or an unparsed Schedule).
func (s Schedule) Next(t time.Time) time.Time {
	if s.cron == nil {
		return time.Time{}
	}
	return s.cron.Next(t)
}

// Reminder is one schedule due now.
type Reminder struct {
	Index int // in the schedules given to Due
	// Slot is the latest time the schedule named at or before now: the
	// one the reminder is for. Missed slots before it are not reminded.
	Slot time.Time
	// Arm: the schedule was never handled; nothing is reminded, but now
	// must be recorded so its next slot is.
	Arm bool
}

// maxCatchUp bounds the slots Due steps over to find the latest missed one.
const maxCatchUp = 10000

// Due says which schedules fall due at now, given when each was last
// handled (last, by Key; reminded, started, skipped or armed) — a pure
// function of its arguments. A schedule is due when its first slot after
// last is at or before now; however many slots were missed (a laptop
// asleep across two), it is due once, for the latest. A schedule never
// handled is armed, not reminded: a new [[drill]] starts counting when
// keepcool first sees it. Times are read in now's zone.
func Due(ss []Schedule, last map[string]time.Time, now time.Time) []Reminder {
	var out []Reminder
	for i, s := range ss {
		if s.cron == nil {
			continue
		}
		at, ok := last[s.Key()]
		if !ok || at.IsZero() {
			out = append(out, Reminder{Index: i, Arm: true})
			continue
		}
		slot := s.cron.Next(at.In(now.Location()))
		if slot.IsZero() || slot.After(now) {
			continue
		}
		for n := 0; n < maxCatchUp; n++ {
			next := s.cron.Next(slot)
			if next.IsZero() || next.After(now) {
				break
			}
			slot = next
		}
		out = append(out, Reminder{Index: i, Slot: slot})
	}
	return out
}

// NextDue is when s next falls due after last was handled: its first slot
// after last, or after now when it was never handled. A time at or before
// now means it is due.
func NextDue(s Schedule, last, now time.Time) time.Time {
	if last.IsZero() {
		return s.Next(now)
	}
	return s.Next(last.In(now.Location()))
}
