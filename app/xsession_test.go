//go:build cgo

package app

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// xsession is a private desktop for driving the real binary: an X server
// (Xvfb), a session bus and an unlocked gnome-keyring on it.
type xsession struct {
	t    *testing.T
	env  []string
	bin  string // the keepcool binary under test
	home string // KEEPCOOL_HOME
}

// needTools fails, never skips, when the machine lacks what the test drives.
func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run make deps", tool)
		}
	}
}

func newXSession(t *testing.T) *xsession {
	t.Helper()
	needTools(t, "Xvfb", "xdotool", "import", "dbus-daemon", "gnome-keyring-daemon", "secret-tool")
	home := t.TempDir()
	x := &xsession{t: t, home: filepath.Join(home, "keepcool"), env: append(os.Environ(), "HOME="+home, "XDG_RUNTIME_DIR="+home,
		"XDG_DATA_HOME="+home+"/data", "XDG_CONFIG_HOME="+home+"/config", "LANG=C.UTF-8", "FYNE_THEME=light",
		// A GNOME desk whose settings (dconf, on the private bus below) are
		// the test's own: the focus shield has something to show.
		"XDG_CURRENT_DESKTOP=GNOME", "GSETTINGS_BACKEND=dconf")}
	x.env = append(x.env, "KEEPCOOL_HOME="+x.home)
	if err := os.MkdirAll(x.home, 0o700); err != nil {
		t.Fatal(err)
	}
	// -noreset: by default Xvfb resets when its last client leaves, and a
	// window connecting during the reset fails to open the display.
	x.env = append(x.env, "DISPLAY=:"+x.firstLine("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"))
	x.env = append(x.env, "DBUS_SESSION_BUS_ADDRESS="+x.firstLine("dbus-daemon", "--session", "--nofork", "--print-address=1"))
	kr := x.command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	kr.Stdin = strings.NewReader("screenshot-login")
	x.background(kr)
	x.bin = filepath.Join(t.TempDir(), "keepcool")
	for out, pkg := range map[string]string{x.bin: ".", x.bin + "-gui": "./cmd/keepcool-gui"} {
		build := exec.Command("go", "build", "-o", out, pkg)
		build.Dir = ".."
		if msg, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
	}
	return x
}

func (x *xsession) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Env = x.env
	return cmd
}

// background starts cmd and stops it when the test ends.
func (x *xsession) background(cmd *exec.Cmd) *exec.Cmd {
	x.t.Helper()
	if err := cmd.Start(); err != nil {
		x.t.Fatalf("start %s: %v", cmd.Path, err)
	}
	x.t.Cleanup(func() {
		// SIGTERM first: Xvfb then removes its lock and socket, which a
		// kill leaves behind for every later run to step over.
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(3 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	return cmd
}

// firstLine starts a daemon in the background and returns the first line
// it prints: Xvfb's display number, dbus-daemon's address.
func (x *xsession) firstLine(name string, args ...string) string {
	x.t.Helper()
	cmd := x.command(name, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		x.t.Fatal(err)
	}
	x.background(cmd)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		x.t.Fatalf("%s printed nothing: %v", name, err)
	}
	return strings.TrimSpace(line)
}

// daemon starts the engine and waits until the CLI reaches it.
func (x *xsession) daemon(env ...string) *exec.Cmd {
	x.t.Helper()
	cmd := x.command(x.bin, "daemon")
	cmd.Env = append(cmd.Env, env...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	x.background(cmd)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if x.command(x.bin, "status").Run() == nil {
			return cmd
		}
	}
	x.t.Fatalf("the daemon never answered:\n%s", log.String())
	return nil
}

// stop ends a background process and waits for it.
func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
}

// storeSecret puts a secret in the session's keyring, as a user would.
func (x *xsession) storeSecret(name, value string) {
	x.t.Helper()
	var out []byte
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		cmd := x.command("secret-tool", "store", "--label=keepcool "+name, "service", "keepcool", "username", name)
		cmd.Stdin = strings.NewReader(value)
		if out, err = cmd.CombinedOutput(); err == nil {
			return
		}
	}
	x.t.Fatalf("secret-tool store (the keyring never came up): %v %s", err, out)
}

// window finds the mapped window titled exactly title, polling every
// 5 ms: xdotool's own --sync polls too slowly to time anything.
func (x *xsession) window(title string, timeout time.Duration) string {
	x.t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		out, _ := x.command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Output()
		if id := strings.TrimSpace(string(out)); id != "" {
			return strings.Fields(id)[0]
		}
	}
	x.t.Fatalf("no window %q within %v", title, timeout)
	return ""
}

// xdo runs one xdotool command.
func (x *xsession) xdo(args ...string) {
	x.t.Helper()
	if out, err := x.command("xdotool", args...).CombinedOutput(); err != nil {
		x.t.Fatalf("xdotool %s: %v %s", strings.Join(args, " "), err, out)
	}
}

// shoot saves a window's picture.
func (x *xsession) shoot(id, path string) {
	x.t.Helper()
	if out, err := x.command("import", "-window", id, path).CombinedOutput(); err != nil {
		x.t.Fatalf("import: %v %s", err, out)
	}
}
