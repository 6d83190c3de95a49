//go:build unix

package cli

import (
	"context"
	"fmt"
	"os"
	"syscall"
)

// execGUI replaces this process with keepcool-gui, so whoever started
// `keepcool window` (the tray, a script) holds the window's own pid.
func execGUI(_ context.Context, gui string, args ...string) error {
	if err := syscall.Exec(gui, append([]string{gui}, args...), os.Environ()); err != nil {
		return fmt.Errorf("start %s: %w", gui, err)
	}
	return nil // not reached
}
