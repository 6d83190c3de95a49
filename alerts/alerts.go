// Package alerts decides which desktop notification the engineer gets about
// the incident: one per incident, replaced as things change (a prompt, the
// next prompt, a holding message that went out) and closed once it has been
// answered (a note, a no-change, a revised estimate) or the incident ends.
// Where windows can open, it carries a "Post update" action that opens the
// prompt for the user. It learns what happened by watching the engine's
// state, so a note from the CLI, the tray or a window closes it alike.
//
// A second notification says when stakeholder channels stop delivering
// (dead, misconfigured, or their last try failed) during the incident:
// shown once when a channel starts failing, not repeated while it fails,
// and quietly "delivering again" once every channel delivers. At most two
// notifications per incident, then: the question and the delivery trouble.
package alerts

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/timefmt"
)

// Desktop shows notifications; *notify.Desktop does.
type Desktop interface {
	Show(ctx context.Context, n notify.Notification) (uint32, error)
	Close(ctx context.Context, id uint32) error
	Events() <-chan notify.Event
}

// Engine is what alerts watches; *engine.Engine has it.
type Engine interface {
	Status() api.Status
	Subscribe() (changes <-chan struct{}, cancel func())
	// TimeStyle is how the engineer reads times as the config says now: a
	// reload may change it, so it is asked for each notification.
	TimeStyle() timefmt.Style
}

// Windows opens a window for a user who asked; *tray.Launcher does.
type Windows interface {
	Open(name string) error
}

// Options configure Alerts. Desktop is required.
type Options struct {
	Desktop Desktop
	// Windows opens the prompt when the user picks the notification's
	// action; nil (no windows can open here): no action is offered.
	Windows Windows
	Log     io.Writer     // what went wrong; nil: discarded
	Linger  time.Duration // how long a confirmation stays up; 0: 10s
	Timeout time.Duration // for each call to the notification server; 0: 5s
	// Times is how times read until Watch starts (then the engine's
	// TimeStyle, asked each time); zero: this machine's zone, 24-hour.
	Times timefmt.Style
	// Now is the reader's clock: a time on another day than its now
	// carries the day. nil: time.Now.
	Now func() time.Time
}

// Alerts is the incident's notification. It is an engine.Prompter; Watch
// follows the engine.
type Alerts struct {
	o Options

	mu   sync.Mutex
	eng  Engine // set by Watch
	slot slot   // what is on screen
	seen seen   // the engine's state as last observed
	// trouble is the channels not delivering, as the engineer was told.
	trouble trouble
	timer   *time.Timer
	// lastErr is the last error reported, "" after a success.
	lastErr string
}

// ask is what the notification on screen asks of the engineer.
type ask int

const (
	none     ask = iota
	update       // a progress note (a prompt, or a holding message went out)
	estimate     // a new estimate
	info         // nothing: a confirmation, closed after Linger
)

// slot is the one notification of an incident.
type slot struct {
	incident string
	id       uint32 // 0: none on screen
	ask      ask
	shown    notify.Notification // shown again if the server restarts
}

// seen is what Watch last saw of the engine.
type seen struct {
	watching  bool
	incident  string // "" when idle
	notes     int
	revisions int
	snoozed   time.Time // until when prompts are snoozed; zero: not
}

// New returns Alerts; nothing is shown until a prompt or Watch.
func New(o Options) *Alerts {
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Linger <= 0 {
		o.Linger = 10 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Alerts{o: o}
}

// Prompt shows the engine's request, replacing the incident's notification.
func (a *Alerts) Prompt(ctx context.Context, p engine.Prompt) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stale(p) {
		return nil
	}
	kind, n := update, updateDue(a.style(), a.o.Now(), p)
	if isEstimate(p) {
		kind, n = estimate, estimatePassed(a.style(), a.o.Now(), p)
	}
	return a.novel(a.showLocked(ctx, p.ID, kind, n)) // the engine logs it
}

// style is how the engineer reads times now. Callers hold a.mu.
func (a *Alerts) style() timefmt.Style {
	if a.eng == nil {
		return a.o.Times
	}
	return a.eng.TimeStyle()
}

// stale reports a prompt already answered by the time it arrives (it is
// handed over on a goroutine of its own): its incident ended, or a note
// moved the promise, or the estimate was revised.
func (a *Alerts) stale(p engine.Prompt) bool {
	if a.eng == nil {
		return false
	}
	inc := a.eng.Status().Incident
	switch {
	case inc == nil || inc.ID != p.ID:
		return true
	case isEstimate(p):
		return !inc.Estimate.MaxAt.Equal(p.Estimate.MaxAt)
	default:
		return inc.NextUpdateDue != nil && !inc.NextUpdateDue.Equal(p.Promised)
	}
}

// Watch follows the engine until ctx ends, then closes what it showed: its
// action would open nothing once keepcool is gone. Call it once the
// engine's API answers (engine.Options.OnReady).
func (a *Alerts) Watch(ctx context.Context, eng Engine) {
	changes, cancel := eng.Subscribe()
	defer cancel()
	a.mu.Lock()
	a.eng = eng
	a.mu.Unlock()
	a.observe(ctx, eng.Status())
	defer a.finish(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-changes:
			a.observe(ctx, eng.Status())
		case ev := <-a.o.Desktop.Events():
			a.handle(ctx, ev)
		}
	}
}

func (a *Alerts) finish(ctx context.Context) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ctx = context.WithoutCancel(ctx)
	a.closeLocked(ctx)
	a.closeTroubleLocked(ctx)
}

