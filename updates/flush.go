package updates

import (
	"context"
	"slices"
)

// Flush is the backlog a channel owed when its test message went through:
// Wait tells how it went.
type Flush struct {
	o        *Outbox
	w        *worker
	owed     map[string]bool // ids still to be settled
	result   FlushResult
	done     chan struct{}
	finished bool
}

// FlushResult is what became of a backlog released by a test message.
type FlushResult struct {
	Owed      int         // messages queued when the test message went
	Delivered int         // of them, delivered
	Rejected  []Rejection // of them, refused for good by the provider
	Pending   int         // of them, still queued when the wait ended
	// Error is set when the channel failed again while flushing (retrying
	// or dead again): the pending ones wait.
	Error string
}

// Test sends m to one channel at once, outside the queue, and reports the
// result. Success revives a dead channel and flushes what it owes; the
// returned Flush follows that backlog.
func (o *Outbox) Test(ctx context.Context, name string, m Message) (*Flush, error) {
	o.mu.Lock()
	w, ok := o.workers[name]
	o.mu.Unlock()
	if !ok {
		return nil, errNoChannel(name)
	}
	ctx, cancel := context.WithTimeout(ctx, o.opts.Timeout)
	defer cancel()
	if err := w.ch.Send(ctx, o.opts.Prepare(m)); err != nil {
		o.mu.Lock()
		if w.dead { // what the user fixed may have changed why it fails: status shows the newest reason
			w.lastErr = Truncate(err.Error(), 300)
		}
		o.mu.Unlock()
		o.opts.OnChange()
		return nil, err
	}
	o.mu.Lock()
	f := &Flush{o: o, w: w, owed: map[string]bool{}, done: make(chan struct{})}
	for _, q := range w.queue {
		f.owed[q.ID] = true
	}
	f.result.Owed = len(f.owed)
	if len(f.owed) == 0 {
		f.finish()
	} else {
		w.flushes = append(w.flushes, f)
	}
	w.revive()
	o.mu.Unlock()
	o.opts.OnChange()
	return f, nil
}

// Wait blocks until every message of the backlog has an outcome, the
// channel fails again, or ctx ends, and says what happened.
func (f *Flush) Wait(ctx context.Context) FlushResult {
	select {
	case <-f.done:
	case <-ctx.Done():
	}
	f.o.mu.Lock()
	defer f.o.mu.Unlock()
	f.w.flushes = slices.DeleteFunc(f.w.flushes, func(g *Flush) bool { return g == f })
	r := f.result
	r.Rejected = slices.Clone(r.Rejected)
	r.Pending = len(f.owed)
	return r
}

// settled notes an outcome of message id (rejected nil: delivered) for
// every waiting flush. Callers hold o.mu.
func (w *worker) settled(id string, rejected *Rejection) {
	for _, f := range w.flushes {
		if !f.owed[id] {
			continue
		}
		delete(f.owed, id)
		if rejected != nil {
			f.result.Rejected = append(f.result.Rejected, *rejected)
		} else {
			f.result.Delivered++
		}
		if len(f.owed) == 0 {
			f.finish()
		}
	}
}

// failedAgain ends every waiting flush: the channel is failing. Callers
// hold o.mu.
func (w *worker) failedAgain(err string) {
	for _, f := range w.flushes {
		f.result.Error = err
		f.finish()
	}
}

func (f *Flush) finish() {
	if !f.finished {
		f.finished = true
		close(f.done)
	}
}
