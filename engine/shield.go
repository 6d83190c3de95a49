package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/incident"
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

func (w *shieldWorker) doRaise(ctx context.Context, id string, in focus.Incident) {
	w.mu.Lock()
	w.raised, w.in = id, in
	clear(w.renew)
	saved := w.pending[id]
	if saved == nil {
		saved = map[string]json.RawMessage{}
		w.pending[id] = saved
	}
	w.mu.Unlock()
	for _, b := range w.backends {
		name := b.Name()
		w.set(name, shieldRaising, "")
		if _, ok := w.savedOf(id, name); !ok {
			if err := w.save(ctx, id, b); err != nil {
				w.fail(name, err)
				continue
			}
		}
		err := w.raiseOne(ctx, b, in)
		if err != nil {
			w.fail(name, err)
			continue
		}
		w.set(name, shieldUp, "")
	}
}

// raiseOne raises b and, for a Refresher, sets when to raise it again.
func (w *shieldWorker) raiseOne(ctx context.Context, b focus.Backend, in focus.Incident) error {
	_, err := call(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, b.Raise(ctx, in) })
	if r, ok := b.(focus.Refresher); ok && r.RefreshEvery() > 0 {
		w.mu.Lock()
		w.renew[b.Name()] = time.Now().Add(r.RefreshEvery())
		w.mu.Unlock()
	}
	return err
}

// save journals what b is about to change for incident id. When an
// earlier incident's shield for b was never put back (its restore still
// failing), the desk is not as the user left it: that incident's saved
// state is carried over instead of saving the shielded one as original.
func (w *shieldWorker) save(ctx context.Context, id string, b focus.Backend) error {
	name := b.Name()
	from, s, carried := w.unrestored(id, name)
	if !carried {
		var err error
		if s, err = call(ctx, func(ctx context.Context) (json.RawMessage, error) { return b.Save(ctx) }); err != nil {
			return fmt.Errorf("could not read what it would change, so it stays as it is: %w", err)
		}
	}
	if err := w.record(id, incident.KindShieldSaved, incident.ShieldSaved{Backend: name, Saved: s}); err != nil {
		return fmt.Errorf("could not record its current state, so it stays as it is: %w", err)
	}
	w.mu.Lock()
	w.pending[id][name] = s
	if carried {
		delete(w.pending[from], name)
	}
	w.mu.Unlock()
	if carried {
		if err := w.record(from, incident.KindShieldRestored, incident.ShieldRestored{Backend: name, Reason: "carried over to " + id}); err != nil {
			w.logf("warning: %s: could not record that incident %s's saved state moved to %s: %v", name, from, id, err)
		}
	}
	return nil
}

// unrestored finds another incident's saved state for a back-end that
// was never put back.
func (w *shieldWorker) unrestored(id, name string) (from string, saved json.RawMessage, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for other, byName := range w.pending {
		if s, found := byName[name]; found && other != id {
			return other, s, true
		}
	}
	return "", nil, false
}

// refresh raises again the Refreshers that are due, while the active
// incident's shield is up.
func (w *shieldWorker) refresh(ctx context.Context) {
	w.mu.Lock()
	id, in := w.raised, w.in
	var due []string
	for name, at := range w.renew {
		if !time.Now().Before(at) {
			due = append(due, name)
		}
	}
	w.mu.Unlock()
	for _, name := range due {
		b := w.backend(name)
		if _, saved := w.savedOf(id, name); b == nil || id == "" || !saved {
			continue
		}
		if err := w.raiseOne(ctx, b, in); err != nil {
			w.fail(name, fmt.Errorf("renewing: %w", err))
			continue
		}
		w.set(name, shieldUp, "")
	}
}

// nextDue is the earliest renewal, if the shield is up.
func (w *shieldWorker) nextDue() (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var first time.Time
	if w.raised == "" {
		return first, false
	}
	for _, at := range w.renew {
		if first.IsZero() || at.Before(first) {
			first = at
		}
	}
	return first, !first.IsZero()
}

func (w *shieldWorker) doRestore(ctx context.Context, j shieldJob) {
	w.mu.Lock()
	if w.raised == j.id {
		w.raised = ""
		clear(w.renew)
	}
	if j.attempt > 0 {
		delete(w.retries, j.id)
	}
	saved := w.pending[j.id]
	raised := w.pending[w.raised]
	w.mu.Unlock()
	failed := false
	for name, s := range saved {
		b := w.backend(name)
		_, shieldedNow := raised[name]
		switch {
		case shieldedNow:
			// The active incident holds this back-end's shield (and, carried
			// over, the user's state): putting it back now would drop it.
			w.closeEntry(j.id, name, "carried over to "+w.raisedID())
			continue
		case b == nil:
			w.logf("warning: incident %s changed %s, which is no longer configured here: put it back by hand (saved: %s)", j.id, name, s)
			w.closeEntry(j.id, name, "abandoned: "+name+" no longer configured")
			continue
		}
		w.set(name, shieldRestoring, "")
		if _, err := call(ctx, func(ctx context.Context) (struct{}, error) { return struct{}{}, b.Restore(ctx, s) }); err != nil {
			w.fail(name, fmt.Errorf("could not put it back (retrying): %w", err))
			failed = true
			continue
		}
		if err := w.record(j.id, incident.KindShieldRestored, incident.ShieldRestored{Backend: name, Reason: j.reason}); err != nil {
			w.logf("warning: %s put back, but not recorded (it will be put back again at the next start): %v", name, err)
		}
		w.mu.Lock()
		delete(saved, name)
		w.mu.Unlock()
		w.set(name, shieldDown, "")
		w.logf("focus shield: %s put back (%s)", name, j.reason)
	}
	w.mu.Lock()
	if len(saved) == 0 {
		delete(w.pending, j.id)
	}
	w.mu.Unlock()
	w.mu.Lock()
	schedule := failed && ctx.Err() == nil && !w.retries[j.id]
	if schedule {
		w.retries[j.id] = true
	}
	w.mu.Unlock()
	if schedule {
		next := shieldJob{id: j.id, reason: j.reason, attempt: j.attempt + 1}
		time.AfterFunc(w.retry(j.attempt), func() { w.enqueue(next) })
	}
}

// closeEntry records that an incident's saved state for a back-end is no
// longer its to put back, and forgets it.
func (w *shieldWorker) closeEntry(id, name, reason string) {
	if err := w.record(id, incident.KindShieldRestored, incident.ShieldRestored{Backend: name, Reason: reason}); err != nil {
		w.logf("warning: %s: %v", name, err)
	}
	w.mu.Lock()
	delete(w.pending[id], name)
	w.mu.Unlock()
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

// call runs one back-end operation with its own deadline.
func call[T any](ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, shieldTimeout)
	defer cancel()
	return fn(ctx)
}
