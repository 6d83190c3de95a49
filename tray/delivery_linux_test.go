package tray_test

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// A channel that is not delivering shows where the engineer looks: a menu
// item naming it (which opens Settings) and a line in the tooltip, as a
// desktop panel reads them over D-Bus; both go once it delivers again.
func TestPanelShowsAChannelNotDelivering(t *testing.T) {
	addr := refusingAddr(t)
	d := newDesktop(t, true, hookChannel(addr))
	a := d.start()
	p := d.panel(a)
	poll.ForWithin(t, 10*time.Second, "the idle title", func() bool { return p.title() == "keepcool · no incident" })
	if m := p.menu(); m["⚠ hook is not delivering…"].visible || m["Channels not delivering…"].visible {
		t.Fatalf("a delivery item shows before anything failed: %+v", m)
	}

	d.cli("start", "Checkout returns 500s", "--eta", "30m-90m")
	poll.ForWithin(t, 20*time.Second, "the delivery item", func() bool {
		e, ok := p.menu()["⚠ hook is not delivering…"]
		return ok && e.visible && e.enabled
	})
	if tip := p.tooltip(); !strings.Contains(tip, "not delivering: hook (connection refused)") {
		t.Errorf("tooltip %q does not name the channel and why", tip)
	}

	// The endpoint comes back: the next retry delivers, and the warning goes.
	answer(t, addr)
	poll.ForWithin(t, 30*time.Second, "the delivery item to go", func() bool {
		e, ok := p.menu()["⚠ hook is not delivering…"]
		return !ok || !e.visible
	})
	if tip := p.tooltip(); strings.Contains(tip, "not delivering") {
		t.Errorf("tooltip %q still warns after delivery", tip)
	}
}