// observe compares the engine's state with what was seen last and acts on
// the difference: a declaration, a note, a holding message, a revised
// estimate, the incident's end. The first observation only takes note: a
// restart must not announce an incident declared before it.
func (a *Alerts) observe(ctx context.Context, st api.Status) {
	a.mu.Lock()
	defer a.mu.Unlock()
	first := !a.seen.watching
	a.observeIncident(ctx, st)
	a.observeDelivery(ctx, st, first)
}

func (a *Alerts) observeIncident(ctx context.Context, st api.Status) {
	inc, was := st.Incident, a.seen
	if inc == nil || inc.ID != was.incident {
		if was.incident != "" && a.slot.incident == was.incident {
			a.closeLocked(ctx) // resolved
		}
		a.seen = seen{watching: true}
		if inc == nil {
			return
		}
		a.seen = seen{watching: true, incident: inc.ID, notes: inc.NoteCount(), revisions: inc.Estimate.Revisions, snoozed: snoozedUntil(inc)}
		if was.watching {
			a.report(a.showLocked(ctx, inc.ID, info, declared(a.style(), a.o.Now(), inc, st.Channels)))
		}
		return
	}
	a.seen.notes, a.seen.revisions, a.seen.snoozed = inc.NoteCount(), inc.Estimate.Revisions, snoozedUntil(inc)
	if inc.Estimate.Revisions > was.revisions && a.slot.ask == estimate {
		a.closeLocked(ctx)
	}
	if a.seen.snoozed.After(was.snoozed) && a.slot.ask != none {
		a.closeLocked(ctx) // asked again when the snooze ends
	}
	if inc.NoteCount() <= was.notes || len(inc.Notes) == 0 {
		return
	}
	last := inc.Notes[len(inc.Notes)-1]
	if last.Kind == holdingKind {
		a.report(a.showLocked(ctx, inc.ID, update, holdingSent(a.style(), a.o.Now(), inc, last)))
	} else if a.slot.ask == update || a.slot.ask == info {
		a.closeLocked(ctx) // answered
	}
}

func snoozedUntil(inc *api.Incident) time.Time {
	if inc.SnoozedUntil == nil {
		return time.Time{}
	}
	return *inc.SnoozedUntil
}

// handle acts on what the user or the server did.
func (a *Alerts) handle(ctx context.Context, ev notify.Event) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.handleTrouble(ctx, ev) {
		return
	}
	switch {
	case ev.Kind == notify.Gone:
		a.slot.id = 0 // the server took it away; the question stands
	case ev.Kind == notify.Appeared:
		// Show the open question on the new server. (slot.id is not 0 only
		// when a prompt already reached the new server.)
		if a.slot.ask == update || a.slot.ask == estimate {
			a.report(a.showLocked(ctx, a.slot.incident, a.slot.ask, a.slot.shown))
		}
	case ev.ID == 0 || ev.ID != a.slot.id:
		// another app's, or one replaced meanwhile
	case ev.Kind == notify.Closed:
		a.slot.id, a.slot.ask = 0, none // the user dismissed it: the next prompt shows a new one
	case ev.Kind == notify.Invoked:
		name := window.Prompt
		if a.slot.ask == estimate {
			name = window.Estimate
		}
		if a.o.Windows != nil {
			a.report(a.o.Windows.Open(name))
		}
	}
}

// showLocked shows n as incident's notification, replacing the one on
// screen. Callers hold a.mu.
func (a *Alerts) showLocked(ctx context.Context, incident string, kind ask, n notify.Notification) error {
	if a.slot.incident != incident {
		a.closeLocked(ctx)
		a.slot = slot{incident: incident}
	}
	n.Replaces = a.slot.id
	n.Actions = nil
	if a.o.Windows != nil && kind != info {
		n.Actions = actions(kind)
	}
	call, cancel := context.WithTimeout(ctx, a.o.Timeout)
	defer cancel()
	id, err := a.o.Desktop.Show(call, n)
	a.slot.ask, a.slot.shown = kind, n // wanted even when not shown: a server that comes back shows it
	if err != nil {
		return err
	}
	a.slot.id = id
	stopTimer(&a.timer)
	if kind == info {
		later := context.WithoutCancel(ctx)
		a.timer = time.AfterFunc(a.o.Linger, func() { a.expire(later, id) })
	}
	return nil
}

// expire closes a confirmation still on screen after Linger.
func (a *Alerts) expire(ctx context.Context, id uint32) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.slot.id == id && a.slot.ask == info {
		a.closeLocked(ctx)
	}
}

// closeLocked takes the incident's notification off the screen.
func (a *Alerts) closeLocked(ctx context.Context) {
	stopTimer(&a.timer)
	id := a.slot.id
	a.slot.id, a.slot.ask = 0, none
	if id == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, a.o.Timeout)
	defer cancel()
	a.report(a.o.Desktop.Close(ctx, id))
}

// report says what went wrong, once until something else does: a daemon
// on a machine with no desktop would otherwise repeat it at every turn.
// Callers hold a.mu.
func (a *Alerts) report(err error) {
	if a.novel(err) != nil {
		fmt.Fprintf(a.o.Log, "keepcool: warning: %v\n", err)
	}
}

// novel is err unless it is the same as the last one (nil then); a
// success forgets the last.
func (a *Alerts) novel(err error) error {
	if err == nil {
		a.lastErr = ""
		return nil
	}
	if err.Error() == a.lastErr {
		return nil
	}
	a.lastErr = err.Error()
	return err
}
