package tray_test

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// The end-to-end test, as a desktop panel sees it: a click on
// "Incident mode…" over dbusmenu opens the Declare window, a title and
// Enter declare, and the incident shows in the CLI and on the item.
func TestDeclareFromThePanel(t *testing.T) {
	need(t, "xdotool")
	d := newDesktop(t, false)
	d.display = startXvfb(t)
	a := d.start()
	// A window left behind by a failing test holds keepcool's output pipe
	// open, and the cleanup that waits for keepcool would hang on it.
	t.Cleanup(func() {
		for _, pid := range windows(t, a.Cmd.Process.Pid, "declare") {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	p := d.panel(a)
	var shown string
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the item's title was %q", shown)
		}
	})
	poll.ForWithin(t, 10*time.Second, "the idle title", func() bool { shown = p.title(); return shown == "keepcool · no incident" })

	p.click("Incident mode…")
	win := d.xdotool(60*time.Second, "search", "--sync", "--onlyvisible", "--name", "keepcool — Declare an incident")
	win = strings.Fields(win)[0]
	// Xvfb runs no window manager (no _NET_ACTIVE_WINDOW to activate
	// with): give the window the input focus directly, so the keystrokes
	// land in the title entry the window focuses itself.
	d.xdotool(10*time.Second, "windowfocus", "--sync", win)
	const title = "Checkout returns 500s for EU customers"
	d.xdotool(30*time.Second, "type", "--window", win, "--delay", "20", title)
	d.xdotool(10*time.Second, "key", "--window", win, "Return")

	poll.ForWithin(t, 20*time.Second, "the incident in status --json", func() bool {
		st := d.status()
		return st.Incident != nil && st.Incident.Title == title
	})
	inc := d.status().Incident
	if inc.Severity != 2 || inc.Status != "investigating" || inc.Drill {
		t.Errorf("declared with the defaults? severity %d, status %q, drill %v", inc.Severity, inc.Status, inc.Drill)
	}
	poll.ForWithin(t, 10*time.Second, "the incident on the item", func() bool {
		return strings.HasPrefix(p.title(), "SEV2 · ") && strings.Contains(p.tooltip(), title+" · investigating")
	})
	poll.ForWithin(t, 10*time.Second, "the Declare window to close", func() bool { return len(windows(t, a.Cmd.Process.Pid, "declare")) == 0 })

	a.Cmd.Process.Signal(syscall.SIGTERM)
	a.exited(t, 10*time.Second)
}

// xdotool runs one xdotool command on the desktop's display.
func (d *desktop) xdotool(within time.Duration, args ...string) string {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xdotool", args...)
	cmd.Env = d.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
