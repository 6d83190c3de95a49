package updates

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"sync"
	"testing"

	"github.com/keepcool/keepcool/internal/poll"
)

func TestPermanentSplitsChannelFromMessage(t *testing.T) {
	answer := func(status string) error {
		return fmt.Errorf("slack channel \"ops\": %w", Permanent(fmt.Errorf("https://hooks.slack.com/… answered %s: body", status)))
	}
	tests := []struct {
		name           string
		err            error
		rejected, dead bool
	}{
		{"400", answer("400 Bad Request"), true, false},
		{"413", answer("413 Request Entity Too Large"), true, false},
		{"422", answer("422 Unprocessable Entity"), true, false},
		{"409", answer("409 Conflict"), true, false},
		{"401", answer("401 Unauthorized"), false, true},
		{"403", answer("403 Forbidden"), false, true},
		{"404", answer("404 Not Found"), false, true},
		{"410", answer("410 Gone"), false, true},
		{"bad config", Permanent(errors.New("url must be https://")), false, true},
		{"body says 400", Permanent(errors.New("https://x/… answered 404 Not Found: answered 400")), false, true},
		{"smtp 552", Permanent(&textproto.Error{Code: 552, Msg: "message too big"}), true, false},
		{"smtp 550", Permanent(&textproto.Error{Code: 550, Msg: "no such user"}), false, true},
		{"explicit", Rejected(errors.New("too long")), true, false},
		{"retryable", errors.New("https://x/… answered 503 Service Unavailable"), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsRejected(tt.err); got != tt.rejected {
				t.Errorf("IsRejected = %v, want %v", got, tt.rejected)
			}
			if got := IsPermanent(tt.err) && !IsRejected(tt.err); got != tt.dead {
				t.Errorf("channel-level = %v, want %v", got, tt.dead)
			}
		})
	}
}

// refusing is a channel that refuses some messages for good and delivers
// the rest.
type refusing struct {
	name   string
	mu     sync.Mutex
	refuse map[string]error // by message id
	gone   bool             // answers 404 to everything
	got    []string
}

func (r *refusing) Name() string { return r.name }
func (r *refusing) Send(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gone {
		return Permanent(errors.New("https://x/… answered 404 Not Found: no such hook"))
	}
	if err := r.refuse[m.ID]; err != nil {
		return err
	}
	r.got = append(r.got, m.ID)
	return nil
}

func (r *refusing) setGone(g bool) { r.mu.Lock(); r.gone = g; r.mu.Unlock() }

func (r *refusing) received() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.got...)
}

var refused400 = Permanent(errors.New("https://x/… answered 400 Bad Request: invalid_payload"))

// A message the provider refuses is recorded as undelivered and the
// channel goes on with the next: later notes and the all-clear go out.
func TestRejectedMessageDoesNotSilenceTheChannel(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	ch := &refusing{name: "hook", refuse: map[string]error{"inc/2": refused400}}
	o.Register("webhook", ch)
	for i := 1; i <= 3; i++ {
		queue(t, o, j, msg(i), "hook")
	}
	poll.For(t, "the messages after the refused one", func() bool { return len(ch.received()) == 2 })
	if got := ch.received(); got[0] != "inc/1" || got[1] != "inc/3" {
		t.Fatalf("delivered %v, want inc/1 and inc/3", got)
	}
	poll.For(t, "the ledger to settle", func() bool { return len(j.ledger("inc").Channels["hook"].Pending) == 0 })
	st := o.Status("inc")[0]
	if st.State != StateOK || st.Pending != 0 || st.Delivered != 2 || len(st.Undelivered) != 1 {
		t.Fatalf("status %+v", st)
	}
	if u := st.Undelivered[0]; u.MessageID != "inc/2" || u.Kind != KindNote || !strings.Contains(u.Error, "invalid_payload") {
		t.Fatalf("undelivered %+v", u)
	}
	// After a restart, it stays refused: not owed, counted.
	c := j.ledger("inc").Channels["hook"]
	if c.Dead || c.Delivered != 2 || len(c.Undelivered) != 1 || c.Undelivered[0].MessageID != "inc/2" || c.Undelivered[0].Kind != KindNote {
		t.Fatalf("ledger %+v", c)
	}
	o2 := fastOutbox(t, j)
	o2.Register("webhook", &refusing{name: "hook"})
	o2.Restore("inc", j.ledger("inc"))
	if st := o2.Status("inc")[0]; st.Pending != 0 || len(st.Undelivered) != 1 || st.Delivered != 2 {
		t.Fatalf("restored status %+v", st)
	}
}

