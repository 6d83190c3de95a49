package e2e

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// closedPort is a loopback address nothing listens on: connections to it
// are refused.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// A note while a channel is not delivering says so in the reply, with the
// channel, why and what it owes; the status page (healthy) is not named.
func TestNoteToADeadChannelSaysNotDelivering(t *testing.T) {
	h := newHome(t, fmt.Sprintf("[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://%s/hook\"\n", closedPort(t)))
	d := h.startDaemon()
	h.must("start", "Payments failing", "--eta", "30m-1h")
	poll.ForWithin(t, 10*time.Second, "the hook to fail", func() bool {
		c := h.status().Channels
		return len(c) == 2 && c[1].State == "retrying"
	})
	out := h.must("note", "Rolled back deploy 412")
	if want := "Noted. 1 of 2 channels is not delivering: hook (connection refused), 2 queued."; !strings.Contains(out, want) {
		t.Fatalf("note's reply:\n%s\nwant %q", out, want)
	}
	if !strings.Contains(out, "keepcool status") || !strings.Contains(out, "Next update due by") {
		t.Fatalf("note's reply does not say where to look and when the next update is due:\n%s", out)
	}
	st := h.status()
	if del := st.Incident.Delivery; del == nil || del.Channels != 2 || len(del.NotDelivering) != 1 || del.NotDelivering[0].Reason != "connection refused" {
		t.Fatalf("status --json delivery: %+v", st.Incident.Delivery)
	}
	out = h.must("eta", "1h-2h")
	if !strings.Contains(out, "1 of 2 channels is not delivering: hook (connection refused), 3 queued.") {
		t.Fatalf("eta's reply:\n%s", out)
	}
	d.stop(t)
}

// A snooze that outlasts the promise says when the holding message goes.
func TestSnoozePastThePromiseWarns(t *testing.T) {
	h := newHome(t, "[incident]\ncadence = \"15m\"\ngrace = \"2m\"\n")
	d := h.startDaemon()
	h.must("start", "Search down")
	if out := h.must("snooze", "5m"); strings.Contains(out, "holding message") {
		t.Fatalf("a snooze inside the promise warns:\n%s", out)
	}
	out := h.must("snooze", "20m")
	inc := h.status().Incident
	if inc.HoldingAt == nil || !inc.HoldingAt.Equal(inc.NextUpdateDue.Add(2*time.Minute)) {
		t.Fatalf("holding_at %v, next update due %v", inc.HoldingAt, inc.NextUpdateDue)
	}
	// Times as the CLI writes them (the zone may follow): 05:00 ….
	promise, holding := inc.NextUpdateDue.Local().Format("15:04"), inc.HoldingAt.Local().Format("15:04")
	if !strings.HasPrefix(out, "Snoozed until ") ||
		!strings.Contains(out, "Stakeholders were promised an update by "+promise) ||
		!strings.Contains(out, "a holding message goes to them at "+holding) || !strings.Contains(out, "unless you post") {
		t.Fatalf("snooze past the promise:\n%s\nwant the promise (%s) and the holding message (%s)", out, promise, holding)
	}
	d.stop(t)
}

