//go:build cgo

package app

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// openerWait is how long openWithDesktop waits for the opener to fail:
// one still running after it has started the editor (some wait for it).
const openerWait = 5 * time.Second

// openWithDesktop opens path with the desktop's own opener: xdg-open on
// Linux and the BSDs, open on macOS, the file-protocol handler on
// Windows. It reports the opener's failure (none installed, no
// application for the file), with what it said.
func openWithDesktop(ctx context.Context, path string) error {
	name, args := opener(runtime.GOOS, path)
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			if said := strings.TrimSpace(out.String()); said != "" {
				return fmt.Errorf("%s: %v: %s", name, err, said)
			}
			return fmt.Errorf("%s: %w", name, err)
		}
		return nil
	case <-time.After(openerWait):
		return nil // still running: it opened the file and waits on the editor; Wait reaps it
	case <-ctx.Done():
		return nil // as above, sooner: the window stopped waiting
	}
}

// opener is the command that opens path on goos.
func opener(goos, path string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{path}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", path}
	}
	return "xdg-open", []string{path}
}
