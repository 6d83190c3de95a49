//go:build cgo

package app

import (
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
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
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		ended := false
		poll.ForWithin(t, 20*time.Second, "the window told to quit as it started to end", func() bool {
			select {
			case <-done:
				ended = true
			default:
			}
			return ended
		})
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
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		t.Fatal("the window ended before its launcher did")
	case <-time.After(3 * time.Second): // up and showing
	}
	in.Close() // the launcher's end goes with its process
	ended := false
	poll.ForWithin(t, 20*time.Second, "the window whose launcher died to end", func() bool {
		select {
		case <-done:
			ended = true
		default:
		}
		return ended
	})
}
