//go:build cgo

package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates/webhook"
)

// realEngine runs an engine on a private socket, wired as the daemon
// wires it: Reload re-reads the config file and resolves secrets from kr.
func realEngine(t *testing.T, configFile string, kr *fakeKeyring) *client.Client {
	t.Helper()
	dir, err := os.MkdirTemp("", "kcapp") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	paths := config.Paths{ConfigFile: configFile, StateDir: filepath.Join(dir, "state"), Socket: filepath.Join(dir, "s")}
	sec := config.Secrets{Keyring: kr.Get}
	load := func() (config.Config, []engine.Registered, error) {
		cfg, err := config.Load(configFile)
		var chans []engine.Registered
		for _, c := range cfg.Channels {
			url, _ := sec.Resolve(c.URL)
			chans = append(chans, engine.Registered{Type: c.Type, Channel: webhook.New(c.Name, url, "", http.DefaultClient)})
		}
		return cfg, chans, err
	}
	cfg, chans, err := load()
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	eng, err := engine.New(engine.Options{Paths: paths, Config: cfg, Channels: chans, Reload: load, Engineer: "Sam",
		OnReady: func(string) { close(ready) }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("engine stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("engine never became ready")
	}
	return client.New(paths.Socket)
}

// Every window against a real engine over its socket: add a webhook in
// Settings and test it, declare, post a note, see it delivered in the
// timeline, resolve.
func TestWindowsAgainstARealEngine(t *testing.T) {
	var hits atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer hook.Close()
	kr := &fakeKeyring{secrets: map[string]string{}}
	cfgFile := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(cfgFile, []byte("[statuspage]\nlisten = \"off\"\n"), 0o600)
	c := realEngine(t, cfgFile, kr)
	a := test.NewTempApp(t)
	d := &deps{eng: c, now: time.Now, spawn: func(f func()) { f() }, timeout: 10 * time.Second, configFile: cfgFile, keyring: kr}
	win := func(build func(*deps, fyne.Window)) fyne.Window {
		w := a.NewWindow("")
		w.Resize(fyne.NewSize(720, 600))
		build(d, w)
		return w
	}

	w := win(func(d *deps, w fyne.Window) { newSettings(d, w) })
	r := &settingsRig{t: t, kr: kr, path: cfgFile, w: w}
	test.Tap(button(t, w, "Add channel"))
	test.Type(r.entry("ops (a-z"), "hook")
	walkSelect(w, "slack").SetSelected("webhook")
	test.Type(r.entry("https://example.com/keepcool"), hook.URL+"/T0/SECRET")
	test.Tap(button(t, w, "Save channel"))
	fatalIf(t, !shows(w, "Saved channel “hook”."), "texts %q", texts(w))
	test.Tap(r.nth("Test", 0))
	fatalIf(t, !shows(w, "✓ Test message delivered to hook."), "texts %q", texts(w))
	fatalIf(t, hits.Load() != 1, "the webhook got %d requests", hits.Load())
	r.noSecretShown("settings after a real save")

	w = win(func(d *deps, w fyne.Window) { newDeclare(d, w) })
	typeLine(t, w, "Checkout returns 500s")
	st, err := c.Status(context.Background())
	fatalIf(t, err != nil || st.Incident == nil || st.Incident.Severity != 2, "status %+v, %v", st.Incident, err)
	span := st.Incident.Estimate.MaxAt.Sub(st.Incident.DeclaredAt)
	fatalIf(t, span < 89*time.Minute || span > 91*time.Minute, "estimate upper bound %v after declaring, want 90m", span)

	w = win(func(d *deps, w fyne.Window) { newPrompt(d, w) })
	typeLine(t, w, "Rolled back deploy 412")
	st, _ = c.Status(context.Background())
	fatalIf(t, len(st.Incident.Notes) != 1 || st.Incident.Notes[0].Text != "Rolled back deploy 412", "notes %+v", st.Incident.Notes)

	waitDelivered(t, c, "hook", 2) // the declaration and the note
	w = win(func(d *deps, w fyne.Window) { newTimeline(d, w) })
	var delivered int
	walk(w, func(o fyne.CanvasObject) {
		if rt, ok := o.(*widget.RichText); ok {
			delivered += strings.Count(rt.String(), "✓ hook")
		}
	})
	fatalIf(t, delivered != 2, "timeline shows %d deliveries to hook; texts %q", delivered, texts(w))

	w = win(func(d *deps, w fyne.Window) { newResolve(d, w) })
	test.Type(focusedEntry(t, w), "Fixed")
	test.Tap(button(t, w, "Resolve incident…"))
	test.Tap(button(t, w, "Resolve and send the all-clear"))
	st, _ = c.Status(context.Background())
	fatalIf(t, st.Incident != nil, "still active after resolving: %+v", st.Incident)
}

// waitDelivered waits until the journal records n deliveries to channel.
func waitDelivered(t *testing.T, c *client.Client, channel string, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		raw, err := c.Export(context.Background(), "", "json")
		if err != nil {
			t.Fatal(err)
		}
		tl, err := parseTimeline(raw, timefmt.In(time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, e := range tl.Entries {
			for _, tk := range e.Ticks {
				if tk.Channel == channel && tk.State == tickDelivered {
					got++
				}
			}
		}
		if got >= n {
			return
		}
	}
	t.Fatalf("%s never got %d deliveries", channel, n)
}
