//go:build cgo

package app

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// The keys as a person presses them, through X and fyne's desktop driver
// rather than the test driver: what keys_test.go assumes of the driver
// (a focused Entry gets Escape and the shortcuts first, Tab moves focus
// unless the widget accepts it) holds in the real thing. Resolve is the
// window that could not be finished from the keyboard.
func TestKeysUnderX(t *testing.T) {
	x := newXSession(t)
	writeConfig(t, x.home, "[statuspage]\nlisten = \"off\"\n")
	x.daemon()
	if out, err := x.command(x.bin, "start", "Checkout returns 500s").CombinedOutput(); err != nil {
		t.Fatalf("start: %v %s", err, out)
	}

	// Summary, Tab out of it, root cause, Ctrl+Enter, Enter on the question.
	win := x.background(x.command(x.bin, "window", "resolve"))
	id := x.window("keepcool — Resolve incident", 20*time.Second)
	time.Sleep(700 * time.Millisecond) // the engine's answer, then one frame
	x.xdo("windowfocus", "--sync", id)
	x.xdo("type", "--delay", "20", "Back to normal")
	x.xdo("key", "Tab")
	x.xdo("type", "--delay", "20", "pool exhausted")
	x.xdo("key", "ctrl+Return")
	time.Sleep(300 * time.Millisecond) // the question, on screen
	x.xdo("key", "Return")
	poll.Until(t, 10*time.Second, func() bool {
		out, _ := x.command(x.bin, "status", "--json").Output()
		return strings.Contains(string(out), `"incident":null`) || strings.Contains(string(out), `"incident": null`)
	}, "the incident to be resolved from the keyboard")
	out, err := x.command(x.bin, "export", "--format", "json").Output()
	fatalIf(t, err != nil, "export: %v", err)
	for _, want := range []string{`"summary":"Back to normal"`, `"root_cause":"pool exhausted"`} {
		fatalIf(t, !strings.Contains(strings.ReplaceAll(string(out), `": "`, `":"`), want), "the journal lacks %s:\n%s", want, out)
	}
	win.Wait() // the window closed itself once resolved

	// Escape closes an untouched window.
	win = x.background(x.command(x.bin, "window", "timeline"))
	id = x.window("keepcool — Timeline", 20*time.Second)
	time.Sleep(300 * time.Millisecond)
	x.xdo("windowfocus", "--sync", id)
	x.xdo("key", "Escape")
	done := make(chan error, 1)
	go func() { done <- win.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Escape did not close the timeline")
	}
}
