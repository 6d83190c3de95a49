package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/godbus/dbus/v5"
)

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
