// Package engine is keepcool's heart: it owns the active incident's journal
// and its schedule, and serves the control API that the CLI, the tray and the
// windows use. One engine runs per user.
package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/schedule"
	"github.com/keepcool/keepcool/updates"
)

// Prompter asks the engineer for something: an update, a new estimate. The
// daemon shows a desktop notification; the tray opens a window.
type Prompter interface {
	Prompt(ctx context.Context, p Prompt) error
}

// Prompt is one request to the engineer.
type Prompt struct {
	Reason   incident.PromptReason
	ID       string
	Title    string
	Severity int
	Estimate incident.Estimate
	Promised time.Time // the update time stakeholders were promised
	LastNote string
}

// Options configure an engine. Paths and Config are required.
type Options struct {
	Paths    config.Paths
	Config   config.Config
	Engineer string           // fallback when the config names none
	Now      func() time.Time // nil: time.Now
	Prompter Prompter         // nil: prompts are only logged
	Log      io.Writer        // one line per thing the engine does; nil: discarded
	Tick     time.Duration    // wall-clock re-check interval; 0: 30s

	// Channels are the configured stakeholder channels; StatusPage, when
	// set, is served on Config.StatusPage.Listen and gets every message.
	Channels   []Registered
	StatusPage StatusPage
	// Reload re-reads the config and rebuilds the channels, so that fixing
	// a channel and running `channels test` revives it. Nil: no reload.
	Reload func() (config.Config, []Registered, error)
	// Retry tunes the outbox (tests); zero values take its defaults.
	Retry updates.Options
	// SnapshotEvery is how many events of a journal a start replays before
	// a snapshot beside it spares the next start that (snapshot.go); 0:
	// 1,000.
	SnapshotEvery int
	// Shield are the focus back-ends raised while an incident is active;
	// ShieldUnavailable those that cannot run here, for status to explain.
	Shield            []focus.Backend
	ShieldUnavailable []focus.Unavailable
	// OnReady, when set, is called once the control API answers, with the
	// status page's URL ("" when it is not served). Until then Status and
	// the commands must not be called; the tray waits for it.
	OnReady func(statusPageURL string)
	// Drills shows scheduled drills' reminders and scenarios' scripted
	// messages (drill.go); nil: they are only logged.
	Drills DrillNotifier
	// Windows opens keepcool's windows for clients (POST /v1/window,
	// window.go): the tray's launcher, so a window asked for from a
	// desktop action or the CLI is the one the tray would open, never a
	// second. Nil (the daemon): clients open windows themselves.
	Windows Windows
}

// StatusPage is the live local page: a channel that also serves HTTP.
type StatusPage interface {
	updates.Channel
	// Seed gives the page the latest incident's first and latest
	// messages (updates.Ledger.Tail) and how many it has in all.
	Seed(msgs []updates.Message, total int)
	Handler(token string) http.Handler
	Close() // ends open live connections, so the server can shut down
}

const statusPageType = "statuspage"

// Engine is one running keepcool engine.
type Engine struct {
	opts    Options
	now     func() time.Time
	policy  schedule.Policy
	store   store
	wake    chan struct{}
	log     *lineLog
	subMu   sync.Mutex
	subs    []chan struct{}
	rev     atomic.Uint64 // counts changes, for Watch
	watch   *watchers
	prompts sync.WaitGroup // prompt goroutines, waited for before Run returns
	shield  *shieldWorker
	snaps   sync.WaitGroup    // snapshots being written, waited for by closeJournals
	pmMu    sync.Mutex        // one post-mortem written at a time (rewritePostMortem)
	pmAsked atomic.Uint64     // rewritePostMortem calls so far: their tickets
	pmDone  map[string]uint64 // under pmMu: per incident, the tickets its last write covered
	snapMu  sync.Mutex        // one snapshot written at a time
	quit    chan struct{}     // closed by Quit: Run returns
	quitted sync.Once

	mu         sync.Mutex
	journal    *incident.Journal            // the active incident's, nil when idle
	state      incident.State               // the active incident, zero when idle; it keeps no events (see live.go)
	keys       map[string]bool              // the idempotency keys the active incident's events carry
	told       map[string]bool              // the channels told anything of the active incident
	last       incident.Event               // the event appended last to the active journal
	unsnapped  map[string]int               // by journal path: events appended since its snapshot
	draining   map[string]*incident.Journal // resolved incidents whose deliveries are still recorded
	endedLinks map[string]map[string]string // by incident: links changed after the declaration, for its messages sent once it ended (link.go)
	lastID     string                       // the latest incident, for channel counts when idle
	channels   []Registered
	outbox     *updates.Outbox
	statusURL  string      // the status page as stakeholders can reach it; "" on loopback unless public_url is set
	pageURL    string      // the status page as this machine opens it; "" when not served
	pageToken  string      // added to statusURL in what leaves the machine; never journalled or logged
	page       *pageSwitch // the served page's handler, swapped when a reload changes its settings

	hist   historyCache // the history index between requests
	faults faults       // appends that fail on purpose (tests only)
	drills drillState   // scenarios' scripted events and faults, the drills log (drill.go)
}

