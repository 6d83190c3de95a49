package tray_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/testproc"
	"github.com/keepcool/keepcool/tray"
)

// This file is the desktop the tests run keepcool on: the built binary, a
// real X server (Xvfb), a private session bus (dbus-daemon) and the CLI.

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// keepcoolBinary builds keepcool, and keepcool-gui next to it where the
// tray finds it, once per test run, with the race detector.
func keepcoolBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binary = filepath.Join(tray.BuildDir, "keepcool")
		for out, pkg := range map[string]string{binary: "github.com/keepcool/keepcool", binary + "-gui": "github.com/keepcool/keepcool/cmd/keepcool-gui"} {
			if msg, err := exec.Command("go", "build", "-race", "-o", out, pkg).CombinedOutput(); err != nil {
				buildErr = fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
				return
			}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

func need(t *testing.T, tool string) {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		t.Fatalf("%s not found: run make deps", tool)
	}
}

// startXvfb starts an X server on a display it picks itself (-displayfd:
// no race with other packages' tests starting theirs) that outlives its
// last client (-noreset: a window connecting while it resets would fail to
// open the display), and returns ":N".
func startXvfb(t *testing.T) string {
	t.Helper()
	need(t, "Xvfb")
	cmd := exec.Command("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		// SIGTERM: Xvfb then removes its lock and socket.
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	n, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("Xvfb printed no display number: %v", err)
	}
	return ":" + strings.TrimSpace(n)
}

// startBus starts a private session bus and returns its address.
func startBus(t *testing.T) string {
	t.Helper()
	need(t, "dbus-daemon")
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v", err)
	}
	return strings.TrimSpace(addr)
}

func connect(t *testing.T, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// desktop is one user's session: a home for keepcool, a display (or none)
// and a session bus that the test also talks on.
type desktop struct {
	t       *testing.T
	home    string
	display string
	bus     string
	conn    *dbus.Conn
}

func newDesktop(t *testing.T, withDisplay bool, configTOML ...string) *desktop {
	d := &desktop{t: t, home: t.TempDir(), bus: startBus(t)}
	if withDisplay {
		d.display = startXvfb(t)
	}
	d.conn = connect(t, d.bus)
	// Never the default port: a developer's own keepcool may hold it.
	cfg := strings.Join(configTOML, "\n") + "\n[statuspage]\nlisten = \"127.0.0.1:0\"\n"
	if err := os.WriteFile(filepath.Join(d.home, "config.toml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d *desktop) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "KEEPCOOL_HOME", "LANG":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DISPLAY="+d.display, "DBUS_SESSION_BUS_ADDRESS="+d.bus, "KEEPCOOL_HOME="+d.home, "LANG=C.UTF-8")
}

// cli runs a keepcool command to completion and fails the test unless it
// exits 0.
func (d *desktop) cli(args ...string) string {
	d.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, keepcoolBinary(d.t), args...)
	cmd.Env = d.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		d.t.Fatalf("keepcool %s: %v\nstdout: %s\nstderr: %s", strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

func (d *desktop) status() api.Status {
	d.t.Helper()
	var st api.Status
	if err := json.Unmarshal([]byte(d.cli("status", "--json")), &st); err != nil {
		d.t.Fatal(err)
	}
	return st
}

// app is a running `keepcool` (no arguments).
type app struct{ *testproc.Proc }

func (d *desktop) start() app {
	d.t.Helper()
	cmd := exec.Command(keepcoolBinary(d.t))
	cmd.Env = d.env()
	a := app{testproc.Start(d.t, cmd)}
	d.t.Cleanup(func() {
		for _, w := range children(a.Cmd.Process.Pid) {
			syscall.Kill(w, syscall.SIGKILL)
		}
		a.Kill()
		if d.t.Failed() {
			d.t.Logf("keepcool's output:\n%s", a.Output())
		}
	})
	return a
}

// exited waits for the app to end and checks it ended well.
func (a app) exited(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case <-a.Done:
	case <-time.After(within):
		t.Fatalf("keepcool still running %s later", within)
	}
	if code := a.Cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("keepcool exited with %d", code)
	}
	if out := a.Output(); strings.Contains(out, "DATA RACE") || strings.Contains(out, "panic") {
		t.Fatalf("keepcool's output:\n%s", out)
	}
}
