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
		m, ch, wait, ready, removed := o.next(w)
		if removed {
			return
		}
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

// next says what to do: send m now (ready), sleep for wait (0: until
// poked), or end (removed: the channel left the config).
func (o *Outbox) next(w *worker) (m Message, ch Channel, wait time.Duration, ready, removed bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	switch {
	case w.removed:
		return Message{}, nil, 0, false, true
	case len(w.queue) == 0 || w.dead:
		return Message{}, nil, 0, false, false
	}
	if d := w.retryAt.Sub(o.opts.Now()); d > 0 {
		return Message{}, nil, d, false, false
	}
	return w.queue[0], w.ch, 0, true, false
}

// attempt makes one try and records its outcome. A record that cannot be
// written (a full disk) is logged and the worker goes on: the next outcome
// recorded for this channel settles this message too (see Replay).
func (o *Outbox) attempt(w *worker, ch Channel, m Message) {
	ctx, cancel := context.WithTimeout(o.ctx, o.opts.Timeout)
	err := ch.Send(ctx, o.opts.Prepare(m))
	cancel()
	if o.ctx.Err() != nil {
		return // shutting down: the outcome is unknown, so the next start tries again
	}
	var kind string
	var data any
	o.mu.Lock()
	switch {
	case err == nil || IsDegraded(err):
		w.dequeue(m)
		w.delivered[m.IncidentID]++
		kind, data = EventDelivered, Delivered{MessageID: m.ID, Channel: w.name, Attempt: w.attempts + 1}
		w.clearStreak() // a clean delivery also clears the last one's degradation
		w.refusedInRow = 0
		if err != nil {
			// Delivered, but the engineer should know (a Slack root that
			// shows an older status): beside ok until the next clean one.
			w.lastErr = Truncate(err.Error(), 300)
		}
		w.settled(m.ID, nil)
	case IsRejected(err) && !IsUnaddressed(err) && w.refusedInRow+1 >= maxRefusedInRow:
		// It refuses everything: the channel, not the message, is at
		// fault (a wrong payload format, a hook that changed). It is dead
		// like a deleted one, and this message waits for the fix.
		err = fmt.Errorf("refused %d messages in a row, the last with: %w", maxRefusedInRow, err)
		kind, data = EventFailed, o.failure(w, m, err)
		w.failedAgain(w.lastErr)
	case IsRejected(err):
		if !IsUnaddressed(err) { // this incident's fault, not the channel's: no step toward dead
			w.refusedInRow++
		}
		kind, data = EventFailed, o.rejected(w, m, err)
	default:
		kind, data = EventFailed, o.failure(w, m, err)
		w.failedAgain(w.lastErr)
	}
	o.mu.Unlock()
	if rerr := o.opts.Recorder.Record(m.IncidentID, kind, data); rerr != nil {
		o.opts.Logf("error: channel %s: recording %s of %s: %v (going on; the next record settles it)", w.name, kind, m.ID, rerr)
	}
	if IsDegraded(err) {
		o.opts.Logf("channel %s: message %s (%s) delivered, but: %v", w.name, m.ID, m.Kind, err)
	}
	if f, ok := data.(Failed); ok && f.Rejected {
		o.opts.Logf("channel %s: message %s (%s) refused, not sent to this channel: %v", w.name, m.ID, m.Kind, err)
	} else if ok {
		o.opts.Logf("channel %s: try %d failed: %v", w.name, f.Attempt, err)
	}
	o.opts.OnChange()
}

// dequeue drops m from the head of the queue. Callers hold o.mu.
func (w *worker) dequeue(m Message) {
	if len(w.queue) > 0 && w.queue[0].ID == m.ID {
		w.queue = w.queue[1:]
	}
}

// rejected drops a message its channel refused for good and clears the
// streak: the channel works, the next message goes at once. Callers hold
// o.mu.
func (o *Outbox) rejected(w *worker, m Message, err error) Failed {
	r := Rejection{MessageID: m.ID, Kind: m.Kind, At: o.opts.Now(), Error: Truncate(err.Error(), 300)}
	w.dequeue(m)
	w.rejected[m.IncidentID] = append(w.rejected[m.IncidentID], r)
	f := Failed{MessageID: m.ID, Channel: w.name, Attempt: w.attempts + 1, Error: r.Error, Rejected: true, Kind: m.Kind, HeldBack: IsHeldBack(err)}
	w.clearStreak()
	w.settled(m.ID, &r)
	return f
}

// maxRefusedInRow is how many messages in a row a channel may refuse for
// good before it counts as broken rather than the messages.
const maxRefusedInRow = 3

// maxRetryAfter bounds how long a server may ask us to stay away.
const maxRetryAfter = time.Hour

// failure updates the streak after a failed try. A channel-level permanent
// error kills the channel: its messages wait for `channels test`. Callers
// hold o.mu.
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