// New checks the options; nothing touches the disk until Run.
func New(opts Options) (*Engine, error) {
	if opts.Paths.StateDir == "" || opts.Paths.Socket == "" {
		return nil, errors.New("engine: paths not set")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.Tick <= 0 {
		opts.Tick = 30 * time.Second
	}
	inc := opts.Config.Incident
	e := &Engine{
		opts: opts,
		now:  opts.Now,
		policy: schedule.Policy{
			Cadence: inc.Cadence, Grace: inc.Grace, CadenceBySeverity: inc.CadenceBySeverity,
		},
		log:      newLineLog(opts.Log),
		store:    store{dir: opts.Paths.IncidentsDir()},
		wake:     make(chan struct{}, 1),
		quit:     make(chan struct{}),
		watch:    newWatchers(),
		draining: map[string]*incident.Journal{},

		unsnapped: map[string]int{},
	}
	e.log.setStyle(e.timeStyleLocked()) // nothing else holds e yet
	e.opts.Channels, e.opts.Reload = e.drillChannels(opts.Channels), e.drillReload(opts.Reload)
	if sp := opts.Config.StatusPage; sp.Listen != "off" {
		// Set before any worker runs: restored messages get it too. It is
		// only added to a message that links to the page.
		e.pageToken = sp.Token
	}
	e.shield = newShieldWorker(opts.Shield, opts.ShieldUnavailable, e.Record, e.logf)
	return e, nil
}

// Run starts the engine and blocks until ctx ends. It returns an
// *AlreadyRunningError when another engine owns the state dir.
func (e *Engine) Run(ctx context.Context) error {
	if err := os.MkdirAll(e.store.dir, 0o700); err != nil {
		return fmt.Errorf("create state dir: %w", err)
	}
	defer e.log.close()
	lock, err := acquireLock(e.opts.Paths.LockFile())
	if err != nil {
		return err
	}
	defer lock.release()
	defer e.prompts.Wait()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e.startOutbox(ctx)
	defer e.closeJournals()
	defer e.outbox.Wait()
	defer cancel() // stop the outbox before its journals close
	if err := e.resume(); err != nil {
		return err
	}
	// The shield's worker records into journals under e.mu: it starts once
	// resume, which works without the lock, is done; its jobs waited.
	shieldCtx, stopShield := context.WithCancel(context.Background())
	shieldDone := make(chan struct{})
	go func() { e.shield.run(shieldCtx); close(shieldDone) }()
	defer func() {
		// A restore queued just before quitting (resolve, then quit) still
		// runs, within reason; then the worker stops before the journals close.
		e.shield.settle(10 * time.Second)
		stopShield()
		<-shieldDone
	}()
	if stop := e.serveStatusPage(ctx); stop != nil {
		defer stop()
	}
	e.mu.Lock()
	if e.journal != nil { // mid-incident restart: the shield stays up (KDE's went with the old process)
		e.shield.raise(e.state.ID, e.shieldIncident(e.state))
	}
	e.mu.Unlock()
	ln, err := listen(e.opts.Paths.Socket)
	if err != nil {
		return err
	}
	// Watch requests wait ~20 s for a change; an idle client connection is
	// closed after a minute, so nothing holds the socket's descriptors.
	srv := &http.Server{Handler: e.routes(), ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	srv.RegisterOnShutdown(e.watch.close)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	defer os.Remove(e.opts.Paths.Socket)

	tickDone := make(chan error, 1)
	go func() { tickDone <- schedule.Ticker(ctx, e.opts.Tick, e.poke) }()

	e.logf("ready: control socket %s", e.opts.Paths.Socket)
	if e.opts.OnReady != nil {
		e.opts.OnReady(e.pageURL)
	}
	loopErr := e.loop(ctx, serveErr)

	shutdownCtx, done := context.WithTimeout(context.Background(), 3*time.Second)
	defer done()
	_ = srv.Shutdown(shutdownCtx)
	cancel()
	<-tickDone
	return loopErr
}

// closeJournals closes every open journal, then snapshots those that
// grew (a clean stop) and waits for every snapshot being written.
func (e *Engine) closeJournals() {
	e.mu.Lock()
	var grew []string
	if e.journal != nil {
		e.journal.Close()
		grew = append(grew, e.state.ID)
		e.journal = nil
	}
	for id, j := range e.draining {
		j.Close()
		grew = append(grew, id)
		delete(e.draining, id)
	}
	for i := 0; i < len(grew); i++ {
		if e.unsnapped[e.store.path(grew[i])] == 0 {
			grew = slices.Delete(grew, i, i+1)
			i--
		}
	}
	e.mu.Unlock()
	for _, id := range grew {
		e.checkpointNow(id)
	}
	e.snaps.Wait()
}

// loop acts on whatever is due, then sleeps until the next due time, a
// wall-clock tick or a change of state, whichever comes first.
func (e *Engine) loop(ctx context.Context, serveErr <-chan error) error {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		wait, armed := e.step(ctx)
		wait, armed = e.drillStep(ctx, wait, armed)
		if armed {
			timer.Reset(wait)
		} else {
			timer.Stop()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-e.quit:
			return nil
		case err := <-serveErr:
			return fmt.Errorf("control API stopped: %w", err)
		case <-e.wake:
		case <-timer.C:
		}
	}
}

// poke wakes the loop; it never blocks.
func (e *Engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

func (e *Engine) logf(format string, args ...any) {
	e.log.printAt(e.now(), fmt.Sprintf(format, args...))
}

func listen(path string) (net.Listener, error) {
	// The lock is held, so a socket file left here is a dead engine's.
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove stale socket %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create socket dir: %w", err)
	}
	if len(path) > 100 {
		return nil, fmt.Errorf("socket path %s is too long for a unix socket (max ~100 bytes): set KEEPCOOL_HOME or XDG_RUNTIME_DIR to a shorter directory", path)
	}
	ln, err := listenUnix(path)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("restrict socket %s: %w", path, err)
	}
	return ln, nil
}
