// Package desktopopen opens a file or a URL with the desktop's own
// opener: xdg-open on Linux and the BSDs, open on macOS, the
// file-protocol handler on Windows. The app and the tray both use it.
package desktopopen

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// Wait is how long Open waits for the opener to fail: one still running
// after it has started the application (some wait for it) succeeded.
const Wait = 5 * time.Second

// Command is the command that opens target on goos.
func Command(goos, target string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{target}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", target}
	}
	return "xdg-open", []string{target}
}

// Start opens target without waiting for the opener: it hands target
// over and exits, reaped in the background. Only a missing opener fails.
func Start(target string) error {
	name, args := Command(runtime.GOOS, target)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

// Open opens target and reports the opener's failure (none installed, no
// application for the file) with what it said. It waits for the opener
// up to Wait, or until ctx is done: one still running then opened target
// and waits on the application (Wait reaps it).
func Open(ctx context.Context, target string) error {
	name, args := Command(runtime.GOOS, target)
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
	case <-time.After(Wait):
		return nil
	case <-ctx.Done():
		return nil // as above, sooner: the caller stopped waiting
	}
}
