package engine

import (
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// maxStartedBack bounds how long before its declaration an incident's
// trouble may have begun: further back is a typo, or not this incident.
const maxStartedBack = 7 * 24 * time.Hour

// maxClockBack bounds how far back a bare clock time may reach when it
// means yesterday: "23:40" said at 01:00 is last night, but "09:40" said
// at 09:00 is a typo far likelier than 23 hours to declare.
const maxClockBack = 12 * time.Hour

const startedForms = `give a clock time like 09:40, how long ago like 25m, or an RFC 3339 time like 2026-11-23T09:40:00+01:00`

// parseStartedLocked reads when the trouble began (api.StartRequest's
// StartedAt), as parseStarted does, in the zone the engine's times are
// read in. Callers hold e.mu.
func (e *Engine) parseStartedLocked(s string, now time.Time) (time.Time, error) {
	return parseStarted(s, now.In(e.zoneLocked()))
}

// parseStarted reads when the trouble began, said at now: "" (not said:
// the zero time), a clock time "09:40" or "9:40pm" (today in now's zone;
// yesterday when that is still to come, if at most 12 hours back), a duration "25m" or "1h30m"
// (that long ago), or an RFC 3339 time. It refuses a time after now, and
// one more than 7 days before it, saying how to write it instead.
func parseStarted(s string, now time.Time) (time.Time, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	if text == "" {
		return time.Time{}, nil
	}
	at, ok := startedClock(text, now)
	if ok && now.Sub(at) > maxClockBack {
		return time.Time{}, badRequest("--started %q: %s is still to come today, and yesterday's is %s ago; for a time that long ago, say how long ago (e.g. 25h) or give an RFC 3339 time like %s",
			s, strings.TrimSpace(s), timefmt.Span(now.Sub(at)), at.Format(time.RFC3339))
	}
	if !ok {
		if d, err := time.ParseDuration(text); err == nil && strings.IndexAny(text, "hms") > 0 {
			if d <= 0 {
				return time.Time{}, badRequest("--started %q: say how long ago the trouble began, e.g. 25m", s)
			}
			at, ok = now.Add(-d), true
		}
	}
	if !ok {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
		if err != nil {
			return time.Time{}, badRequest("--started %q is not understood: %s", s, startedForms)
		}
		at = t
	}
	switch {
	case at.After(now):
		return time.Time{}, badRequest("--started %q is in the future: the trouble began before you declared it; %s", s, startedForms)
	case now.Sub(at) > maxStartedBack:
		return time.Time{}, badRequest("--started %q is more than 7 days ago: give when this incident's trouble began, or leave --started out", s)
	}
	return at, nil
}

// startedClock reads "09:40", "9:40" or "9:40pm" as the latest such time
// not after now, in now's zone: today, else yesterday.
func startedClock(text string, now time.Time) (time.Time, bool) {
	at, ok := incident.WallClockOn(text, now, 0)
	if ok && at.After(now) {
		at, ok = incident.WallClockOn(text, now, -1)
	}
	return at, ok
}
