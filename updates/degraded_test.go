package updates

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/internal/poll"
)

// degrading delivers every message, and says something went wrong beside
// the ones in warn (a Slack root it could not edit).
type degrading struct {
	refusing
	warn map[string]error // by message id
}

func (d *degrading) Send(ctx context.Context, m Message) error {
	if err := d.refusing.Send(ctx, m); err != nil {
		return err
	}
	return d.warn[m.ID]
}

// A message delivered with a degradation counts as delivered, is not sent
// again, and its warning shows beside ok as the channel's last error until
// a clean delivery clears it; nothing is counted undelivered.
func TestDegradedIsDeliveredAndShown(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	warning := Degraded(errors.New(`slack channel "ops": the root message could not be edited: cant_update_message`))
	ch := &degrading{refusing: refusing{name: "ops"}, warn: map[string]error{"inc/1": warning}}
	o.Register("slack", ch)
	queue(t, o, j, msg(1), "ops")
	poll.For(t, "the first message", func() bool { return o.Status("inc")[0].Delivered == 1 })
	st := o.Status("inc")[0]
	if st.State != StateOK || st.Reason != "" || len(st.Undelivered) != 0 || st.Pending != 0 || !strings.Contains(st.LastError, "cant_update_message") {
		t.Fatalf("after a degraded delivery: %+v; want ok, delivered, with the warning as last error", st)
	}
	if got := ch.received(); len(got) != 1 {
		t.Fatalf("sent %v, want inc/1 once", got)
	}
	queue(t, o, j, msg(2), "ops")
	poll.For(t, "the clean delivery", func() bool { return o.Status("inc")[0].Delivered == 2 })
	if st := o.Status("inc")[0]; st.LastError != "" {
		t.Errorf("a clean delivery left last error %q", st.LastError)
	}
	if c := j.ledger("inc").Channels["ops"]; c.Delivered != 2 || len(c.Pending) != 0 || len(c.Undelivered) != 0 {
		t.Errorf("ledger %+v; want both delivered", c)
	}
}

// A refused message stays counted in Undelivered, but a later delivery
// clears the channel's last error: the refusal is the message's, not what
// the channel is doing now.
func TestDeliveryAfterRefusalClearsLastError(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	o.Register("webhook", &refusing{name: "hook", refuse: map[string]error{"inc/1": Permanent(errors.New("https://x/… answered 422 Unprocessable Entity: bad"))}})
	queue(t, o, j, msg(1), "hook")
	queue(t, o, j, msg(2), "hook")
	poll.For(t, "the delivery after the refusal", func() bool { return o.Status("inc")[0].Delivered == 1 })
	st := o.Status("inc")[0]
	if st.State != StateOK || st.LastError != "" || len(st.Undelivered) != 1 || !strings.Contains(st.Undelivered[0].Error, "422") {
		t.Fatalf("status %+v; want ok with no last error, the refusal kept in Undelivered", st)
	}
}
