//go:build !unix

package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// execGUI runs keepcool-gui and waits for the window to close; without
// exec(2) this process stays as its parent.
func execGUI(ctx context.Context, gui string, args ...string) error {
	name := args[0]
	cmd := exec.CommandContext(ctx, gui, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("the %s window ended: %w", name, err)
	}
	return err
}
