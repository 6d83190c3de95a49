package tray_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/testproc"
)

// With no DBUS_SESSION_BUS_ADDRESS, godbus (under fyne, systray, beeep,
// go-keyring) runs dbus-launch, whose `dbus-daemon --fork` outlives the
// program: none of keepcool's programs may leave one behind.
func TestNoSessionBusLeavesNoDaemon(t *testing.T) {
	need(t, "dbus-launch") // what would do the launching: without it the test proves nothing
	bin := keepcoolBinary(t)
	display := startXvfb(t)
	home := t.TempDir()
	// A keyring secret makes the engine ask the keyring (go-keyring) at start.
	cfg := "[incident]\ncadence = \"1s\"\n[statuspage]\nlisten = \"127.0.0.1:0\"\n" +
		"[[channel]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"keyring:keepcool-test-no-such-secret\"\n"
	if err := os.WriteFile(filepath.Join(home, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		display string
		args    []string
	}{
		{"tray", display, []string{bin}},
		{"daemon", "", []string{bin, "daemon"}},
		{"window", display, []string{bin + "-gui", "prompt"}},
		{"window settings", display, []string{bin + "-gui", "settings"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			marker := fmt.Sprintf("KEEPCOOL_TEST_MARK=%s-%d", c.name, time.Now().UnixNano())
			var env []string
			for _, kv := range os.Environ() {
				switch strings.SplitN(kv, "=", 2)[0] {
				case "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "KEEPCOOL_HOME", "LANG":
					continue
				}
				env = append(env, kv)
			}
			// An empty runtime dir: no $XDG_RUNTIME_DIR/bus to find either.
			env = append(env, marker, "DISPLAY="+c.display, "XDG_RUNTIME_DIR="+t.TempDir(), "KEEPCOOL_HOME="+home, "LANG=C.UTF-8")
			cmd := exec.Command(c.args[0], c.args[1:]...)
			cmd.Env = env
			p := testproc.Start(t, cmd)
			time.Sleep(3 * time.Second) // start, prompt (cadence 1s), open the window
			p.Cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-p.Done:
			case <-time.After(10 * time.Second):
				p.Kill()
			}
			if left := daemonsWith(marker); len(left) > 0 {
				for _, pid := range left {
					syscall.Kill(pid, syscall.SIGTERM)
				}
				t.Fatalf("%s left dbus-daemon %v running:\n%s", strings.Join(c.args, " "), left, p.Output())
			}
		})
	}
}

// daemonsWith are the dbus-daemon processes whose environment holds kv:
// those the program under test started (they inherit its environment).
func daemonsWith(kv string) []int {
	var pids []int
	for _, pid := range processes() {
		if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); strings.TrimSpace(string(comm)) != "dbus-daemon" {
			continue
		}
		environ, _ := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		for _, e := range strings.Split(string(environ), "\x00") {
			if e == kv {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}
