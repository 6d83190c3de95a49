//go:build cgo

package app

import (
	"fmt"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// clock shows a time of day in loc, as stakeholders see it in messages.
func clock(t time.Time, loc *time.Location) string { return t.In(loc).Format("15:04") }

// span says how long something took in words a tired person reads at a
// glance: "42 min", "1 h 12 min", "3 h".
func span(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case d < time.Minute:
		return "under a minute"
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// fixRange is the estimate as a range of clock times: "10:00–11:00".
func fixRange(e api.Estimate, loc *time.Location) string {
	lo, hi := clock(e.MinAt, loc), clock(e.MaxAt, loc)
	if lo == hi {
		return "by " + hi
	}
	return lo + "–" + hi
}

// quickPick is one estimate a single click gives.
type quickPick struct {
	label, eta string
}

// quickPicks are the estimates most incidents start with.
func quickPicks() []quickPick {
	return []quickPick{{"15–30 min", "15m-30m"}, {"30–90 min", "30m-90m"}, {"1–3 h", "1h-3h"}}
}

// defaultETA is the quick pick a one-line declaration uses, as the CLI's.
const defaultETA = "30m-90m"

// defaultSeverity is what a one-line declaration gets, as the CLI's.
const defaultSeverity = 2
