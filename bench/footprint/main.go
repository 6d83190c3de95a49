// footprint measures what keepcool costs on a desktop (issue #4): its idle
// memory and CPU in tray mode beside a minimal fyne app that owns its tray,
// both running at once for the same minutes, and how fast its windows
// appear — after a click in the tray menu and after the engine prompts.
//
// It brings its own desktop: Xvfb, a private session bus, a stand-in tray
// host (StatusNotifierWatcher) and notification daemon, so both apps
// register their icons as they would under Plasma or GNOME's extension.
// Windows are found the way a user sees them: xdotool polls for a visible
// window with the expected title every 5 ms.
//
//	go run ./bench/footprint -bin bin/keepcool -idle 5m -n 10
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
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

	"github.com/keepcool/keepcool/bench/stats"
)

func main() {
	bin := flag.String("bin", "bin/keepcool", "keepcool binary; keepcool-gui must be next to it")
	idle := flag.Duration("idle", 5*time.Minute, "how long to watch both apps idle")
	n := flag.Int("n", 10, "windows to open per latency case")
	flag.Parse()
	if err := run(*bin, *idle, *n); err != nil {
		fmt.Fprintln(os.Stderr, "footprint:", err)
		os.Exit(1)
	}
}

func run(bin string, idle time.Duration, n int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "keepcool-footprint")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	d := &desktop{dir: dir}
	defer d.stop()
	if err := d.start(); err != nil {
		return err
	}

	baseline := filepath.Join(dir, "fynetray")
	if out, err := exec.Command("go", "build", "-o", baseline, "./bench/footprint/fynetray").CombinedOutput(); err != nil {
		return fmt.Errorf("build fynetray: %v\n%s", err, out)
	}
	home := filepath.Join(dir, "home")
	// A short cadence so the prompt case doesn't wait 15 minutes; it only
	// matters once an incident is declared, after the idle watch.
	cfg := "[incident]\ncadence = \"6s\"\ngrace = \"1h\"\n\n[statuspage]\nlisten = \"127.0.0.1:0\"\n"
	if err := os.MkdirAll(home, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(home, "config.toml"), []byte(cfg), 0o600); err != nil {
		return err
	}
	kc := d.command(bin)
	kc.Env = append(kc.Env, "KEEPCOOL_HOME="+home)
	fy := d.command(baseline)
	for _, c := range []*exec.Cmd{kc, fy} {
		c.Stdout, c.Stderr = d.log, d.log
		if err := c.Start(); err != nil {
			return err
		}
		d.procs = append(d.procs, c)
	}
	for _, c := range []*exec.Cmd{kc, fy} {
		if err := d.waitItem(c.Process.Pid); err != nil {
			return fmt.Errorf("%s: %w (log: %s)", c.Path, err, d.log.Name())
		}
	}

	fmt.Printf("idle footprint, both apps at once under Xvfb with a tray host, %s after 10 s to settle\n", idle)
	time.Sleep(10 * time.Second)
	apps := []*watched{{name: "keepcool (engine + tray)", pid: kc.Process.Pid}, {name: "minimal fyne app with a tray", pid: fy.Process.Pid}}
	for _, a := range apps {
		a.begin()
	}
	for end := time.Now().Add(idle); time.Now().Before(end); time.Sleep(5 * time.Second) {
		for _, a := range apps {
			a.sample()
		}
	}
	for _, a := range apps {
		a.finish(idle)
		fmt.Println(a)
	}
	fy.Process.Kill()

	kcHome := func(args ...string) *exec.Cmd {
		c := d.command(bin, args...)
		c.Env = append(c.Env, "KEEPCOOL_HOME="+home)
		return c
	}
	click, err := d.clickToWindow(kc.Process.Pid, n)
	if err != nil {
		return err
	}
	fmt.Printf("click Incident mode… (dbusmenu Event) to declare window visible: %s\n", stats.Of(click))
	prompt, err := d.promptToWindow(kcHome, filepath.Join(home, "state", "incidents"), n)
	if err != nil {
		return err
	}
	fmt.Printf("engine prompts (journal) to prompt window visible:            %s\n", stats.Of(prompt))
	return nil
}

// watched is one app's idle cost, read from /proc.
type watched struct {
	name       string
	pid        int
	ticks0     int
	rss        []int // kB
	ticks, hwm int
	cpuPercent float64
}

func (w *watched) begin() { w.ticks0, _ = cpuTicks(w.pid); w.sample() }

func (w *watched) sample() {
	if kb, err := statusField(w.pid, "VmRSS:"); err == nil {
		w.rss = append(w.rss, kb)
	}
}

