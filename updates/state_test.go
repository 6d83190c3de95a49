package updates

import (
	"context"
	"errors"
	"testing"

	"github.com/keepcool/keepcool/internal/poll"
)

// unresolved is a channel whose secret could not be read.
type unresolved struct{ flaky }

func (u *unresolved) Misconfiguration() error {
	return errors.New("environment variable HOOK_URL (from env:HOOK_URL) is empty or unset: set it before starting keepcool")
}

func (u *unresolved) Send(context.Context, Message) error {
	return Permanent(u.Misconfiguration())
}

// A channel that cannot work as configured says so before any try, and
// keeps saying so (not "dead") after its tries fail.
func TestMisconfiguredBeforeAndAfterTries(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	o.Register("webhook", &unresolved{flaky{name: "hook"}})
	o.Register("slack", &flaky{name: "ops"})
	st := o.Status("inc")
	if st[0].State != StateMisconfigured || st[0].Reason != "misconfigured" || st[0].LastError == "" {
		t.Fatalf("before any try: %+v", st[0])
	}
	if st[1].State != StateOK || st[1].Reason != "" {
		t.Fatalf("healthy channel: %+v", st[1])
	}
	queue(t, o, j, msg(1), "hook", "ops")
	poll.For(t, "the try to fail", func() bool { return len(j.ledger("inc").Channels["hook"].LastError) > 0 })
	if st := o.Status("inc"); st[0].State != StateMisconfigured || st[0].Pending != 1 {
		t.Fatalf("after a try: %+v", st[0])
	}
}

func TestReason(t *testing.T) {
	tests := []struct{ state, err, want string }{
		{StateOK, "", ""},
		{StateRetrying, "POST http://127.0.0.1:9/…: dial tcp 127.0.0.1:9: connect: connection refused", "connection refused"},
		{StateDead, "https://hooks.slack.com/… answered 404 Not Found: no_service", "HTTP 404 Not Found"},
		{StateRetrying, "https://x/… answered 503 Service Unavailable: down (asked to retry after 30s)", "HTTP 503 Service Unavailable"},
		{StateRetrying, "POST https://x/…: dial tcp: lookup x: no such host", "host not found"},
		{StateRetrying, `POST https://x/…: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, "timed out"},
		{StateRetrying, "POST https://x/…: tls: failed to verify certificate: x509: certificate signed by unknown authority", "TLS error"},
		{StateDead, "smtp: 535 5.7.8 authentication failed", "SMTP 535"},
		{StateRetrying, "something: odd", "odd"},
		{StateMisconfigured, "secret \"x\" is not in the keyring: store it with: …", "misconfigured"},
	}
	for _, tt := range tests {
		if got := Reason(tt.state, tt.err); got != tt.want {
			t.Errorf("Reason(%s, %q) = %q, want %q", tt.state, tt.err, got, tt.want)
		}
	}
}
