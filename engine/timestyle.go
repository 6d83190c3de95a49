package engine

import (
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// timeStyleLocked is how people read the times the engine writes
// (messages, post-mortems, its log): the configured zone, else the one its
// clock runs in; the configured clock, which the caller resolves from the
// locale when unset (cli does, at load). Callers hold e.mu.
func (e *Engine) timeStyleLocked() timefmt.Style {
	in := e.opts.Config.Incident
	s := in.TimeStyle(func(string) string { return "" })
	if in.TimeZone == "" {
		s.Zone = e.now().Location()
	}
	return s
}

// TimeStyle is how people read the times the engine writes, as the config
// says now (a reload may change it): the tray, in the engine's process,
// writes its times so too.
func (e *Engine) TimeStyle() timefmt.Style {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.timeStyleLocked()
}

// parseEstimateLocked reads an estimate as the engineer wrote it: clock
// times ("until 3pm") in the zone every message names, not in the zone the
// engine's clock happens to run in. Callers hold e.mu.
func (e *Engine) parseEstimateLocked(eta string, now time.Time) (incident.Estimate, error) {
	return incident.ParseEstimate(eta, now.In(e.zoneLocked()))
}

// zoneLocked is the zone clock times are read in (estimates, --started,
// drill cron specs): the configured zone, else the engine clock's.
// Callers hold e.mu.
func (e *Engine) zoneLocked() *time.Location {
	if z := e.timeStyleLocked().Zone; z != nil {
		return z
	}
	return time.Local
}
