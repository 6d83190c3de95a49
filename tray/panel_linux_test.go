package tray_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/keepcool/keepcool/internal/poll"
)

// panel is a desktop panel's view of keepcool's StatusNotifierItem: the
// same D-Bus calls Plasma or the GNOME AppIndicator extension make.
type panel struct {
	t    *testing.T
	conn *dbus.Conn
	name string // org.kde.StatusNotifierItem-PID-1
}

func (d *desktop) panel(a app) *panel {
	d.t.Helper()
	p := &panel{t: d.t, conn: d.conn, name: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", a.Cmd.Process.Pid)}
	// systray takes the name a moment before it exports the item's
	// properties; a panel retries too, so wait until they answer.
	poll.ForWithin(d.t, 30*time.Second, p.name+" on the session bus", func() bool {
		if p.owner() == "" {
			return false
		}
		_, err := p.conn.Object(p.name, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.Title")
		return err == nil
	})
	return p
}

// owner is the unique name of the connection that serves the item.
func (p *panel) owner() string {
	var owner string
	p.conn.BusObject().Call("org.freedesktop.DBus.GetNameOwner", 0, p.name).Store(&owner)
	return owner
}

// entry is one menu item as com.canonical.dbusmenu describes it.
type entry struct {
	id               int32
	label            string
	visible, enabled bool
	ticked           bool
}

// menu reads the whole layout and indexes it by label.
func (p *panel) menu() map[string]entry {
	p.t.Helper()
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	call := p.conn.Object(p.name, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if err := call.Store(&rev, &root); err != nil {
		p.t.Fatalf("GetLayout: %v", err)
	}
	out := map[string]entry{}
	collect(root.Children, out)
	return out
}

func collect(children []dbus.Variant, out map[string]entry) {
	for _, c := range children {
		node := c.Value().([]any) // (id, properties, children)
		props := node[1].(map[string]dbus.Variant)
		e := entry{id: node[0].(int32), visible: true, enabled: true}
		if v, ok := props["label"]; ok {
			e.label = v.Value().(string)
		}
		if v, ok := props["visible"]; ok {
			e.visible = v.Value().(bool)
		}
		if v, ok := props["enabled"]; ok {
			e.enabled = v.Value().(bool)
		}
		if v, ok := props["toggle-state"]; ok {
			e.ticked = v.Value().(int32) == 1
		}
		if e.label != "" {
			out[e.label] = e
		}
		collect(node[2].([]dbus.Variant), out)
	}
}

// click sends what a panel sends when the user picks an item.
func (p *panel) click(label string) {
	p.t.Helper()
	e, ok := p.menu()[label]
	if !ok {
		p.t.Fatalf("no menu item %q", label)
	}
	call := p.conn.Object(p.name, "/StatusNotifierMenu").Call("com.canonical.dbusmenu.Event", 0, e.id, "clicked", dbus.MakeVariant(int32(0)), uint32(0))
	if call.Err != nil {
		p.t.Fatalf("click %q: %v", label, call.Err)
	}
}

func (p *panel) property(name string) any {
	p.t.Helper()
	v, err := p.conn.Object(p.name, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem." + name)
	if err != nil {
		p.t.Fatalf("%s: %v", name, err)
	}
	return v.Value()
}

func (p *panel) title() string { return p.property("Title").(string) }

// tooltip is the ToolTip's title: (icon name, icon pixmaps, title, text).
func (p *panel) tooltip() string { return p.property("ToolTip").([]any)[2].(string) }

// watcher is a stand-in for the desktop's StatusNotifierWatcher (what
// Plasma runs, or GNOME with the AppIndicator extension).
type watcher struct {
	mu   sync.Mutex
	regs []registration
}

type registration struct{ sender, service string }

func (w *watcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.regs = append(w.regs, registration{string(sender), service})
	return nil
}

func (w *watcher) registrations() []registration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]registration(nil), w.regs...)
}

// startWatcher makes a tray host appear on the bus, on a connection of its own.
func startWatcher(t *testing.T, bus string) *watcher {
	t.Helper()
	conn := connect(t, bus)
	w := &watcher{}
	if err := conn.Export(w, "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.kde.StatusNotifierWatcher", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.kde.StatusNotifierWatcher: %v %v", reply, err)
	}
	return w
}

// cpuTicks is the process's user+system time in clock ticks (fields 14
// and 15 of /proc/PID/stat; 100 a second).
func cpuTicks(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:])) // field 3 onwards
	utime, _ := strconv.Atoi(fields[14-3])
	stime, _ := strconv.Atoi(fields[15-3])
	return utime + stime
}

// rss is VmRSS from /proc/PID/status.
func rss(t *testing.T, pid int) string {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// notifications is a stand-in for the desktop's notification daemon.
type notifications struct {
	mu    sync.Mutex
	calls []notification
}

type notification struct {
	summary string
	hints   map[string]dbus.Variant
}

func (n *notifications) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.calls = append(n.calls, notification{summary, hints})
	return uint32(len(n.calls)), nil
}

func (n *notifications) GetCapabilities() ([]string, *dbus.Error) { return []string{"body"}, nil }

func (n *notifications) received() []notification {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]notification(nil), n.calls...)
}

func startNotifications(t *testing.T, bus string) *notifications {
	t.Helper()
	conn := connect(t, bus)
	n := &notifications{}
	if err := conn.Export(n, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if reply, err := conn.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own org.freedesktop.Notifications: %v %v", reply, err)
	}
	return n
}

// windows are the pids of parent's `keepcool-gui NAME` processes.
func windows(t *testing.T, parent int, name string) []int {
	t.Helper()
	var pids []int
	for _, pid := range children(parent) {
		cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if err != nil {
			continue // gone meanwhile
		}
		args := strings.Split(strings.TrimSuffix(string(cmdline), "\x00"), "\x00")
		if len(args) == 2 && filepath.Base(args[0]) == "keepcool-gui" && args[1] == name {
			pids = append(pids, pid)
		}
	}
	return pids
}

// processes are the pids of every process running now.
func processes() []int {
	dirs, _ := os.ReadDir("/proc")
	var pids []int
	for _, d := range dirs {
		if pid, err := strconv.Atoi(d.Name()); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}

// children are the pids of parent's child processes.
func children(parent int) []int {
	var pids []int
	for _, pid := range processes() {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue // gone meanwhile
		}
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:])) // from field 3
		if fields[4-3] == strconv.Itoa(parent) {
			pids = append(pids, pid)
		}
	}
	return pids
}
