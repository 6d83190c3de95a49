package updates

import (
	"context"
	"fmt"
	"time"
)

func errNoChannel(name string) error {
	return fmt.Errorf("no channel named %q: keepcool channels list shows the configured ones", name)
}

// run delivers one channel's queue, head first, until the outbox's context
// ends.
func (o *Outbox) run(w *worker) {
	defer o.wg.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		if o.ctx.Err() != nil {
			return // a try cut short by shutdown left the message due: don't spin on it
		}
		m, ch, wait, ready := o.next(w)
		if ready {
			o.attempt(w, ch, m)
			continue
		}
		var tick <-chan time.Time
		if wait > 0 {
			timer.Reset(wait)
			tick = timer.C
		}
		select {
		case <-o.ctx.Done():
			return
		case <-w.wake:
		case <-tick:
		}
	}
}

// next says what to do: send m now (ready), or sleep for wait (0: until poked).
func (o *Outbox) next(w *worker) (m Message, ch Channel, wait time.Duration, ready bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(w.queue) == 0 || w.dead {
		return Message{}, nil, 0, false
	}
	if d := w.retryAt.Sub(o.opts.Now()); d > 0 {
		return Message{}, nil, d, false
	}
	return w.queue[0], w.ch, 0, true
}

// attempt makes one try and records its outcome.
func (o *Outbox) attempt(w *worker, ch Channel, m Message) {
	ctx, cancel := context.WithTimeout(o.ctx, o.opts.Timeout)
	err := ch.Send(ctx, o.opts.Prepare(m))
	cancel()
	if o.ctx.Err() != nil {
		return // shutting down: the outcome is unknown, so the next start tries again
	}
	var kind string
	var data any
	var tries int
	o.mu.Lock()
	if err == nil {
		if len(w.queue) > 0 && w.queue[0].ID == m.ID {
			w.queue = w.queue[1:]
		}
		w.delivered[m.IncidentID]++
		kind, data = EventDelivered, Delivered{MessageID: m.ID, Channel: w.name, Attempt: w.attempts + 1}
		w.attempts, w.lastErr, w.failingSince, w.retryAt = 0, "", time.Time{}, time.Time{}
	} else {
		f := o.failure(w, m, err)
		kind, data, tries = EventFailed, f, f.Attempt
	}
	o.mu.Unlock()
	if rerr := o.opts.Recorder.Record(m.IncidentID, kind, data); rerr != nil {
		o.opts.Logf("error: channel %s: recording %s: %v", w.name, kind, rerr)
	}
	if err != nil {
		o.opts.Logf("channel %s: try %d failed: %v", w.name, tries, err)
	}
	o.opts.OnChange()
}

// maxRetryAfter bounds how long a server may ask us to stay away.
const maxRetryAfter = time.Hour

// failure updates the streak after a failed try. Callers hold o.mu.
func (o *Outbox) failure(w *worker, m Message, err error) Failed {
	now := o.opts.Now()
	w.attempts++
	if w.failingSince.IsZero() {
		w.failingSince = now
	}
	w.lastErr = Truncate(err.Error(), 300)
	switch {
	case IsPermanent(err):
		w.dead = true
	case now.Sub(w.failingSince) >= o.opts.DeadAfter:
		w.dead = true
	default:
		wait := backoff(w.attempts, o.opts.BaseBackoff, o.opts.MaxBackoff)
		if d, ok := RetryAfter(err); ok {
			wait = min(max(d, time.Second), maxRetryAfter)
		}
		w.retryAt = now.Add(wait)
	}
	if w.dead {
		w.retryAt = time.Time{}
	}
	return Failed{MessageID: m.ID, Channel: w.name, Attempt: w.attempts, Error: w.lastErr, RetryAt: w.retryAt, Dead: w.dead}
}
