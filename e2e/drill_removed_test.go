package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// drill = true taken off a channel mid-drill, while the channel is down
// (503): a reload (SIGHUP) takes the drill messages it still owed out,
// so once it answers again it gets none of them, nor the drill's
// all-clear; the post-mortem lists them as not sent. The same across a
// kill -9 and a start, for a second channel whose drill = true goes in the
// same edit. A real incident then reaches both as ever.
func TestDrillTakenOffAChannelMidDrill(t *testing.T) {
	hook, pager, practice := newReceiver(t), newReceiver(t), newReceiver(t)
	conf := func(hookDrill, pagerDrill bool) string {
		return fmt.Sprintf(`[[channel]]
name = "hook"
type = "webhook"
url = %q
drill = %v

[[channel]]
name = "pager"
type = "webhook"
url = %q
drill = %v

[[channel]]
name = "practice"
type = "webhook"
url = %q
drill = true
`, hook.srv.URL+"/hook", hookDrill, pager.srv.URL+"/hook", pagerDrill, practice.srv.URL+"/hook")
	}
	h := newHome(t, conf(true, true))
	writeConf := func(hookDrill, pagerDrill bool) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(h.dir, "config.toml"), []byte(conf(hookDrill, pagerDrill)+"\n[statuspage]\nlisten = \"127.0.0.1:0\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	d := h.startDaemon()
	hook.setDown(true)
	pager.setDown(true)
	h.must("start", "--drill", "Practice", "--eta", "1h")
	h.must("note", "Failing over")
	poll.ForWithin(t, 10*time.Second, "both drill messages on practice", func() bool { return len(practice.received()) == 2 })
	poll.ForWithin(t, 10*time.Second, "hook and pager failing", func() bool { return hook.attempts() >= 1 && pager.attempts() >= 1 })
	id := h.status().Incident.ID

	writeConf(false, true)
	d.Cmd.Process.Signal(syscall.SIGHUP)
	poll.ForWithin(t, 10*time.Second, "the reload", func() bool { return strings.Contains(d.Output(), "config reloaded") })
	hook.setDown(false)
	d.Kill()
	writeConf(false, false)
	pager.setDown(false)
	h.startDaemon()

	h.must("resolve", "Replica promoted")
	poll.ForWithin(t, 10*time.Second, "the all-clear on practice", func() bool { return len(practice.received()) == 3 })
	h.must("start", "Payments down", "--eta", "30m-1h")
	for name, r := range map[string]*receiver{"hook": hook, "pager": pager} {
		poll.ForWithin(t, 30*time.Second, "the real incident on "+name, func() bool { return len(r.bodies()) >= 1 })
		for _, body := range r.bodies() {
			if strings.Contains(body, "[DRILL]") || strings.Contains(body, `"drill":true`) {
				t.Errorf("%s, no longer a drill channel, got a drill message:\n%s", name, body)
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(h.dir, "state", "incidents", id+".md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hook", "pager"} {
		n := 0
		for _, line := range strings.Split(string(md), "\n") {
			if strings.HasPrefix(line, "- `"+name+"` — ") && strings.Contains(line, "this channel does not take drills now") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("the post-mortem lists %d messages not sent to %s, want 2:\n%s", n, name, md)
		}
	}
}
