package tray

import (
	"io"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// Engine is what the tray needs of the engine; *engine.Engine has it.
type Engine interface {
	Status() api.Status
	Subscribe() (changes <-chan struct{}, cancel func())
	SetStatus(api.StatusRequest) (incident.State, error)
	Snooze(api.SnoozeRequest) (incident.State, error)
}

// Windows opens keepcool's windows by name; *Launcher does.
type Windows interface {
	Open(name string) error
}

// Options configure the tray. Engine and Windows are required.
type Options struct {
	Engine  Engine
	Windows Windows
	// PageURL is the status page's address with its token, asked at each
	// click (a reload may rotate the token); nil when the page is off: its
	// item is disabled. *engine.Engine's PageURL.
	PageURL      func() string
	OpenURL      func(string) error // nil: OpenURL
	Now          func() time.Time   // nil: time.Now
	OverdueAfter time.Duration      // 0: a minute past the promised time
	Log          io.Writer          // what the user should read; nil: discarded
	// Times is how the user reads times, asked at every redraw (a reload
	// of the config may change it): *engine.Engine's TimeStyle. nil: the
	// machine's zone, 24-hour.
	Times func() timefmt.Style
	// AskBeforeQuit opens the quit window when Quit is picked mid-incident;
	// false (no windows can open) quits at once, keeping the shield up.
	AskBeforeQuit bool
}
