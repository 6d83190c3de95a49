//go:build linux

package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testbus"
	"github.com/keepcool/keepcool/internal/testproc"
	"github.com/keepcool/keepcool/notify/notifytest"
)

// `keepcool daemon` as wired: declaring confirms, every prompt and every
// holding message that went out replaces the incident's one notification
// (critical, with the app's icon), a note closes it, and with no display
// there is no action to offer; it goes when the daemon stops.
func TestDaemonNotifications(t *testing.T) {
	bus := testbus.Start(t, nil)
	srv := notifytest.Start(t, bus.Address, "body", "actions")
	home := t.TempDir()
	cfg := "[incident]\ncadence = \"1s\"\ngrace = \"1s\"\n[statuspage]\nlisten = \"off\"\n"
	if err := os.WriteFile(filepath.Join(home, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KEEPCOOL_HOME", home)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus.Address)
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")

	ctx, cancel := context.WithCancel(context.Background())
	var out testproc.Buffer
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"daemon"}, strings.NewReader(""), &out, &out) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the daemon did not stop")
		}
	}()
	cli := func(args ...string) {
		t.Helper()
		var o bytes.Buffer
		if code := Main(context.Background(), args, strings.NewReader(""), &o, &o); code != 0 {
			t.Fatalf("keepcool %v: exit %d: %s\ndaemon: %s", args, code, o.String(), out.String())
		}
	}
	poll.ForWithin(t, 20*time.Second, "the daemon to answer", func() bool {
		var o bytes.Buffer
		return Main(context.Background(), []string{"status"}, strings.NewReader(""), &o, &o) == 0
	})

	cli("start", "Checkout returns 500s", "--severity", "1")
	poll.ForWithin(t, 20*time.Second, "three prompts and two holding messages", func() bool {
		prompts, held := 0, 0
		for _, r := range srv.Received() {
			if strings.HasPrefix(r.Summary, "SEV1 update due") {
				prompts++
			}
			if strings.HasPrefix(r.Summary, "SEV1 update missed") && strings.HasPrefix(r.Body, "A holding message went out at ") {
				held++
			}
		}
		return prompts >= 3 && held >= 2
	})
	got := srv.Received()
	if !strings.HasPrefix(got[0].Summary, "Declared SEV1: Checkout returns 500s") {
		t.Fatalf("first notification %q, want the declaration's confirmation", got[0].Summary)
	}
	for _, r := range got {
		if r.ID != got[0].ID {
			t.Fatalf("notifications %d and %d for one incident", got[0].ID, r.ID)
		}
		if r.Urgency() != 2 || r.Icon != appID || r.Hint("desktop-entry") != appID || len(r.Actions) != 0 {
			t.Fatalf("notification %+v", r)
		}
	}
	if len(srv.Open()) != 1 {
		t.Fatalf("on screen: %v", srv.Open())
	}
	cli("note", "Rolled back deploy 412")
	poll.ForWithin(t, 20*time.Second, "the note to close the notification", func() bool { return len(srv.Open()) == 0 })
	if c := srv.Closed(); len(c) == 0 || c[0] != got[0].ID {
		t.Fatalf("closed %v", c)
	}

	// Quitting takes the open question away with keepcool.
	poll.ForWithin(t, 20*time.Second, "the next prompt", func() bool { return len(srv.Open()) == 1 })
	cancel()
	<-done
	done <- 0
	if open := srv.Open(); len(open) != 0 {
		t.Fatalf("still on screen after the daemon stopped: %v", open)
	}
}

// The daemon offers the notification's action only where a window can
// open: keepcool-gui found and a display.
func TestDaemonWindowsOnlyWhereTheyOpen(t *testing.T) {
	withGUI := t.TempDir()
	if err := os.WriteFile(filepath.Join(withGUI, "keepcool-gui"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, display, wayland string
		want                         bool
	}{
		{"gui and X", withGUI, ":0", "", true},
		{"gui and Wayland", withGUI, "", "wayland-0", true},
		{"gui, no display", withGUI, "", "", false},
		{"display, no gui", t.TempDir(), ":0", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("PATH", c.path)
			vars := map[string]string{"DISPLAY": c.display, "WAYLAND_DISPLAY": c.wayland}
			e := &env{stderr: &bytes.Buffer{}, getenv: func(k string) string { return vars[k] }}
			l := daemonWindows(e)
			if (l != nil) != c.want {
				t.Fatalf("daemonWindows = %v, want windows: %v", l, c.want)
			}
			if l != nil {
				l.Close(0)
			}
		})
	}
}
