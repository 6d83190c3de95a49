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
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

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
