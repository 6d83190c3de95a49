package tray_test

import (
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// `keepcool window NAME`, what the desktop entry's actions run, opens the
// window through the running tray: the CLI returns at once (it used to
// become the window), a second call opens no second window, and the window
// goes when keepcool quits.
func TestWindowCommandOpensThroughTheTray(t *testing.T) {
	d := newDesktop(t, true)
	a := d.start()
	pid := a.Cmd.Process.Pid
	t.Cleanup(func() {
		for _, w := range windows(t, pid, "timeline") {
			syscall.Kill(w, syscall.SIGKILL)
		}
	})
	p := d.panel(a)
	poll.ForWithin(t, 10*time.Second, "the idle title", func() bool { return p.title() == "keepcool · no incident" })

	d.cli("window", "timeline") // fails the test if it does not return within 30 s
	poll.ForWithin(t, 20*time.Second, "the Timeline window, opened by the tray", func() bool { return len(windows(t, pid, "timeline")) == 1 })
	first := windows(t, pid, "timeline")[0]
	d.cli("window", "timeline")
	if got := windows(t, pid, "timeline"); len(got) != 1 || got[0] != first {
		t.Fatalf("after a second keepcool window timeline: windows %v, want only %d", got, first)
	}

	p.click("Quit")
	a.exited(t, 10*time.Second)
	poll.ForWithin(t, 20*time.Second, "the window to go with keepcool", func() bool {
		return syscall.Kill(first, 0) != nil
	})
}
