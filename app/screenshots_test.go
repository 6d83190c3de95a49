//go:build cgo

package app

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScreenshots drives the real binary against a real daemon under Xvfb
// and saves every window as docs/window-NAME.png. Run it with
// KEEPCOOL_SCREENSHOTS=1 (app/screenshots.sh), then look at every picture.
func TestScreenshots(t *testing.T) {
	if os.Getenv("KEEPCOOL_SCREENSHOTS") != "1" {
		t.Skip("set KEEPCOOL_SCREENSHOTS=1 (or run app/screenshots.sh) to regenerate docs/window-*.png")
	}
	x := newXSession(t)
	x.env = append(x.env, "TZ="+morningZone(time.Now()))
	writeConfig(t, x.home, stagedConfig)
	x.storeSecret("ops-url", "https://hooks.slack.com/services/T024BE7LD/B06Q0K2J9/kP3xV9wq2LrT8mZy")
	x.storeSecret("support-url", "https://discord.com/api/webhooks/1187/qWx-9fL2pZ")
	x.storeSecret("partners-url", "https://contoso.webhook.office.com/webhookb2/7f1c/IncomingWebhook/abc")
	x.storeSecret("leadership-password", "relay-password")
	smtp := "SMTP_PASSWORD=unused" // the email channel's password is an env: reference

	// Before the incident: the Declare window, its title typed.
	d := x.daemon(smtp)
	x.shot("declare", "Declare an incident", func(id string) {
		x.xdo("type", "--delay", "15", "Checkout returns 500s for EU customers")
	})
	writeScenario(t, x.home)
	x.shot("drill", "Start a drill", nil)
	stop(d)

	// Forty minutes into an incident, staged in its journal, after weeks of others.
	incidents := filepath.Join(x.home, "state", "incidents")
	stagePast(t, incidents, time.Now())
	stageIncident(t, incidents, time.Now())
	x.daemon(smtp)
	x.shot("runbook", "Runbook", nil)
	x.shot("postmortem", "Post-mortem.*", nil) // titled with the incident once loaded
	x.shot("history", "History", nil)
	x.shot("estimate", "Revise estimate", func(string) {
		x.xdo("type", "--delay", "15", "20m-45m")
		x.xdo("key", "Tab")
		x.xdo("type", "--delay", "15", "the rollback worked; we are checking that no orders were lost")
	})
	x.shot("resolve", "Resolve incident", func(string) {
		x.xdo("type", "--delay", "15", "Checkout works again. Payments that failed during the outage were not charged.")
	})
	x.shot("timeline", "Timeline", nil)
	x.shot("settings", "Settings", nil)
	x.shotAs("settings-shield", "settings", "Settings", func(id string) { // scrolled to the focus shield
		x.xdo("mousemove", "--window", id, "360", "400")
		x.xdo("click", "--repeat", "20", "--delay", "20", "5")
	})
	x.shot("quit", "Quit during an incident", nil)

	// The prompt at scale 1 once the estimate reaches into tomorrow, in
	// light and dark, and as the engine opens it on its own (quiet).
	if out, err := x.command(x.bin, "eta", "26h-30h", "--why", "the vendor ships the fix tomorrow", "--force").CombinedOutput(); err != nil {
		t.Fatalf("eta: %v %s", err, out)
	}
	note := func(string) {
		x.xdo("type", "--delay", "15", "Error rate back to 0.2%; watching it for 15 more minutes")
	}
	scale1 := []string{"FYNE_SCALE=1"}
	x.shotWith("prompt", "prompt", "Progress update", scale1, note)
	x.shotWith("prompt-dark", "prompt", "Progress update", append(scale1, "FYNE_THEME=dark"), note)
	x.shotWith("prompt-quiet", "prompt --quiet", "Progress update", scale1, nil)
}

// morningZone is a zone where it is now between 09:00 and 10:00, so the
// pictures show an incident at a plausible hour whenever they are made.
// (Etc/GMT-9 is UTC+9: the sign is POSIX's.)
func morningZone(now time.Time) string {
	offset := 9 - now.UTC().Hour()
	if offset < -12 {
		offset += 24
	}
	if offset > 0 {
		return fmt.Sprintf("Etc/GMT-%d", offset)
	}
	return fmt.Sprintf("Etc/GMT+%d", -offset)
}

// shot opens a window, lets act type into it, and saves its picture.
func (x *xsession) shot(name, title string, act func(id string)) {
	x.t.Helper()
	x.shotAs(name, name, title, act)
}

// shotAs is shot saved as docs/window-FILE.png.
func (x *xsession) shotAs(file, name, title string, act func(id string)) {
	x.t.Helper()
	x.shotWith(file, name, title, nil, act)
}

// shotWith is shotAs with more environment for the window; name may carry
// flags ("prompt --quiet").
func (x *xsession) shotWith(file, name, title string, env []string, act func(id string)) {
	x.t.Helper()
	cmd := x.command(x.bin, append([]string{"window"}, strings.Fields(name)...)...)
	cmd.Env = append(cmd.Env, env...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	x.t.Cleanup(func() {
		if x.t.Failed() && log.Len() > 0 {
			x.t.Logf("keepcool window %s said:\n%s", name, log.String())
		}
	})
	win := x.background(cmd)
	id := x.window("keepcool — "+title, 20*time.Second)
	time.Sleep(700 * time.Millisecond) // the engine's answer, then one frame
	if act != nil {
		x.xdo("windowfocus", "--sync", id)
		act(id)
		time.Sleep(300 * time.Millisecond)
	}
	x.shoot(id, filepath.Join("..", "docs", "window-"+file+".png"))
	win.Process.Kill()
	win.Wait()
}

// writeScenario puts a drill scenario beside the config, for the drill
// window's picker.
func writeScenario(t *testing.T, home string) {
	t.Helper()
	dir := filepath.Join(home, "drills")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	scenario := "title = \"Primary database fails over\"\nseverity = 3\nestimate = \"30m-90m\"\n" +
		"impact = \"Checkout is read-only while the replica takes over\"\n"
	if err := os.WriteFile(filepath.Join(dir, "db-failover.toml"), []byte(scenario), 0o600); err != nil {
		t.Fatal(err)
	}
}
