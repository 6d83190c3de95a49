package tray_test

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/notify/notifytest"
)

// In the tray process, a channel that stops delivering mid-incident gets a
// desktop notification at once, beside the incident's own; its action
// opens Settings; it says "delivering again" once the channel delivers.
func TestNotificationWhenAChannelStopsDelivering(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens: connections are refused
	d := newDesktop(t, true, fmt.Sprintf("[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://%s/hook\"\n", addr))
	srv := notifytest.Start(t, d.bus, "body", "actions")
	a := d.start()
	d.panel(a)
	d.cli("start", "Checkout returns 500s", "--eta", "30m-90m", "--severity", "1")

	var trouble notifytest.Notification
	waitFor(t, 20*time.Second, "the delivery notification", func() bool {
		for _, n := range srv.Open() {
			if n.Summary == "hook is not delivering" {
				trouble = n
				return true
			}
		}
		return false
	})
	if !strings.HasPrefix(trouble.Body, "hook (connection refused)") || trouble.Urgency() != 2 || !slices.Contains(trouble.Actions, "Open Settings") {
		t.Fatalf("delivery notification %+v", trouble)
	}
	srv.Invoke(t, trouble.ID, "settings")
	pid := a.Cmd.Process.Pid
	waitFor(t, 20*time.Second, "Settings opened for the user", func() bool { return len(windows(t, pid, "settings")) == 1 })

	// The endpoint comes back: the next retry delivers.
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("the port was taken meanwhile: %v", err)
	}
	web := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })}
	go web.Serve(ln)
	defer web.Close()
	waitFor(t, 30*time.Second, "delivering again", func() bool { return srv.Open()[trouble.ID].Summary == "hook is delivering again" })
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
