//go:build unix

package tray

import (
	"bufio"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/keepcool/keepcool/app/window"
)

// TestMain lets the test binary stand in for `keepcool window NAME`: with
// KEEPCOOL_FAKE_WINDOW set it writes its pid to that directory, then waits
// to be closed (SIGTERM) or exits at once when NAME is "crash".
func TestMain(m *testing.M) {
	if dir := os.Getenv("KEEPCOOL_FAKE_WINDOW"); dir != "" {
		args := os.Args[1:]
		quiet := args[len(args)-1] == window.QuietFlag
		if quiet {
			args = args[:len(args)-1]
		}
		fakeWindow(dir, args[len(args)-1], quiet)
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

func fakeWindow(dir, name string, quiet bool) {
	if name == "crash" {
		fmt.Fprintln(os.Stderr, "fake window: crashing")
		os.Exit(3)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	file := fmt.Sprintf("%s/%s-%d", dir, name, os.Getpid())
	record := func(line string) {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err == nil {
			fmt.Fprintln(f, line)
			f.Close()
		}
	}
	if quiet {
		record("quiet")
	} else {
		record("opened")
	}
	go func() { // what the launcher asks of an open window, as app reads it
		lines := bufio.NewScanner(os.Stdin)
		for lines.Scan() {
			record(lines.Text())
			if lines.Text() == QuitLine && name != "unsent" { // "unsent" holds a note nobody sent: it stays
				os.Exit(0)
			}
		}
	}()
	<-stop
	os.Exit(0)
}
