//go:build cgo && linux

package app

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testproc"
)

// A window manager that dies leaves _NET_SUPPORTING_WM_CHECK on the root
// window; GLFW then aborted every window keepcool opened, the scheduled
// prompt included. Windows must still open.
func TestWindowsOpenAfterTheWindowManagerDied(t *testing.T) {
	needTools(t, "openbox", "xprop")
	x := newXSession(t)
	wm := x.background(x.command("openbox", "--sm-disable"))
	poll.Until(t, 10*time.Second, func() bool {
		out, _ := x.command("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").Output()
		return strings.Contains(string(out), "window id")
	}, "openbox never took the screen")
	wm.Process.Kill()
	wm.Wait()
	if out, _ := x.command("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").Output(); !strings.Contains(string(out), "window id") {
		t.Fatalf("openbox cleaned up after itself; nothing to test: %s", out)
	}
	x.daemon()
	win := testproc.Start(t, x.command(x.bin, "window", "timeline"))
	poll.UntilThen(t, 20*time.Second, func() bool {
		out, _ := x.command("xdotool", "search", "--onlyvisible", "--name", "^keepcool — Timeline$").Output()
		return strings.TrimSpace(string(out)) != ""
	}, func() string { return "the timeline window never showed; it said:\n" + win.Output() })
}
