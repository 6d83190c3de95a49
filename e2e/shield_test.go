package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/focus/kde/kdetest"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testbus"
)

// The GNOME shield against the real gsettings and dconf on a private
// session bus: saved and changed on declare, still changed after a kill -9
// and restart mid-incident, back on resolve; and back at start when an
// earlier run died between resolve and restore.
func TestGnomeShieldAcrossCrashes(t *testing.T) {
	real, err := exec.LookPath("gsettings")
	if err != nil {
		t.Fatal("gsettings not found: run make deps")
	}
	dir := t.TempDir()
	// Whose settings change: dconf-service is started by the bus and takes
	// the bus's environment, so both get the private config dir.
	desk := []string{"XDG_CONFIG_HOME=" + dir + "/config", "XDG_RUNTIME_DIR=" + dir + "/run", "XDG_CACHE_HOME=" + dir + "/cache", "GSETTINGS_BACKEND=dconf"}
	os.MkdirAll(dir+"/run", 0o700)
	bus := testbus.Start(t, append(os.Environ(), desk...))
	// A gsettings that can be made to hang while putting banners back, to
	// stand for a keepcool that dies between resolve and restore.
	wrap := filepath.Join(dir, "bin")
	os.MkdirAll(wrap, 0o700)
	script := "#!/bin/sh\nif [ \"$1\" = set ] && [ \"$4\" = true ] && [ -e " + dir + "/block ]; then\n" +
		"  touch " + dir + "/blocked; while [ -e " + dir + "/block ]; do sleep 0.05; done; exit 1\nfi\nexec " + real + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(wrap, "gsettings"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	desk = append(desk, "DBUS_SESSION_BUS_ADDRESS="+bus.Address, "XDG_CURRENT_DESKTOP=ubuntu:GNOME", "PATH="+wrap+":"+os.Getenv("PATH"))
	banners := func(set ...string) string {
		t.Helper()
		args := append([]string{"get", "org.gnome.desktop.notifications", "show-banners"}, set...)
		if len(set) > 0 {
			args[0] = "set"
		}
		cmd := exec.Command(real, args...)
		cmd.Env = append(os.Environ(), desk...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("gsettings %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	banners("true")

	h := newHome(t, "")
	h.extra = desk
	shield := func() string {
		for _, s := range h.status().Shield {
			if s.Name == "gnome" {
				return s.State + " " + s.Error
			}
		}
		return "missing"
	}
	d := h.startDaemon()
	if got := shield(); got != "down " {
		t.Fatalf("gnome shield before the incident: %q\n%s", got, d.Output())
	}
	h.must("start", "Checkout returns 500s")
	poll.ForWithin(t, 10*time.Second, "banners off", func() bool { return banners() == "false" && shield() == "up " })
	if j := journals(t, h); !strings.Contains(j, `"kind":"shield_saved","data":{"backend":"gnome","saved":{"show_banners":true}}`) {
		t.Fatalf("the saved value is not in the journal:\n%s", j)
	}

	d.Kill()
	if banners() != "false" {
		t.Fatal("banners came back when keepcool was killed mid-incident")
	}
	d = h.startDaemon()
	poll.ForWithin(t, 10*time.Second, "the shield up again after the restart", func() bool { return shield() == "up " })
	if banners() != "false" {
		t.Fatal("banners on after the restart mid-incident")
	}
	h.must("resolve", "rolled back")
	poll.ForWithin(t, 10*time.Second, "banners back on after resolve", func() bool { return banners() == "true" })

	// The next incident's restore hangs; keepcool dies before it is done.
	h.must("start", "Search is slow")
	poll.ForWithin(t, 10*time.Second, "banners off", func() bool { return banners() == "false" })
	os.WriteFile(dir+"/block", nil, 0o600)
	h.must("resolve")
	poll.ForWithin(t, 10*time.Second, "the restore under way", func() bool { _, err := os.Stat(dir + "/blocked"); return err == nil })
	d.Kill()
	os.Remove(dir + "/block")
	if banners() != "false" {
		t.Fatal("banners on, yet the restore never finished")
	}
	d = h.startDaemon()
	poll.ForWithin(t, 10*time.Second, "banners put back at start", func() bool { return banners() == "true" })
	poll.ForWithin(t, 10*time.Second, "the mended restore journaled", func() bool {
		return strings.Contains(journals(t, h), `"kind":"shield_restored","data":{"backend":"gnome","reason":"start"}`)
	})
	d.stop(t)
}

// journals is every incident journal of the home, concatenated.
func journals(t *testing.T, h *home) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(h.dir, "state", "incidents", "*.jsonl"))
	var b strings.Builder
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(body)
	}
	return b.String()
}

// The KDE shield through the built binary, against a stand-in for Plasma
// on a private bus: the inhibition is keepcool's own connection's, ends on
// resolve, ends by itself when keepcool is killed, comes back when it
// restarts mid-incident, and ends with `keepcool quit --restore-shield`.
func TestKDEShieldThroughTheBinary(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	plasma := kdetest.StartPlasma(t, addr)
	holder := func() int { // the pid whose connection holds the one inhibition, 0 when none
		holds, _ := plasma.Snapshot()
		if len(holds) != 1 {
			return 0
		}
		var pid uint32
		if err := plasma.Conn.BusObject().Call("org.freedesktop.DBus.GetConnectionUnixProcessID", 0, holds[0].Sender).Store(&pid); err != nil {
			return 0
		}
		return int(pid)
	}
	released := func() bool { holds, _ := plasma.Snapshot(); return len(holds) == 0 }

	h := newHome(t, "")
	h.extra = []string{"DBUS_SESSION_BUS_ADDRESS=" + addr, "XDG_CURRENT_DESKTOP=KDE"}
	d := h.startDaemon()
	h.must("start", "Checkout returns 500s")
	poll.ForWithin(t, 10*time.Second, "keepcool holding the inhibition", func() bool { return holder() == d.Cmd.Process.Pid })
	h.must("resolve")
	poll.ForWithin(t, 10*time.Second, "the inhibition released on resolve", released)
	if _, byUninhibit := plasma.Snapshot(); byUninhibit != 1 {
		t.Fatalf("resolve released %d inhibitions by UnInhibit, want 1", byUninhibit)
	}

	h.must("start", "Search is slow")
	poll.ForWithin(t, 10*time.Second, "the inhibition taken again", func() bool { return holder() == d.Cmd.Process.Pid })
	d.Kill()
	poll.ForWithin(t, 10*time.Second, "the inhibition released when keepcool died", released)
	d = h.startDaemon()
	poll.ForWithin(t, 10*time.Second, "the inhibition back after the restart mid-incident", func() bool { return holder() == d.Cmd.Process.Pid })
	if st := h.status(); len(st.Shield) == 0 || st.Shield[0].Name != "kde" || st.Shield[0].State != "up" {
		t.Fatalf("status shield %+v, want kde up", st.Shield)
	}
	if out := h.must("quit", "--restore-shield"); !strings.Contains(out, "the focus shield is down (kde put back)") {
		t.Fatalf("keepcool quit --restore-shield said %q", out)
	}
	poll.ForWithin(t, 10*time.Second, "the inhibition released on quit", released)
	select {
	case <-d.Done:
	case <-time.After(10 * time.Second):
		t.Fatalf("the daemon still runs after keepcool quit:\n%s", d.Output())
	}
}
