package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// guiName is the binary that draws keepcool's windows. It is apart from
// keepcool so the engine and tray, in memory all day, don't carry fyne.
const guiName = "keepcool-gui"

// windowCmd opens one window: it becomes keepcool-gui (same process on
// Unix), which is what the tray starts directly.
func windowCmd(e *env) *cobra.Command {
	names := strings.Join(window.Names(), "|")
	var quiet bool
	c := &cobra.Command{
		Use:       "window " + names,
		Short:     "Open one keepcool window (" + names + ")",
		Example:   "  keepcool window declare\n  keepcool window prompt",
		ValidArgs: window.Names(),
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || !window.Valid(args[0]) {
				return usageError{fmt.Errorf("window takes one name: %s", names)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// The tray opens it when it runs: one window of a name at a
			// time, and it goes when keepcool quits.
			if opened, err := openThroughEngine(cmd.Context(), e, api.WindowRequest{Name: args[0], Quiet: quiet}); opened || err != nil {
				return err
			}
			gui, err := findGUI()
			if err != nil {
				return err
			}
			if quiet {
				args = append(args, window.QuietFlag)
			}
			return execGUI(cmd.Context(), gui, args...)
		},
	}
	c.Flags().BoolVar(&quiet, "quiet", false, "show the window without taking the keyboard (what the engine uses for a scheduled prompt)")
	return c
}

// openThroughEngine asks a running keepcool to open the window. It
// reports false, with no error, when none runs or it opens no windows (the
// daemon): then the caller opens the window itself.
func openThroughEngine(ctx context.Context, e *env, req api.WindowRequest) (bool, error) {
	c, err := e.client()
	if err != nil {
		return false, nil // the window itself says what is wrong
	}
	return askToOpen(ctx, c, req)
}

// windowOpener is the part of the engine's client askToOpen uses.
type windowOpener interface {
	OpenWindow(ctx context.Context, req api.WindowRequest) error
}

// askToOpen asks the engine behind c to open the window. Only an answer
// that no engine will open it lets the caller open it itself: none runs,
// it opens no windows (501, the daemon), or it predates POST /v1/window
// (an older engine's plain 404). Any other failure, above all one after
// the request went out (a timeout under load), may still end in the
// tray's launcher opening it, so opening it here could make a second
// window of the name: it is reported instead.
func askToOpen(ctx context.Context, c windowOpener, req api.WindowRequest) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	err := c.OpenWindow(ctx, req)
	var ae *client.APIError
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, client.ErrNotRunning), errors.As(err, &ae) && ae.Status == http.StatusNotImplemented, withoutWindowPath(err):
		return false, nil
	case errors.As(err, &ae):
		return false, err // e.g. the launcher could not start keepcool-gui: it says why
	}
	return false, fmt.Errorf("the running keepcool did not confirm the %s window opened (%w): it may still open; "+
		"if it does not, run keepcool window %s again", req.Name, err, req.Name)
}

// withoutWindowPath reports whether err is an engine's answer that it has
// no POST /v1/window: an engine older than the command answers the
// router's plain 404, a *client.StatusError (a JSON 404 is an *APIError,
// with words of its own).
func withoutWindowPath(err error) bool {
	var se *client.StatusError
	return errors.As(err, &se) && se.Status == http.StatusNotFound
}

// findGUI finds keepcool-gui next to this binary (an install or a build
// directory puts them side by side), else on PATH.
func findGUI() (string, error) {
	name := guiName
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if self, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(self); err == nil {
			self = real
		}
		p := filepath.Join(filepath.Dir(self), name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath(name)
	if err == nil {
		return p, nil
	}
	if errors.Is(err, exec.ErrNotFound) {
		return "", fmt.Errorf("%s is not installed next to keepcool or on PATH, so windows cannot open "+
			"(the CLI and tray still work): build both with `make build`, or install with `make install`", guiName)
	}
	return "", fmt.Errorf("find %s: %w", guiName, err)
}
