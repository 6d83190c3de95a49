//go:build cgo

package app

import (
	"os/exec"
	"testing"
	"time"
)

// A window the launcher tells to end while it is still starting ends:
// keepcool quitting at that moment must not leave a window behind it.
func TestWindowToldToQuitWhileStartingEnds(t *testing.T) {
	x := newXSession(t)
	writeConfig(t, x.home, "")
	x.daemon()
	for range 5 {
		cmd := x.command(x.bin+"-gui", "timeline")
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if _, err := in.Write([]byte("quit\n")); err != nil { // at once: the window is still starting
			t.Fatal(err)
		}
		waitEnded(t, waited(cmd), "the window told to quit as it started to end")
		in.Close()
	}
}

// A window whose launcher died (keepcool killed with -9: its end of the
// pipe closes) ends, as when keepcool quits: the next keepcool would
// otherwise open a second one beside it.
func TestWindowWhoseLauncherDiedEnds(t *testing.T) {
	x := newXSession(t)
	writeConfig(t, x.home, "")
	x.daemon()
	cmd := x.command(x.bin+"-gui", "timeline")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := waited(cmd)
	select {
	case <-done:
		t.Fatal("the window ended before its launcher did")
	case <-time.After(3 * time.Second): // up and showing
	}
	in.Close() // the launcher's end goes with its process
	waitEnded(t, done, "the window whose launcher died to end")
}

// waited is a channel that gets cmd's Wait result once it ends.
func waited(cmd *exec.Cmd) <-chan error {
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	return done
}

// waitEnded fails the test unless done delivers within 20 s.
func waitEnded(t *testing.T, done <-chan error, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out after 20s waiting for %s", what)
	}
}
