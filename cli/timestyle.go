package cli

import (
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/timefmt"
)

// timeStyle is how the user reads times: the config's [incident] timezone
// and clock, else this machine's zone and the locale's clock.
func (e *env) timeStyle(in config.Incident) timefmt.Style {
	return in.TimeStyle(e.getenv)
}

// readerStyle is timeStyle from the config file, for commands that talk to
// the engine and print times; a config that does not load (the engine
// reports it) falls back to the machine's zone and the locale's clock.
func (e *env) readerStyle() timefmt.Style {
	var in config.Incident
	if p, err := e.paths(); err == nil {
		if cfg, err := config.Load(p.ConfigFile); err == nil {
			in = cfg.Incident
		}
	}
	return e.timeStyle(in)
}
