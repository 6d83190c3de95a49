package tray_test

import (
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testproc"
	"github.com/keepcool/keepcool/notify/notifytest"
)

// In the tray process the incident has one notification: declaring
// confirms, the prompt replaces it, its Post update action opens the
// prompt window for the user (not quietly), and a note closes it.
func TestNotificationActionOpensThePrompt(t *testing.T) {
	d := newDesktop(t, true, "[incident]\ncadence = \"2s\"\ngrace = \"1h\"")
	srv := notifytest.Start(t, d.bus, "body", "actions")
	a := d.start()
	d.panel(a)
	d.cli("start", "Checkout returns 500s", "--eta", "30m-90m", "--severity", "1")

	prompt := onScreen(t, srv, "the prompt's notification", func(n notifytest.Notification) bool {
		return strings.HasPrefix(n.Summary, "SEV1 update due: Checkout returns 500s")
	})
	got := srv.Received()
	if !strings.HasPrefix(got[0].Summary, "Declared SEV1: Checkout returns 500s") {
		t.Errorf("first notification %q, want the declaration's confirmation", got[0].Summary)
	}
	if len(srv.Open()) != 1 || prompt.Urgency() != 2 || !slices.Contains(prompt.Actions, "Post update") || prompt.Icon != "io.keepcool.keepcool" {
		t.Fatalf("on screen %+v", srv.Open())
	}

	// The schedule opened the prompt quietly; the user closes it, then
	// picks the notification's action.
	pid := a.Cmd.Process.Pid
	poll.ForWithin(t, 20*time.Second, "the quiet prompt window", func() bool { return len(quietWindows(pid, "prompt")) == 1 })
	quiet := quietWindows(pid, "prompt")[0]
	syscall.Kill(quiet, syscall.SIGTERM)
	// Gone once keepcool has reaped it (a zombie still answers signal 0).
	poll.ForWithin(t, 10*time.Second, "the quiet prompt to close", func() bool { return syscall.Kill(quiet, 0) != nil })
	srv.Invoke(t, prompt.ID, "open")
	poll.ForWithin(t, 20*time.Second, "the prompt opened for the user", func() bool { return len(windows(t, pid, "prompt")) == 1 })

	d.cli("note", "Rolled back deploy 412")
	poll.ForWithin(t, 10*time.Second, "the note to close the notification", func() bool { return len(srv.Open()) == 0 })
	if c := srv.Closed(); !slices.Contains(c, prompt.ID) {
		t.Fatalf("closed %v, want %d among them", c, prompt.ID)
	}
	for _, n := range srv.Received()[1:] {
		if n.ID != got[0].ID {
			t.Fatalf("notification %d besides %d before the note: %+v", n.ID, got[0].ID, srv.Received())
		}
	}
	a.Cmd.Process.Signal(syscall.SIGTERM)
	a.exited(t, 10*time.Second)
}

// quietWindows are the pids of parent's `keepcool-gui NAME --quiet`.
func quietWindows(parent int, name string) []int {
	var pids []int
	for _, pid := range children(parent) {
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil {
			continue
		}
		if strings.HasSuffix(string(cmdline), "keepcool-gui\x00"+name+"\x00--quiet\x00") {
			pids = append(pids, pid)
		}
	}
	return pids
}

// `keepcool daemon` on a desktop (keepcool-gui beside it, a display)
// offers the action too, and opens the prompt with it.
func TestDaemonNotificationActionOpensThePrompt(t *testing.T) {
	d := newDesktop(t, true, "[incident]\ncadence = \"2s\"\ngrace = \"1h\"")
	srv := notifytest.Start(t, d.bus, "body", "actions")
	cmd := exec.Command(keepcoolBinary(t), "daemon")
	cmd.Env = d.env()
	p := testproc.Start(t, cmd)
	poll.ForWithin(t, 20*time.Second, "the daemon", func() bool { return strings.Contains(p.Output(), "ready:") })
	d.cli("start", "Checkout returns 500s", "--severity", "2")

	prompt := onScreen(t, srv, "the prompt's notification", func(n notifytest.Notification) bool {
		return strings.HasPrefix(n.Summary, "SEV2 update due") && slices.Contains(n.Actions, "Post update")
	})
	srv.Invoke(t, prompt.ID, "open")
	poll.ForWithin(t, 20*time.Second, "the prompt opened for the user", func() bool { return len(windows(t, p.Cmd.Process.Pid, "prompt")) == 1 })
	p.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.Done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the daemon ignored SIGTERM:\n%s", p.Output())
	}
	if len(srv.Open()) != 0 {
		t.Fatalf("the notification outlived the daemon: %+v", srv.Open())
	}
}