// `channels test` waits for the backlog it released and says what became
// of it.
func TestFlushReportsTheBacklog(t *testing.T) {
	ch := &refusing{name: "hook", refuse: map[string]error{"inc/2": refused400}}
	r := reviveWith(t, ch, 4)
	if r.Owed != 4 || r.Delivered != 3 || len(r.Rejected) != 1 || r.Rejected[0].MessageID != "inc/2" || r.Pending != 0 || r.Error != "" {
		t.Fatalf("flush %+v", r)
	}
	if got := ch.received(); len(got) != 4 || got[0] != "test" || got[3] != "inc/4" {
		t.Fatalf("received %v", got)
	}
}

// A flush that meets a failing channel ends with its error.
func TestFlushEndsWhenTheChannelFailsAgain(t *testing.T) {
	ch := &refusing{name: "hook", refuse: map[string]error{"inc/1": errors.New("https://x/… answered 502 Bad Gateway")}}
	r := reviveWith(t, ch, 1)
	if r.Owed != 1 || r.Delivered != 0 || r.Pending != 1 || !strings.Contains(r.Error, "502") {
		t.Fatalf("flush %+v", r)
	}
}

// reviveWith queues n messages to ch while it answers 404, then mends it,
// tests it and waits for the flush.
func reviveWith(t *testing.T, ch *refusing, n int) FlushResult {
	t.Helper()
	j := newMemJournal()
	o := fastOutbox(t, j)
	ch.setGone(true)
	o.Register("webhook", ch)
	for i := 1; i <= n; i++ {
		queue(t, o, j, msg(i), ch.name)
	}
	poll.For(t, "dead", func() bool { return o.Status("inc")[0].State == StateDead })
	ch.setGone(false)
	f, err := o.Test(context.Background(), ch.name, Message{ID: "test", Kind: KindTest})
	if err != nil {
		t.Fatal(err)
	}
	return f.Wait(context.Background())
}

// A channel that refuses every message is broken, not the messages: after
// maxRefusedInRow refusals in a row it is dead, and what follows waits for
// the fix (`channels test`) instead of being refused one by one.
func TestChannelRefusingEverythingIsDead(t *testing.T) {
	j := newMemJournal()
	o := fastOutbox(t, j)
	refuse := map[string]error{}
	for i := 1; i <= 5; i++ {
		refuse[msg(i).ID] = refused400
	}
	ch := &refusing{name: "hook", refuse: refuse}
	o.Register("webhook", ch)
	for i := 1; i <= 5; i++ {
		queue(t, o, j, msg(i), "hook")
	}
	poll.For(t, "the channel to be given up", func() bool { return o.Status("inc")[0].State == StateDead })
	st := o.Status("inc")[0]
	if len(st.Undelivered) != maxRefusedInRow-1 || st.Pending != 5-(maxRefusedInRow-1) || !strings.Contains(st.LastError, "refused 3 messages in a row") {
		t.Fatalf("status %+v", st)
	}
	if c := j.ledger("inc").Channels["hook"]; !c.Dead || len(c.Pending) != st.Pending {
		t.Fatalf("ledger %+v: want dead, %d owed", c, st.Pending)
	}
}
