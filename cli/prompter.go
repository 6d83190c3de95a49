package cli

import (
	"context"
	"sync"

	"github.com/keepcool/keepcool/alerts"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/tray"
)

// appID names keepcool to the desktop: the installed icon and launcher
// entry (packaging/, make install).
const appID = "io.keepcool.keepcool"

// desk is the incident's desktop notification (package alerts) as the
// engine's Prompter, plus the goroutine that follows the engine.
type desk struct {
	*alerts.Alerts
	drills    *alerts.Drills // scheduled drills' reminders, scenarios' messages (engine.Options.Drills)
	following sync.WaitGroup
}

// newDesk shows notifications on this session's desktop. windows opens
// the prompt from the notification's action; nil offers no action.
func newDesk(e *env, windows alerts.Windows) *desk {
	d := notify.New(notify.Options{App: "keepcool", Icon: appID, DesktopEntry: appID})
	dd := notify.New(notify.Options{App: "keepcool", Icon: appID, DesktopEntry: appID}) // its own events: Alerts reads d's
	return &desk{Alerts: alerts.New(alerts.Options{Desktop: d, Windows: windows, Log: e.stderr, Times: e.readerStyle()}),
		drills: alerts.NewDrills(alerts.Options{Desktop: dd, Windows: windows, Log: e.stderr})}
}

// follow watches eng until ctx ends; call it once eng's API answers.
func (d *desk) follow(ctx context.Context, eng alerts.Engine) {
	d.following.Add(1)
	go func() {
		defer d.following.Done()
		d.Watch(ctx, eng)
	}()
	if de, ok := eng.(alerts.DrillEngine); ok {
		d.following.Add(1)
		go func() { defer d.following.Done(); d.drills.Watch(ctx, de) }()
	}
}

// wait returns once the notification is closed, after ctx ended.
func (d *desk) wait() { d.following.Wait() }

// daemonWindows is what `keepcool daemon` opens the prompt with when the
// user picks the notification's action: only where windows can open
// (keepcool-gui found, a display); otherwise nil, and no action is offered.
func daemonWindows(e *env) *tray.Launcher {
	if e.getenv("DISPLAY") == "" && e.getenv("WAYLAND_DISPLAY") == "" {
		return nil
	}
	gui, err := findGUI()
	if err != nil {
		return nil
	}
	return tray.NewLauncher([]string{gui}, e.stderr)
}
