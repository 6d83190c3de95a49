package tray_test

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/notify/notifytest"
)

// In the tray process, a channel that stops delivering mid-incident gets a
// desktop notification at once, beside the incident's own; its action
// opens Settings; it says "delivering again" once the channel delivers.
func TestNotificationWhenAChannelStopsDelivering(t *testing.T) {
	addr := refusingAddr(t)
	d := newDesktop(t, true, hookChannel(addr))
	srv := notifytest.Start(t, d.bus, "body", "actions")
	a := d.start()
	d.panel(a)
	d.cli("start", "Checkout returns 500s", "--eta", "30m-90m", "--severity", "1")

	trouble := onScreen(t, srv, "the delivery notification", func(n notifytest.Notification) bool { return n.Summary == "hook is not delivering" })
	if !strings.HasPrefix(trouble.Body, "hook (connection refused)") || trouble.Urgency() != 2 || !slices.Contains(trouble.Actions, "Open Settings") {
		t.Fatalf("delivery notification %+v", trouble)
	}
	srv.Invoke(t, trouble.ID, "settings")
	pid := a.Cmd.Process.Pid
	poll.ForWithin(t, 20*time.Second, "Settings opened for the user", func() bool { return len(windows(t, pid, "settings")) == 1 })

	answer(t, addr) // the next retry delivers
	poll.ForWithin(t, 30*time.Second, "delivering again", func() bool { return srv.Open()[trouble.ID].Summary == "hook is delivering again" })
	n := 0
	for _, r := range srv.Received() {
		if r.Summary == "hook is not delivering" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("told %d times that hook is not delivering, want once", n)
	}
}

// onScreen waits for a notification that ok accepts to be on srv's screen.
func onScreen(t *testing.T, srv *notifytest.Server, what string, ok func(notifytest.Notification) bool) notifytest.Notification {
	t.Helper()
	var found notifytest.Notification
	poll.ForWithin(t, 20*time.Second, what, func() bool {
		for _, n := range srv.Open() {
			if ok(n) {
				found = n
				return true
			}
		}
		return false
	})
	return found
}

// refusingAddr is a local address where nothing listens: connections are
// refused until answer.
func refusingAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// hookChannel configures webhook channel "hook" posting to addr.
func hookChannel(addr string) string {
	return fmt.Sprintf("[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://%s/hook\"\n", addr)
}

// answer serves addr until the test ends, taking every message.
func answer(t *testing.T, addr string) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}