// Text that is likely a mistake is refused (exit 1, saying why and how to
// send anyway), reaches no channel and no journal; --force sends it. Hard
// limits hold even with --force.
func TestChecksRefuseAndForceSends(t *testing.T) {
	rcv := newReceiver(t)
	h := newHome(t, webhookConfig(rcv.srv.URL))
	d := h.startDaemon()
	if r := h.run("start", "Checkout down", "--eta", "30h-40h"); r.code != 1 || !strings.Contains(r.stderr, "more than a day") || !strings.Contains(r.stderr, "--force") {
		t.Fatalf("a 40 h estimate: exit %d stderr %q", r.code, r.stderr)
	}
	if h.status().Incident != nil {
		t.Fatal("a refused declaration declared an incident")
	}
	h.must("start", "Checkout down", "--eta", "30m-1h")
	poll.ForWithin(t, 10*time.Second, "the declaration to arrive", func() bool { return len(rcv.received()) == 1 })
	journal, _ := filepath.Glob(filepath.Join(h.dir, "state", "incidents", "*.jsonl"))
	if len(journal) != 1 {
		t.Fatalf("journals: %v", journal)
	}
	size := func() int64 {
		fi, err := os.Stat(journal[0])
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()

	refusals := []struct {
		args []string
		code int
		says string
	}{
		{[]string{"note", "kubectl get pods -n prod"}, 1, "shell command (kubectl …)"},
		{[]string{"note", "t pods -n prod"}, 1, "shell command"},
		{[]string{"note", "deploy key ghp_" + strings.Repeat("a1B2", 9)}, 1, "GitHub token"},
		{[]string{"note", "Authorization: Bearer abc.def"}, 1, "Authorization header"},
		{[]string{"note", "2026-11-30T05:00:01Z ERROR db\n2026-11-30T05:00:02Z ERROR db"}, 1, "log or a stack trace"},
		{[]string{"note", strings.Repeat("word ", 110)}, 1, "one line"},
		{[]string{"note", "2026-11-30T06:00:01Z ERROR db timeout 2026-11-30T06:00:02Z ERROR db timeout"}, 1, "log or a stack trace"},
		{[]string{"note", "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}, 1, "AWS_SECRET_ACCESS_KEY"},
		{[]string{"note", "git push origin main"}, 1, "shell command (git …)"},
		{[]string{"note", "SELECT * FROM orders WHERE id=5;"}, 1, "(SELECT …)"},
		{[]string{"note", ":wq"}, 1, "wrong window"},
		{[]string{"note", "\x1b[31mRED\x1b[0m payments failing"}, 1, "terminal escape codes"},
		{[]string{"note", "Caf\xe9 payments are back"}, 1, "bytes that are not text"},
		{[]string{"eta", "30h-40h"}, 1, "more than a day"},
		{[]string{"eta", "1h-2h", "--why", "password=hunter2 expired"}, 1, "password"},
		{[]string{"note", strings.Repeat("n", 2001)}, 2, "at most 2,000 go out"},
		{[]string{"note", "--force", strings.Repeat("n", 10000)}, 2, "the note is 10,000 characters"},
	}
	for _, tt := range refusals {
		r := h.run(tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.says) {
			t.Fatalf("keepcool %.60q: exit %d stderr %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.says)
		}
		if tt.code == 1 && (!strings.Contains(r.stderr, "not sent") || !strings.Contains(r.stderr, "--force")) {
			t.Fatalf("keepcool %.60q: %q does not say how to send anyway", tt.args, r.stderr)
		}
		if strings.Contains(r.stderr, "hunter2") || strings.Contains(r.stderr, "a1B2a1B2") || strings.Contains(r.stderr, "wJalr") {
			t.Fatalf("the refusal repeats the secret: %q", r.stderr)
		}
	}
	time.Sleep(300 * time.Millisecond) // anything sent would have arrived by now
	if n := len(rcv.received()); n != 1 {
		t.Fatalf("the stakeholders' webhook got %d messages after the refusals, want only the declaration", n)
	}
	if after := size(); after != before {
		t.Fatalf("the journal grew from %d to %d bytes with every request refused", before, after)
	}
	if n := len(h.status().Incident.Notes); n != 0 {
		t.Fatalf("%d notes recorded", n)
	}

	h.must("note", "--force", "kubectl get pods -n prod")
	h.must("eta", "--force", "30h-40h")
	poll.ForWithin(t, 10*time.Second, "the forced note and estimate to arrive", func() bool { return len(rcv.received()) == 3 })
	if notes := h.status().Incident.Notes; len(notes) != 1 || notes[0].Text != "kubectl get pods -n prod" {
		t.Fatalf("notes after --force: %+v", notes)
	}
	d.stop(t)
}

// A channel whose secret cannot be read is "misconfigured" from the start,
// in status, status --json and channels list, saying what to do.
func TestUnsetSecretIsMisconfigured(t *testing.T) {
	h := newHome(t, "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"env:KEEPCOOL_E2E_UNSET_HOOK\"\n")
	d := h.startDaemon()
	c := h.status().Channels
	if len(c) != 2 || c[1].Name != "hook" || c[1].State != "misconfigured" || !strings.Contains(c[1].LastError, "set it before starting keepcool") {
		t.Fatalf("status --json channels: %+v", c)
	}
	if out := h.must("channels", "list"); !strings.Contains(out, "misconfigured: environment variable KEEPCOOL_E2E_UNSET_HOOK") {
		t.Fatalf("channels list:\n%s", out)
	}
	h.must("start", "Login broken")
	if out := h.must("status"); !strings.Contains(out, "misconfigured") {
		t.Fatalf("status:\n%s", out)
	}
	if out := h.must("note", "Found it"); !strings.Contains(out, "hook (misconfigured), 2 queued") || !strings.Contains(out, "channels test") {
		t.Fatalf("note's reply:\n%s", out)
	}
	d.stop(t)
}
