package updates

import (
	"errors"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/internal/poll"
)

// A message its incident cannot address (it names no PagerDuty incident,
// or one PagerDuty does not know) is recorded as undelivered with the
// reason, however many come in a row: the channel is not at fault, so it
// never becomes dead and the next incident's messages go.
func TestUnaddressedNeverKillsTheChannel(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	refuse := map[string]error{}
	for i := 1; i <= 2*maxRefusedInRow; i++ {
		refuse[msg(i).ID] = Unaddressed(errors.New("no PagerDuty incident named: start with --pagerduty ID or set service_id"))
	}
	ch := &refusing{name: "hook", refuse: refuse}
	o.Register("webhook", ch)
	for i := 1; i <= 2*maxRefusedInRow+1; i++ {
		queue(t, o, j, msg(i), "hook")
	}
	poll.For(t, "the message after the unaddressed ones", func() bool { return len(ch.received()) == 1 })
	poll.For(t, "the ledger to settle", func() bool { return len(j.ledger("inc").Channels["hook"].Pending) == 0 })
	st := o.Status("inc")[0]
	if st.State == StateDead || st.Delivered != 1 || len(st.Undelivered) != 2*maxRefusedInRow {
		t.Fatalf("status %+v: want alive, 1 delivered, %d undelivered", st, 2*maxRefusedInRow)
	}
	if u := st.Undelivered[0]; !strings.Contains(u.Error, "--pagerduty ID") {
		t.Errorf("undelivered %+v: want the reason", u)
	}
	if c := j.ledger("inc").Channels["hook"]; c.Dead {
		t.Fatalf("ledger %+v: dead", c)
	}
}

func TestUnaddressedIsMessageLevel(t *testing.T) {
	err := Unaddressed(errors.New("x"))
	if !IsPermanent(err) || !IsRejected(err) || !IsUnaddressed(err) || IsUnaddressed(Rejected(err)) {
		t.Errorf("Unaddressed kinds wrong")
	}
	if AnswerCode(errors.New("https://x/… answered 404 Not Found: {}")) != 404 || AnswerCode(errors.New("boom")) != 0 {
		t.Errorf("AnswerCode")
	}
}
