package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/tray"
)

// runTray is `keepcool` with no arguments: the engine with the tray icon in
// one process, or the daemon when no tray can show here. What a launcher
// runs (the menu entry, autostart, macOS's LaunchAgent) finding keepcool
// already running has nothing to do, so it says so and exits 0: an error
// would make launchd, which restarts the agent when it fails, start it
// again every ten seconds. `keepcool daemon` still fails then.
func runTray(ctx context.Context, e *env) error {
	err := trayOrDaemon(ctx, e)
	var running *engine.AlreadyRunningError
	if errors.As(err, &running) {
		fmt.Fprintf(e.stderr, "keepcool: %v: nothing to start (keepcool status says where things stand).\n", running)
		return nil
	}
	return err
}

func trayOrDaemon(ctx context.Context, e *env) error {
	if why := tray.Unavailable(e.getenv); why != "" {
		fmt.Fprintf(e.stdout, "keepcool: %s: running the engine without a tray icon, same as `keepcool daemon`.\n", why)
		return runDaemon(ctx, e)
	}
	windows, haveGUI, err := launcher(e)
	if err != nil {
		return err
	}
	defer windows.Close(3 * time.Second) // windows are clients of this engine: they go with it
	ready := make(chan string, 1)
	desk := newDesk(e, windows)
	eng, err := newEngine(e, func(o *engine.Options) {
		o.Prompter = windowPrompter{windows: windows, notify: desk}
		o.Drills = desk.drills
		if haveGUI { // without keepcool-gui the launcher runs `keepcool window`, which would ask back here
			o.Windows = windows // keepcool window NAME and the desktop entry's actions open through it
		}
		o.OnReady = func(statusPage string) { ready <- statusPage }
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	engineDone := make(chan error, 1)
	go func() { engineDone <- runEngine(ctx, e, eng); cancel() }()
	var statusPage string
	select {
	case statusPage = <-ready:
	case err := <-engineDone: // e.g. another engine runs: no icon flashes up
		return err
	}
	desk.follow(ctx, eng)
	opts := tray.Options{Engine: eng, Windows: windows, Log: e.stdout, AskBeforeQuit: haveGUI, Times: eng.TimeStyle}
	if statusPage != "" {
		opts.PageURL = eng.PageURL
	}
	trayErr := tray.Run(ctx, opts)
	cancel() // Quit in the menu ends the engine too
	err = errors.Join(<-engineDone, trayErr)
	desk.wait() // its notification's action would open nothing now
	return err
}

// windowPrompter opens the prompt window quietly (or, when the estimate ran
// out, the estimate window) and still shows the critical notification: a
// new window may open behind others, the notification shows through
// do-not-disturb, and its action opens the window for the user.
type windowPrompter struct {
	windows *tray.Launcher
	notify  engine.Prompter
}

func (p windowPrompter) Prompt(ctx context.Context, pr engine.Prompt) error {
	name := "prompt"
	if pr.Reason == incident.PromptEstimate {
		name = "estimate"
	}
	return errors.Join(p.windows.OpenQuietly(name), p.notify.Prompt(ctx, pr))
}

// launcher starts windows as keepcool-gui processes. Without keepcool-gui
// the tray still runs (the CLI does everything) and says once how to get
// windows; a click then goes through `keepcool window`, which logs why.
func launcher(e *env) (l *tray.Launcher, haveGUI bool, err error) {
	gui, err := findGUI()
	if err == nil {
		return tray.NewLauncher([]string{gui}, e.stderr), true, nil
	}
	fmt.Fprintf(e.stderr, "keepcool: %v\n", err)
	exe, err := os.Executable()
	if err != nil {
		return nil, false, fmt.Errorf("cannot find keepcool's own binary to open windows with: %w", err)
	}
	return tray.NewLauncher([]string{exe, "window"}, e.stderr), false, nil
}
