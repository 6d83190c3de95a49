package cli

import (
	"bufio"
	"context"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/incident"
)

// notifications is a stand-in for the desktop's notification daemon: it owns
// org.freedesktop.Notifications on a private session bus and records calls.
type notifications struct {
	mu    sync.Mutex
	calls []notifyCall
}

type notifyCall struct {
	app, summary, body string
	hints              map[string]dbus.Variant
}

func (n *notifications) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls = append(n.calls, notifyCall{app, summary, body, hints})
	return uint32(len(n.calls)), nil
}

func (n *notifications) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

// privateBus starts a dbus-daemon for this test only and points the session
// bus address at it.
func privateBus(t *testing.T) string {
	t.Helper()
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("dbus-daemon (make deps installs it): %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	addr = strings.TrimSpace(addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	return addr
}

// A prompt reaches the desktop as a critical-urgency notification, which
// notification daemons show even with do-not-disturb on.
func TestDesktopPromptIsCritical(t *testing.T) {
	addr := privateBus(t)
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	srv := &notifications{}
	if err := conn.Export(srv, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own the notifications name: %v %v", reply, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	promised := time.Date(2026, 11, 24, 9, 45, 0, 0, time.Local)
	err = desktopPrompter{}.Prompt(ctx, engine.Prompt{
		Reason: incident.PromptUpdate, Title: "Checkout returns 500s", Severity: 1, Promised: promised,
	})
	if err != nil {
		t.Fatalf("prompt: %v", err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.calls) != 1 {
		t.Fatalf("%d notifications, want 1", len(srv.calls))
	}
	c := srv.calls[0]
	if c.summary != "SEV1 update due: Checkout returns 500s" || !strings.Contains(c.body, "by 09:45") {
		t.Fatalf("notification %q / %q", c.summary, c.body)
	}
	if u, ok := c.hints["urgency"]; !ok || u.Value() != byte(2) {
		t.Fatalf("urgency hint %v, want critical (2)", c.hints["urgency"])
	}
}
