// Package testbus starts private D-Bus session buses for tests, so that no
// test ever reaches the developer's own desktop.
package testbus

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// Bus is a running private session bus.
type Bus struct {
	Address string // for DBUS_SESSION_BUS_ADDRESS
	cmd     *exec.Cmd
	once    sync.Once
}

// Start starts `dbus-daemon --session` with the environment env (nil:
// this process's; services the bus activates, such as dconf-service,
// inherit it) and stops it when the test ends.
func Start(t testing.TB, env []string) *Bus {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Fatal("dbus-daemon not found: run make deps")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b := &Bus{cmd: cmd}
	t.Cleanup(b.Stop)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v\n%s", err, stderr.String())
	}
	b.Address = strings.TrimSpace(line)
	return b
}

// Stop ends the bus, and with it every connection and activated service;
// it may be called more than once.
func (b *Bus) Stop() {
	b.once.Do(func() {
		_ = b.cmd.Process.Kill()
		_ = b.cmd.Wait()
	})
}
