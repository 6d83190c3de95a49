//go:build cgo

package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

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

// ago says how long ago: "just now", "42 min ago".
func ago(d time.Duration) string { return timefmt.Ago(d) }

// style is how the windows write times: the config's [incident] timezone
// and clock, else the zone of the windows' clock (the machine's; a fixed
// one in tests) and the locale's clock.
func (d *deps) style() timefmt.Style {
	d.styleOnce.Do(func() { d.ts = d.loadStyle() }) // a window lives minutes: read the config once
	ts := d.ts
	if d.zoneFromClock {
		ts.Zone = d.now().Location()
	}
	return ts
}

func (d *deps) loadStyle() timefmt.Style {
	var in config.Incident
	if cfg, err := config.Load(d.configFile); err == nil {
		in = cfg.Incident
	}
	getenv := d.getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	d.zoneFromClock = in.TimeZone == ""
	return in.TimeStyle(getenv)
}

// when is t as the user reads it now: "09:30 CET", "9:30 AM EST", with the
// day when not today ("Tue 10:44 CET").
func (d *deps) when(t time.Time) string { return d.style().Time(t, d.now()) }

// fixRangeNow is fixRange as the user reads it now: in their zone and
// clock, each end with its day when not today.
func (d *deps) fixRangeNow(e api.Estimate) string { return estimateText(e, d.style(), d.now()) }

func estimateText(e api.Estimate, ts timefmt.Style, now time.Time) string {
	s := incident.Estimate{MinAt: e.MinAt, MaxAt: e.MaxAt}.Text(ts, now)
	if !strings.ContainsRune(s, '–') {
		return "by " + s
	}
	return s
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
