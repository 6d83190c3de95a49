// Package cli is keepcool's face: the cobra commands of the CLI contract in
// docs/ARCHITECTURE.md, and the wiring of the engine for `keepcool daemon`.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/buildinfo"
)

// Exit codes, part of the CLI contract.
const (
	ExitOK         = 0
	ExitError      = 1
	ExitUsage      = 2
	ExitNotRunning = 3
)

// usageError marks a mistake in how a command was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// bareUsage is a usageError whose message does not say what to do (cobra's
// flag errors, "expected no arguments"): Main points to --help after it.
type bareUsage struct{ err error }

func (b bareUsage) Error() string { return b.err.Error() }
func (b bareUsage) Unwrap() error { return usageError(b) }

// env is what every command needs: where things are and where to write.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func (e *env) paths() (config.Paths, error) { return config.Locate(e.getenv) }

func (e *env) client() (*client.Client, error) {
	p, err := e.paths()
	if err != nil {
		return nil, err
	}
	return client.New(p.Socket), nil
}

// status is the engine's client and its status, the start of every command
// that reads the incident before it acts.
func (e *env) status(ctx context.Context) (*client.Client, api.Status, error) {
	c, err := e.client()
	if err != nil {
		return nil, api.Status{}, err
	}
	st, err := c.Status(ctx)
	return c, st, err
}

// Main runs keepcool with args (without the program name) and returns the
// exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var we *client.WarningsError
	if errors.As(err, &we) {
		fmt.Fprintf(stderr, "keepcool: %s\n", refused(we))
		return ExitError
	}
	fmt.Fprintf(stderr, "keepcool: %v\n", err)
	if errors.Is(err, client.ErrMaybeRecorded) { // its key is kept: see uncertain
		fmt.Fprintln(stderr, "Running the same command again within an hour is safe: if it was recorded, it is not sent twice.")
		return ExitError
	}
	var ue usageError
	var ae *client.APIError
	var bare bareUsage
	switch {
	case errors.As(err, &ue), errors.As(err, &ae) && ae.IsUsage():
		if errors.As(err, &bare) { // the others already say what to do
			fmt.Fprintln(stderr, "Run 'keepcool --help' for usage.")
		}
		return ExitUsage
	case errors.Is(err, client.ErrNotRunning):
		return ExitNotRunning
	}
	return ExitError
}

// Command is the whole command tree, for generating the man page and the
// shell completions (packaging/gendocs); it runs nothing.
func Command() *cobra.Command {
	return newRoot(&env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "keepcool",
		Short: "Keeps stakeholders informed during an outage, so the engineer can fix it",
		Long: `keepcool declares an incident with an estimated fix range, prompts you for a
one-line progress note on a schedule, sends a holding message when a promised
update is missed, and writes a post-mortem when you resolve.

Run 'keepcool daemon' (or just 'keepcool') to start the engine; every other
command talks to it.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("unknown command %q: keepcool --help lists the commands", args[0])}
			}
			return nil
		},
		SilenceErrors: true,
		SilenceUsage:  true,
		Version:       buildinfo.Get().String("keepcool"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTray(cmd.Context(), e)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return bareUsage{err} })
	root.AddCommand(
		daemonCmd(e), startCmd(e), noteCmd(e), etaCmd(e), snoozeCmd(e), statusCmd(e),
		resolveCmd(e), exportCmd(e), historyCmd(e), channelsCmd(e), windowCmd(e), quitCmd(e),
	)
	root.AddCommand(runbookCmd(e))
	root.AddCommand(postmortemCmd(e))
	root.AddCommand(drillsCmd(e), drillCmd(e))
	root.AddCommand(linkCmd(e)) // cli/link.go
	return root
}

// args validators that report usage errors (exit 2).
func minArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("missing %s", what)}
		}
		return nil
	}
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		switch {
		case len(args) != n && n == 0:
			return bareUsage{fmt.Errorf("expected %s", what)}
		case len(args) != n:
			return usageError{fmt.Errorf("expected %s", what)}
		}
		return nil
	}
}

func maxArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > n {
			return usageError{fmt.Errorf("expected %s", what)}
		}
		return nil
	}
}

// joined lets users skip the quotes: keepcool note rolled back deploy 412.
func joined(args []string) string { return strings.Join(args, " ") }
