package updates

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// Recorder makes a delivery event durable in the journal of the incident it
// belongs to. The engine implements it.
type Recorder interface {
	Record(incidentID, kind string, data any) error
}

// Options tune the outbox. Zero values take the defaults.
type Options struct {
	Recorder    Recorder
	Now         func() time.Time
	Timeout     time.Duration // per try; default 15s
	BaseBackoff time.Duration // first retry after about this; default 2s
	MaxBackoff  time.Duration // backoff cap; default 5m
	DeadAfter   time.Duration // a channel failing this long is dead; default 24h
	OnChange    func()        // called after each delivery or failure (status page, tray)
	// Prepare readies a stored message for a send: it adds what must not
	// be stored (the status page's token). Nil: sent as stored.
	Prepare func(Message) Message
	Logf    func(format string, args ...any)
}

// Outbox delivers messages: concurrently across channels, strictly in order
// within one, retrying with capped exponential backoff and jitter until each
// message arrives, or its channel refuses that message for good
// (IsRejected: recorded as undelivered, and the next one goes). Every
// outcome is recorded through the Recorder, so after a crash the ledger
// says exactly what is still owed. When recording an outcome fails (a full
// disk) the worker still goes on with the next message: delivery is in
// order, so the next outcome recorded settles this one too (see Replay).
type Outbox struct {
	opts Options
	ctx  context.Context
	wg   sync.WaitGroup

	mu      sync.Mutex
	order   []string // registration order, for a stable status listing
	workers map[string]*worker
}

// ChannelStatus is one channel's delivery state.
type ChannelStatus struct {
	Name, Type string
	Delivered  int // for the incident asked about
	Pending    int // across incidents
	// Undelivered are the incident's messages the channel refused for
	// good, oldest first; the channel went on with the next ones.
	Undelivered []Rejection
	State       string // StateOK, StateRetrying, StateDead or StateMisconfigured
	LastError   string
	Reason      string // LastError in a few words; "" while delivering
}

// Channel states as `status --json` shows them (and StateMisconfigured).
const (
	StateOK       = "ok"
	StateRetrying = "retrying"
	StateDead     = "dead"
)

type worker struct {
	name, typ    string
	ch           Channel
	queue        []Message
	delivered    map[string]int         // by incident id
	rejected     map[string][]Rejection // by incident id
	flushes      []*Flush               // `channels test` callers waiting for the backlog
	attempts     int
	lastErr      string
	failingSince time.Time
	retryAt      time.Time
	dead         bool
	refusedInRow int  // messages refused one after another: at maxRefusedInRow the channel is at fault
	removed      bool // taken out of the config: its worker ends
	wake         chan struct{}
}

// NewOutbox returns an outbox whose workers run until ctx ends.
func NewOutbox(ctx context.Context, opts Options) *Outbox {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.BaseBackoff <= 0 {
		opts.BaseBackoff = 2 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Minute
	}
	if opts.DeadAfter <= 0 {
		opts.DeadAfter = 24 * time.Hour
	}
	if opts.Prepare == nil {
		opts.Prepare = func(m Message) Message { return m }
	}
	if opts.OnChange == nil {
		opts.OnChange = func() {}
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	return &Outbox{opts: opts, ctx: ctx, workers: map[string]*worker{}}
}

// Register adds a channel, or replaces one of the same name (a fixed
// config). A replaced dead channel stays dead until Test succeeds: the
// user's test message is what proves the fix, and it goes first.
func (o *Outbox) Register(typ string, ch Channel) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if w, ok := o.workers[ch.Name()]; ok {
		w.ch, w.typ = ch, typ
		return
	}
	w := &worker{name: ch.Name(), typ: typ, ch: ch, delivered: map[string]int{}, rejected: map[string][]Rejection{}, wake: make(chan struct{}, 1)}
	o.workers[w.name] = w
	o.order = append(o.order, w.name)
	o.wg.Add(1)
	go o.run(w)
}

