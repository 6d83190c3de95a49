package alerts

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/notify"
)

// trouble is the incident's second notification: the channels that stopped
// delivering. It is apart from the slot so that neither hides the other:
// a channel failing must not take away the open question (Post update),
// nor a prompt the news that stakeholders are not hearing it. It is shown
// when a channel starts failing, not again while the same ones fail,
// replaced in place as channels recover, and says "delivering again"
// quietly when the last one does.
type trouble struct {
	incident string
	failing  []string // names of the channels not delivering, as last told
	id       uint32   // 0: none on screen
	wanted   bool     // on screen unless the user dismissed it
	shown    notify.Notification
	timer    *time.Timer
}

// observeDelivery compares the channels with what the engineer was last
// told. A new incident starts from "all deliver": a channel failing as it
// is declared is news that needs fixing, which the declaration's passing
// confirmation cannot hold. The first look (a restart) only takes note.
func (a *Alerts) observeDelivery(ctx context.Context, st api.Status, first bool) {
	t := &a.trouble
	if st.Incident == nil || st.Incident.ID != t.incident {
		a.closeTroubleLocked(ctx)
		a.trouble = trouble{}
		if st.Incident == nil {
			return
		}
		a.trouble.incident = st.Incident.ID
		if first {
			a.trouble.failing = failingNames(st.Channels)
			return
		}
	}
	now := failingNames(st.Channels)
	was := t.failing
	t.failing = now
	switch {
	case slices.Equal(now, was):
	case slices.ContainsFunc(now, func(n string) bool { return !slices.Contains(was, n) }):
		a.report(a.showTroubleLocked(ctx, notDelivering(st.Channels, a.windows())))
	case !t.wanted:
		// dismissed: a recovery is not worth a new notification
	case len(now) == 0:
		a.report(a.showTroubleLocked(ctx, deliveringAgain(was)))
		a.lingerTroubleLocked(ctx)
	default:
		a.report(a.showTroubleLocked(ctx, notDelivering(st.Channels, a.windows()))) // fewer now: in place
	}
}

func (a *Alerts) windows() bool { return a.o.Windows != nil }

// failingNames are the channels not delivering, in configuration order,
// and those that refused messages of this incident ("hook refused 2"), so
// that each new refusal is news too.
func failingNames(chans []api.Channel) []string {
	var names []string
	for _, c := range chans {
		switch {
		case !c.Delivering():
			names = append(names, c.Name)
		case c.Undelivered > 0:
			names = append(names, c.Name+" refused "+strconv.Itoa(c.Undelivered))
		}
	}
	return names
}

// showTroubleLocked shows n as the delivery notification, replacing the one
// on screen. Callers hold a.mu.
func (a *Alerts) showTroubleLocked(ctx context.Context, n notify.Notification) error {
	t := &a.trouble
	stopTimer(&t.timer)
	n.Replaces = t.id
	call, cancel := context.WithTimeout(ctx, a.o.Timeout)
	defer cancel()
	id, err := a.o.Desktop.Show(call, n)
	t.shown, t.wanted = n, true // shown again if the server comes back
	if err != nil {
		return err
	}
	t.id = id
	return nil
}

// lingerTroubleLocked closes the "delivering again" after Linger.
func (a *Alerts) lingerTroubleLocked(ctx context.Context) {
	t := &a.trouble
	t.wanted = false // nothing to show again on a new server
	if t.id == 0 {
		return
	}
	id, later := t.id, context.WithoutCancel(ctx)
	t.timer = time.AfterFunc(a.o.Linger, func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.trouble.id == id && len(a.trouble.failing) == 0 {
			a.closeTroubleLocked(later)
		}
	})
}

// closeTroubleLocked takes the delivery notification off the screen.
func (a *Alerts) closeTroubleLocked(ctx context.Context) {
	t := &a.trouble
	stopTimer(&t.timer)
	id := t.id
	t.id, t.wanted = 0, false
	if id == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, a.o.Timeout)
	defer cancel()
	a.report(a.o.Desktop.Close(ctx, id))
}

// handleTrouble acts on what happened to the delivery notification; false
// when ev is not about it.
func (a *Alerts) handleTrouble(ctx context.Context, ev notify.Event) bool {
	t := &a.trouble
	switch {
	case ev.Kind == notify.Gone:
		t.id = 0
		return false // the slot hears of it too
	case ev.Kind == notify.Appeared:
		if t.wanted && len(t.failing) > 0 {
			a.report(a.showTroubleLocked(ctx, t.shown))
		}
		return false
	case ev.ID == 0 || ev.ID != t.id:
		return false
	case ev.Kind == notify.Closed:
		t.id, t.wanted = 0, false
	case ev.Kind == notify.Invoked && a.o.Windows != nil:
		a.report(a.o.Windows.Open(window.Settings))
	}
	return true
}

func stopTimer(t **time.Timer) {
	if *t != nil {
		(*t).Stop()
		*t = nil
	}
}
