package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/alerts"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/updates/statuspage"
)

func daemonCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "daemon",
		Short: "Run the engine without a GUI, in the foreground (servers, SSH, tests)",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDaemon(cmd.Context(), e)
		},
	}
}

func runDaemon(ctx context.Context, e *env) error {
	var windows alerts.Windows // nil, not a nil *Launcher: no action offered
	if l := daemonWindows(e); l != nil {
		defer l.Close(3 * time.Second)
		windows = l
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	desk := newDesk(e, windows)
	defer desk.wait() // after cancel: the notification closes with the engine
	defer cancel()
	var eng *engine.Engine
	eng, err := newEngine(e, func(o *engine.Options) {
		o.Prompter = desk
		o.Drills = desk.drills
		o.OnReady = func(string) { desk.follow(ctx, eng) }
	})
	if err != nil {
		return err
	}
	return runEngine(ctx, e, eng)
}

// newEngine wires the engine as `keepcool daemon` runs it: config,
// channels, status page. tune, when set, adjusts the options last (the
// prompter: desktop notifications, and the tray's windows).
func newEngine(e *env, tune func(*engine.Options)) (*engine.Engine, error) {
	paths, err := e.paths()
	if err != nil {
		return nil, err
	}
	sec := config.Secrets{Getenv: e.getenv}
	hc := &http.Client{Timeout: time.Minute} // each try also has the outbox's own deadline
	load := func() (config.Config, []engine.Registered, error) {
		cfg, err := config.Load(paths.ConfigFile)
		if err != nil {
			return cfg, nil, err
		}
		cfg.Incident.Clock = e.timeStyle(cfg.Incident).ClockName() // the locale's, when unset
		if cfg.StatusPage.Token, err = sec.Resolve(cfg.StatusPage.Token); err != nil {
			return cfg, nil, fmt.Errorf("%s: statuspage token: %w", filepath.Base(paths.ConfigFile), err)
		}
		chans, warnings := buildChannels(cfg, filepath.Dir(paths.ConfigFile), sec, hc)
		for _, w := range append(cfg.Warnings, warnings...) {
			fmt.Fprintf(e.stderr, "keepcool: warning: %s\n", w)
		}
		return cfg, chans, nil
	}
	cfg, chans, err := load()
	if err != nil {
		return nil, err
	}
	shield, unavailable := shieldBackends(context.Background(), cfg.Focus, e.getenv, sec)
	opts := engine.Options{
		Shield:            shield,
		ShieldUnavailable: unavailable,
		Paths:             paths,
		Config:            cfg,
		Engineer:          engineerName(e.getenv),
		Log:               e.stdout,
		Channels:          chans,
		StatusPage:        statuspage.New("statuspage", time.Now),
		Reload:            load,
	}
	if tune != nil {
		tune(&opts)
	}
	return engine.New(opts)
}

// runEngine runs eng in the foreground until ctx ends, reloading the
// config on SIGHUP.
func runEngine(ctx context.Context, e *env, eng *engine.Engine) error {
	reloadOnHangup(ctx, eng, e)
	err := eng.Run(ctx)
	var running *engine.AlreadyRunningError
	if errors.As(err, &running) {
		return fmt.Errorf("%w; use it (keepcool status), or stop it first with keepcool quit", err)
	}
	return err
}

// engineerName is who declares, when [incident] engineer is unset: the
// account's full name, else its login, else $USER.
func engineerName(getenv func(string) string) string {
	if u, err := user.Current(); err == nil {
		if u.Name != "" {
			return clipName(u.Name)
		}
		return clipName(u.Username)
	}
	return clipName(getenv("USER"))
}

// clipName keeps a name from the system to at most config.MaxEngineer
// characters: it goes into every message.
func clipName(name string) string {
	name = strings.TrimSpace(name)
	if r := []rune(name); len(r) > config.MaxEngineer {
		name = string(r[:config.MaxEngineer])
	}
	return name
}

// reloadOnHangup re-reads the config on SIGHUP, the daemon convention.
func reloadOnHangup(ctx context.Context, eng *engine.Engine, e *env) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := eng.Reload(); err != nil {
					fmt.Fprintf(e.stderr, "keepcool: config not reloaded: %v\n", err)
				}
			}
		}
	}()
}
