package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/godbus/dbus/v5"
)

// desktop is an X server, a session bus, a tray host and a notification
// daemon, all private to this run.
type desktop struct {
	dir     string
	env     []string
	daemons []*exec.Cmd
	procs   []*exec.Cmd
	conn    *dbus.Conn
	log     *os.File
}

func (d *desktop) start() error {
	for _, tool := range []string{"Xvfb", "dbus-daemon", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s not found: run make deps", tool)
		}
	}
	var err error
	if d.log, err = os.Create(filepath.Join(d.dir, "apps.log")); err != nil {
		return err
	}
	d.env = append(os.Environ(), "LANG=C.UTF-8", "XDG_CONFIG_HOME="+d.dir+"/config", "XDG_DATA_HOME="+d.dir+"/data", "XDG_CACHE_HOME="+d.dir+"/cache")
	display, err := d.daemon("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	if err != nil {
		return err
	}
	bus, err := d.daemon("dbus-daemon", "--session", "--nofork", "--print-address=1")
	if err != nil {
		return err
	}
	d.env = append(d.env, "DISPLAY=:"+display, "DBUS_SESSION_BUS_ADDRESS="+bus)
	if d.conn, err = dbus.Connect(bus); err != nil {
		return err
	}
	if err := d.conn.Export(watcher{}, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		return err
	}
	if err := d.conn.Export(&notifier{}, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		return err
	}
	for _, name := range []string{"org.kde.StatusNotifierWatcher", "org.freedesktop.Notifications"} {
		if reply, err := d.conn.RequestName(name, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
			return fmt.Errorf("own %s: %v %v", name, reply, err)
		}
	}
	return nil
}

// daemon starts a server that prints its address on its first line.
func (d *desktop) daemon(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	d.daemons = append(d.daemons, cmd)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("%s printed no address: %w", name, err)
	}
	return strings.TrimSpace(line), nil
}

func (d *desktop) command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Env = slices.Clone(d.env)
	return c
}

func (d *desktop) stop() {
	for _, c := range append(d.procs, d.daemons...) {
		if c.Process != nil {
			c.Process.Kill()
			c.Wait()
		}
	}
	if d.conn != nil {
		d.conn.Close()
	}
}

// waitItem waits until the process's StatusNotifierItem answers, as a
// panel would see it.
func (d *desktop) waitItem(pid int) error {
	name := fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if _, err := d.conn.Object(name, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.Title"); err == nil {
			return nil
		}
	}
	return errors.New("its tray item never appeared on the session bus")
}

// visible is the id of the visible window with exactly this title, "" if none.
func (d *desktop) visible(title string) string {
	out, _ := d.command("xdotool", "search", "--onlyvisible", "--name", "^"+title+"$").Output()
	return strings.TrimSpace(string(out))
}

// waitWindow polls every 5 ms until a window with title is visible and
// returns when it saw it.
func (d *desktop) waitWindow(title string, timeout time.Duration) (string, time.Time, error) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if id := d.visible(title); id != "" {
			return id, time.Now(), nil
		}
	}
	return "", time.Time{}, fmt.Errorf("no window %q after %s (log: %s)", title, timeout, d.log.Name())
}

// closeWindow ends the window's process and waits until it is gone.
func (d *desktop) closeWindow(id, title string) error {
	out, err := d.command("xdotool", "getwindowpid", id).Output()
	if err != nil {
		return fmt.Errorf("pid of window %s: %w", id, err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return err
	}
	if p, err := os.FindProcess(pid); err == nil {
		p.Signal(os.Interrupt)
	}
	for deadline := time.Now().Add(10 * time.Second); d.visible(title) != ""; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("window %q still there 10 s after SIGINT", title)
		}
	}
	time.Sleep(300 * time.Millisecond) // let the launcher reap it before the next one
	return nil
}

// watcher is the tray host: it accepts every item.
type watcher struct{}

func (watcher) RegisterStatusNotifierItem(string) *dbus.Error { return nil }

// notifier is the notification daemon: it shows nothing.
type notifier struct{ id atomic.Uint32 }

func (n *notifier) Notify(string, uint32, string, string, string, []string, map[string]dbus.Variant, int32) (uint32, *dbus.Error) {
	return n.id.Add(1), nil
}

func (*notifier) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (*notifier) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "bench", "keepcool", "1", "1.2", nil
}
