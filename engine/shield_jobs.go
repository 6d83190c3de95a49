package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/incident"
)

// The shield worker's jobs: raising a shield (saving first), renewing
// what runs out, and putting it back.

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
		if err := w.raiseOne(ctx, b, in); err != nil {
			w.fail(name, err)
			continue
		}
		w.set(name, shieldUp, "")
	}
}

// raiseOne raises b and, for a Refresher, sets when to raise it again.
func (w *shieldWorker) raiseOne(ctx context.Context, b focus.Backend, in focus.Incident) error {
	err := withDeadline(ctx, func(ctx context.Context) error { return b.Raise(ctx, in) })
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
		if err := withDeadline(ctx, func(ctx context.Context) (err error) { s, err = b.Save(ctx); return err }); err != nil {
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
		if err := withDeadline(ctx, func(ctx context.Context) error { return b.Restore(ctx, s) }); err != nil {
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
