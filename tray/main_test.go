//go:build unix

package tray

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// TestMain lets the test binary stand in for `keepcool window NAME`: with
// KEEPCOOL_FAKE_WINDOW set it writes its pid to that directory, then waits
// to be closed (SIGTERM) or exits at once when NAME is "crash".
func TestMain(m *testing.M) {
	if dir := os.Getenv("KEEPCOOL_FAKE_WINDOW"); dir != "" {
		fakeWindow(dir, os.Args[len(os.Args)-1])
		return
	}
	dir, err := os.MkdirTemp("", "keepcool-tray-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	BuildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// BuildDir is where the desktop tests (package tray_test) build keepcool;
// it goes when the tests end.
var BuildDir string

func fakeWindow(dir, name string) {
	if name == "crash" {
		fmt.Fprintln(os.Stderr, "fake window: crashing")
		os.Exit(3)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	os.WriteFile(fmt.Sprintf("%s/%s-%d", dir, name, os.Getpid()), nil, 0o600)
	<-stop
	os.Exit(0)
}