// Remove takes a channel out (it left the config): nothing more goes to
// it, and the messages it still owed are dropped; it returns how many.
// The ledger still says they were owed: a restart reports them as owed to
// a channel no longer configured.
func (o *Outbox) Remove(name string) (dropped int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	w, ok := o.workers[name]
	if !ok {
		return 0
	}
	dropped, w.queue, w.removed = len(w.queue), nil, true
	w.failedAgain("the channel was removed from the config")
	delete(o.workers, name)
	o.order = slices.DeleteFunc(o.order, func(n string) bool { return n == name })
	w.poke()
	return dropped
}

// Has reports whether a channel of that name is registered.
func (o *Outbox) Has(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, ok := o.workers[name]
	return ok
}

// RetryNow makes a failing channel try again at once instead of when its
// backoff runs out (up to MaxBackoff): what made it fail is known to be
// gone (a drill's scripted fault was dropped). Its failure streak stays,
// so a channel that fails again backs off as before. A dead channel stays
// dead: only a test message (Test) proves it fixed. It reports whether the
// channel was waiting to retry.
func (o *Outbox) RetryNow(name string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	w, ok := o.workers[name]
	if !ok || w.dead || w.retryAt.IsZero() {
		return false
	}
	w.retryAt = time.Time{}
	w.poke()
	return true
}

// Restore loads what an incident's ledger says is still owed. Call it at
// start, oldest incident first, after Register. It returns the names of
// channels owed messages that are no longer configured.
func (o *Outbox) Restore(incidentID string, l *Ledger) (missing []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for name, c := range l.Channels {
		w, ok := o.workers[name]
		if !ok {
			if len(c.Pending) > 0 {
				missing = append(missing, name)
			}
			continue
		}
		w.delivered[incidentID] += c.Delivered
		w.rejected[incidentID] = append(w.rejected[incidentID], c.Undelivered...)
		w.queue = append(w.queue, c.Pending...)
		if len(c.Pending) > 0 && c.Attempts > 0 {
			w.attempts, w.lastErr, w.failingSince, w.retryAt, w.dead = c.Attempts, c.LastError, c.FailingSince, c.RetryAt, c.Dead
		}
		w.poke()
	}
	return missing
}

// Add queues m for the named channels. The caller has already made the
// EventQueued durable. Unknown names are ignored.
func (o *Outbox) Add(m Message, channels []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, name := range channels {
		if w, ok := o.workers[name]; ok {
			w.queue = append(w.queue, m)
			w.poke()
		}
	}
}

// Status lists every channel, with deliveries counted for incidentID.
func (o *Outbox) Status(incidentID string) []ChannelStatus {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]ChannelStatus, 0, len(o.order))
	for _, name := range o.order {
		w := o.workers[name]
		st, lastErr := w.state()
		out = append(out, ChannelStatus{Name: name, Type: w.typ, Delivered: w.delivered[incidentID], Pending: len(w.queue),
			State: st, LastError: lastErr, Reason: Reason(st, lastErr),
			Undelivered: slices.Clone(w.rejected[incidentID])})
	}
	return out
}

// Wait blocks until every worker stopped (after ctx ended).
func (o *Outbox) Wait() { o.wg.Wait() }

func (w *worker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// revive clears a failure streak so the queue is tried at once. Callers hold o.mu.
func (w *worker) revive() {
	w.dead = false
	w.clearStreak()
	w.refusedInRow = 0
	w.poke()
}

// clearStreak forgets failed tries: the channel took (or refused for good)
// the message it was trying. Callers hold o.mu.
func (w *worker) clearStreak() {
	w.attempts, w.lastErr, w.failingSince, w.retryAt = 0, "", time.Time{}, time.Time{}
}

// backoff is the wait before try attempt+1: exponential from base, capped,
// with jitter in [d/2, d) so channels that failed together do not retry in
// lockstep.
func backoff(attempt int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	return d/2 + rand.N(d/2+1)
}
