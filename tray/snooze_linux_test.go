package tray_test

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// The Snooze submenu, as a desktop panel reads it over D-Bus, says which
// choice lets the promise lapse (a holding message then goes out), as the
// prompt window and the CLI do.
func TestPanelSnoozeSaysWhenTheHoldingMessageGoes(t *testing.T) {
	// The holding message goes 13 minutes after the declaration: snoozing
	// 15 minutes lets it go, 5 or 10 do not.
	d := newDesktop(t, true, "[incident]\ncadence = \"12m\"\ngrace = \"1m\"")
	a := d.start()
	p := d.panel(a)
	poll.ForWithin(t, 10*time.Second, "the idle title", func() bool { return p.title() == "keepcool · no incident" })
	d.cli("start", "Checkout returns 500s", "--eta", "30m-90m")
	var warned string
	poll.ForWithin(t, 20*time.Second, "the 15 min item to warn", func() bool {
		for label, e := range p.menu() {
			if strings.HasPrefix(label, "15 min — holding message at ") && e.visible {
				warned = label
				return true
			}
		}
		return false
	})
	m := p.menu()
	for _, plain := range []string{"5 min", "10 min"} {
		if e, ok := m[plain]; !ok || !e.visible {
			t.Errorf("no plain %q item (it ends before the holding message): %v", plain, m)
		}
	}
	if _, ok := m["15 min"]; ok {
		t.Errorf("a plain 15 min item besides %q", warned)
	}
}
