package engine

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/focus"
)

// Shield states, as `keepcool status` shows them.
const (
	shieldDown        = "down"
	shieldRaising     = "raising"
	shieldUp          = "up"
	shieldRestoring   = "restoring"
	shieldFailed      = "failed"
	shieldUnavailable = "unavailable"
)

// shieldTimeout bounds one back-end operation: a hung gsettings or Slack
// must not hold the queue for long.
const shieldTimeout = 30 * time.Second

// shieldWorker drives the focus back-ends, one job at a time and never
// under the engine's lock: a back-end that hangs or fails cannot delay a
// declaration or an update. What a back-end saved is journaled (through
// record) before it changes anything, so a later process can put it back.
type shieldWorker struct {
	backends    []focus.Backend
	unavailable []focus.Unavailable
	record      func(id, kind string, data any) error
	logf        func(format string, args ...any)
	retry       func(attempt int) time.Duration // delay before retrying a failed restore

	mu      sync.Mutex
	queue   []shieldJob
	wake    chan struct{}
	state   map[string]api.ShieldBackend
	pending map[string]map[string]json.RawMessage // incident → back-end → saved, not yet put back
	raised  string                                // the incident whose shield is up, "" when none
	in      focus.Incident
	busy    bool            // a job is running
	retries map[string]bool // incidents with a restore retry scheduled: one chain each
	// renew is when each Refresher raised for the active incident is due
	// to be raised again; other jobs never push it back.
	renew map[string]time.Time
}

type shieldJob struct {
	raise   bool   // else restore
	id      string // incident
	in      focus.Incident
	reason  string // why a restore: resolved, quit, start
	attempt int
	done    chan struct{} // closed when the job has run; may be nil
}

func newShieldWorker(backends []focus.Backend, unavailable []focus.Unavailable, record func(string, string, any) error, logf func(string, ...any)) *shieldWorker {
	w := &shieldWorker{
		backends: backends, unavailable: unavailable, record: record, logf: logf,
		retry: func(attempt int) time.Duration { return min(30*time.Second<<min(attempt, 5), 10*time.Minute) },
		wake:  make(chan struct{}, 1), state: map[string]api.ShieldBackend{},
		pending: map[string]map[string]json.RawMessage{}, retries: map[string]bool{}, renew: map[string]time.Time{},
	}
	for _, b := range backends {
		w.state[b.Name()] = api.ShieldBackend{Name: b.Name(), State: shieldDown}
	}
	return w
}

// resume tells the worker what an incident's journal says was saved and
// not put back yet (a restart). It must come before that incident's jobs.
func (w *shieldWorker) resume(id string, pending map[string]json.RawMessage) {
	if len(pending) == 0 {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending[id] = pending
}

// raise queues raising the shield for an incident (again, after a restart).
func (w *shieldWorker) raise(id string, in focus.Incident) {
	w.enqueue(shieldJob{raise: true, id: id, in: in})
}

// restore queues putting back everything the incident's shield changed.
func (w *shieldWorker) restore(id, reason string) chan struct{} {
	done := make(chan struct{})
	w.enqueue(shieldJob{id: id, reason: reason, done: done})
	return done
}

func (w *shieldWorker) enqueue(j shieldJob) {
	w.mu.Lock()
	w.queue = append(w.queue, j)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// run works the queue until ctx ends, and renews the shields that run out
// on their own (Slack's snooze) while one is up.
func (w *shieldWorker) run(ctx context.Context) {
	refresh := time.NewTimer(time.Hour)
	defer refresh.Stop()
	for {
		for {
			w.mu.Lock()
			if len(w.queue) == 0 {
				w.mu.Unlock()
				break
			}
			j := w.queue[0]
			w.queue = w.queue[1:]
			w.busy = true
			w.mu.Unlock()
			w.do(ctx, j)
			w.mu.Lock()
			w.busy = false
			w.mu.Unlock()
			if ctx.Err() != nil {
				return
			}
		}
		if due, ok := w.nextDue(); ok {
			refresh.Reset(time.Until(due))
		} else {
			refresh.Stop()
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-refresh.C:
			w.refresh(ctx)
		}
	}
}

// settle waits until the queued jobs have run — a restore just after
// Resolve must not be lost to quitting — or until timeout.
func (w *shieldWorker) settle(timeout time.Duration) {
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		w.mu.Lock()
		idle := len(w.queue) == 0 && !w.busy
		w.mu.Unlock()
		if idle {
			return
		}
	}
	w.logf("warning: the focus shield was not all put back before quitting; it will be at the next start")
}

func (w *shieldWorker) do(ctx context.Context, j shieldJob) {
	if j.done != nil {
		defer close(j.done)
	}
	if j.raise {
		w.doRaise(ctx, j.id, j.in)
		return
	}
	w.doRestore(ctx, j)
}

func (w *shieldWorker) raisedID() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.raised
}

func (w *shieldWorker) savedOf(id, name string) (json.RawMessage, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s, ok := w.pending[id][name]
	return s, ok
}

func (w *shieldWorker) backend(name string) focus.Backend {
	for _, b := range w.backends {
		if b.Name() == name {
			return b
		}
	}
	return nil
}

func (w *shieldWorker) set(name, state, errText string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.state[name] = api.ShieldBackend{Name: name, State: state, Error: errText}
}

func (w *shieldWorker) fail(name string, err error) {
	w.set(name, shieldFailed, err.Error())
	w.logf("focus shield: %s: %v", name, err)
}

// view is every back-end's state, configured ones first.
func (w *shieldWorker) view() []api.ShieldBackend {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := []api.ShieldBackend{}
	for _, b := range w.backends {
		out = append(out, w.state[b.Name()])
	}
	for _, u := range w.unavailable {
		out = append(out, api.ShieldBackend{Name: u.Name, State: shieldUnavailable, Error: u.Why})
	}
	return out
}

// withDeadline runs one back-end operation with its own deadline.
func withDeadline(ctx context.Context, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, shieldTimeout)
	defer cancel()
	return fn(ctx)
}
