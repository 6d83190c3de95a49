package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/app/window"
)

// guiName is the binary that draws keepcool's windows. It is apart from
// keepcool so the engine and tray, in memory all day, don't carry fyne.
const guiName = "keepcool-gui"

// windowCmd opens one window: it becomes keepcool-gui (same process on
// Unix), which is what the tray starts directly.
func windowCmd(*env) *cobra.Command {
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
