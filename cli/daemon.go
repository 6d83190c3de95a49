package cli

import (
	"context"
	"errors"
	"fmt"
	"os/user"

	"github.com/gen2brain/beeep"
	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine"
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
	paths, err := e.paths()
	if err != nil {
		return err
	}
	cfg, err := config.Load(paths.ConfigFile)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintf(e.stderr, "keepcool: warning: %s\n", w)
	}
	beeep.AppName = "keepcool" // set once, before any prompt goroutine reads it
	eng, err := engine.New(engine.Options{
		Paths:    paths,
		Config:   cfg,
		Engineer: engineerName(e.getenv),
		Prompter: desktopPrompter{},
		Log:      e.stdout,
	})
	if err != nil {
		return err
	}
	err = eng.Run(ctx)
	var running *engine.AlreadyRunningError
	if errors.As(err, &running) {
		return fmt.Errorf("%w; use it (keepcool status), or stop it first", err)
	}
	return err
}

func engineerName(getenv func(string) string) string {
	if u, err := user.Current(); err == nil {
		if u.Name != "" {
			return u.Name
		}
		return u.Username
	}
	return getenv("USER")
}
