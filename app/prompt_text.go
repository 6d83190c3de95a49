//go:build cgo

package app

import (
	"strconv"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// What the prompt says, as pure functions of the incident and the clock.

// lastNote says what stakeholders heard last.
func lastNote(inc api.Incident, when func(time.Time) string) string {
	if n := len(inc.Notes); n > 0 {
		last := inc.Notes[n-1]
		text := oneLine(last.Text)
		switch last.Kind {
		case "no-change":
			text = "no change"
		case "holding":
			return "Last update " + when(last.At) + ": keepcool sent a holding message for you"
		}
		return "Last update " + when(last.At) + ": " + text
	}
	return "No update yet since it was declared at " + when(inc.DeclaredAt)
}

// promiseText says what stakeholders were promised and what happens next:
// "A holding message went out at 05:02. Next update promised by 05:17."
func promiseText(inc api.Incident, now time.Time, when func(time.Time) string, fixRange string) (text string, late bool) {
	fix := "Fix expected " + fixRange + "."
	if inc.NextUpdateDue == nil {
		return fix, false
	}
	due := *inc.NextUpdateDue
	if n := len(inc.Notes); n > 0 && inc.Notes[n-1].Kind == "holding" {
		text = "A holding message went out at " + when(inc.Notes[n-1].At) + ". Next update promised by " + when(due)
	} else {
		text = "Stakeholders were promised an update by " + when(due)
	}
	late = now.After(due)
	switch {
	case late:
		text += ", " + span(now.Sub(due)) + " ago."
	case due.Sub(now) >= time.Minute:
		text += " (in " + span(due.Sub(now)) + ")."
	default:
		text += "."
	}
	return text + " " + fix, late
}

// snoozeLabel is "10 minutes", and when that runs past the point where
// the engine sends a holding message, says so.
func snoozeLabel(inc api.Incident, now time.Time, d time.Duration, when func(time.Time) string) string {
	label := strconv.Itoa(int(d/time.Minute)) + " minutes"
	if at := inc.HoldingAt; at != nil && !now.Add(d).Before(*at) {
		label = strconv.Itoa(int(d/time.Minute)) + " min — holding message at " + when(*at) // as the tray says it; short enough for the window
	}
	return label
}
