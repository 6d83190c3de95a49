package updates

import (
	"errors"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// RetryNow makes a channel waiting out a long backoff try again at once;
// a dead channel, or one that is not failing, is left alone.
func TestRetryNowSkipsTheBackoff(t *testing.T) {
	j := newMemJournal()
	o := waitingOutbox(t, j)
	ch := &flaky{name: "ops", n: 1, err: errors.New("503 Service Unavailable")}
	o.Register("slack", ch)
	if o.RetryNow("ops") || o.RetryNow("nope") {
		t.Fatal("RetryNow acted on a channel that was not failing")
	}
	queue(t, o, j, msg(1), "ops")
	poll.For(t, "the first try to fail", func() bool { return o.Status("inc")[0].State == StateRetrying })
	if !o.RetryNow("ops") {
		t.Fatal("RetryNow did not act on a channel waiting to retry")
	}
	poll.For(t, "the retry, long before the hour's backoff", func() bool { return len(ch.received()) == 1 })
	if st := o.Status("inc")[0]; st.State != StateOK || st.Delivered != 1 {
		t.Fatalf("status = %+v", st)
	}

	dead := &flaky{name: "dead", n: 1, err: errors.New("404 Not Found")}
	o.Register("slack", dead)
	o.mu.Lock()
	o.workers["dead"].dead, o.workers["dead"].retryAt = true, time.Now().Add(time.Hour)
	o.mu.Unlock()
	if o.RetryNow("dead") {
		t.Fatal("RetryNow revived a dead channel; only a test message does")
	}
}