func (w *watched) finish(over time.Duration) {
	t, _ := cpuTicks(w.pid)
	w.ticks = t - w.ticks0
	w.hwm, _ = statusField(w.pid, "VmHWM:")
	w.cpuPercent = float64(w.ticks) / 100 / over.Seconds() * 100
}

func (w *watched) String() string {
	s := slices.Clone(w.rss)
	slices.Sort(s)
	return fmt.Sprintf("  %-30s RSS median %.1f MB (min %.1f, max %.1f, peak since start %.1f; %d samples)  CPU %d ticks = %.2f %%",
		w.name, mb(s[len(s)/2]), mb(s[0]), mb(s[len(s)-1]), mb(w.hwm), len(s), w.ticks, w.cpuPercent)
}

func mb(kb int) float64 { return float64(kb) / 1024 }

// cpuTicks is user+system time in clock ticks (100 a second): fields 14
// and 15 of /proc/PID/stat.
func cpuTicks(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:])) // from field 3
	u, _ := strconv.Atoi(f[14-3])
	s, _ := strconv.Atoi(f[15-3])
	return u + s, nil
}

// statusField is a kB field of /proc/PID/status, such as "VmRSS:".
func statusField(pid int, key string) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", key, pid)
}

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

// clickToWindow clicks Incident mode… in keepcool's menu over dbusmenu
// and times until the declare window is visible.
func (d *desktop) clickToWindow(pid, n int) ([]time.Duration, error) {
	const title = "keepcool — Declare an incident"
	menu := d.conn.Object(fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", pid), "/StatusNotifierMenu")
	var out []time.Duration
	for range n {
		id, err := menuID(menu, "Incident mode…")
		if err != nil {
			return nil, err
		}
		start := time.Now()
		if call := menu.Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(int32(0)), uint32(0)); call.Err != nil {
			return nil, fmt.Errorf("click: %w", call.Err)
		}
		win, seen, err := d.waitWindow(title, 30*time.Second)
		if err != nil {
			return nil, err
		}
		out = append(out, seen.Sub(start))
		if err := d.closeWindow(win, title); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// promptToWindow declares an incident and, n times, times from the
// prompt the engine journals to the prompt window being visible; a note
// after each resets the schedule for the next.
func (d *desktop) promptToWindow(keepcool func(...string) *exec.Cmd, journals string, n int) ([]time.Duration, error) {
	const title = "keepcool — Progress update"
	if out, err := keepcool("start", "Footprint bench", "--eta", "30m-90m").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("keepcool start: %v\n%s", err, out)
	}
	var out []time.Duration
	for i := range n {
		win, seen, err := d.waitWindow(title, 60*time.Second)
		if err != nil {
			return nil, err
		}
		at, err := lastPrompt(journals, i+1)
		if err != nil {
			return nil, err
		}
		out = append(out, seen.Sub(at))
		if err := d.closeWindow(win, title); err != nil {
			return nil, err
		}
		if msg, err := keepcool("note", fmt.Sprintf("Still bisecting (%d)", i+1)).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("keepcool note: %v\n%s", err, msg)
		}
	}
	return out, nil
}

// lastPrompt is the time of the nth prompted event in the only journal.
func lastPrompt(dir string, nth int) (time.Time, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) != 1 {
		return time.Time{}, fmt.Errorf("want one journal in %s, found %v (%v)", dir, files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		return time.Time{}, err
	}
	var prompts []time.Time
	for line := range bytes.SplitSeq(b, []byte("\n")) {
		var e struct {
			At   time.Time `json:"at"`
			Kind string    `json:"kind"`
		}
		if json.Unmarshal(line, &e) == nil && e.Kind == "prompted" {
			prompts = append(prompts, e.At)
		}
	}
	if len(prompts) != nth {
		return time.Time{}, fmt.Errorf("journal has %d prompts, want %d", len(prompts), nth)
	}
	return prompts[nth-1], nil
}

func menuID(menu dbus.BusObject, label string) (int32, error) {
	var rev uint32
	var root struct {
		ID       int32
		Props    map[string]dbus.Variant
		Children []dbus.Variant
	}
	if err := menu.Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{}).Store(&rev, &root); err != nil {
		return 0, fmt.Errorf("GetLayout: %w", err)
	}
	for _, c := range root.Children {
		node := c.Value().([]any)
		if l, ok := node[1].(map[string]dbus.Variant)["label"]; ok && l.Value() == label {
			return node[0].(int32), nil
		}
	}
	return 0, fmt.Errorf("no %q in the menu", label)
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
