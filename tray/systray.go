//go:build !darwin || cgo

package tray

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"
	"unicode/utf16"

	"fyne.io/systray"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// Unavailable says why no tray can show here, "" when one can.
func Unavailable(getenv func(string) string) string { return noDisplay(getenv) }

// tray applies models to systray. Only its goroutines touch systray.
type tray struct {
	o      Options
	params Params
	quit   context.CancelFunc
	items  [NumItems]*systray.MenuItem
	shown  Model // what the desktop was last told
}

// Run shows the tray until ctx ends or the user picks Quit. Call it on the
// main goroutine: macOS and Windows run their event loop there.
func Run(ctx context.Context, o Options) error {
	o = o.withDefaults()
	if o.Engine == nil || o.Windows == nil {
		return errors.New("tray: Engine and Windows are required")
	}
	h, err := connectHost(o.Log)
	if err != nil {
		fmt.Fprintf(o.Log, "keepcool: %v: no tray icon; the engine runs and the CLI works (keepcool status)\n", err)
		<-ctx.Done()
		return nil
	}
	defer h.close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t := &tray{o: o, quit: cancel, params: Params{OverdueAfter: o.OverdueAfter, StatusPage: o.PageURL != nil}}

	first := t.build()
	t.shown = Model{Kind: -1, Title: "keepcool"} // Kind -1: no icon yet
	systray.SetTitle("keepcool")                 // the title at export becomes the item's Id, which hosts remember
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		systray.SetIcon(trayIcon(first.Kind, runtime.GOOS)) // the first export carries it: no blank item
		t.shown.Kind = first.Kind
	} // Windows and macOS take an icon only once their loop runs: the first apply sets it

	var wg sync.WaitGroup
	ready := make(chan struct{})
	ran := make(chan struct{}) // run returned: nothing sets the item any more
	go func() {
		<-ctx.Done()
		// Quit closes systray's connection, and a Set on a closed one
		// panics: let an apply in flight finish first.
		select {
		case <-ran:
		case <-time.After(5 * time.Second): // run never started
		}
		systray.Quit()
	}()
	systray.Run(func() {
		defer close(ready)
		t.addItems(ctx, &wg, first)
		wg.Add(1)
		go func() { defer wg.Done(); defer close(ran); t.run(ctx, h, &wg) }()
	}, nil)
	cancel()
	select {
	case <-ready:
	case <-time.After(5 * time.Second): // systray failed before calling back
	}
	wg.Wait()
	return nil
}

// confirm sends the first state again until the bus shows it:
// fyne.io/systray answers on the bus a moment before it takes property
// changes, and silently drops those that come in between.
func (t *tray) confirm(ctx context.Context, h *host) {
	for deadline := time.Now().Add(5 * time.Second); !h.shows(t.shown.Title) && time.Now().Before(deadline); {
		select {
		case <-ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
		t.shown = Model{Kind: t.shown.Kind} // the icon went out with the export
		t.apply(t.build())
	}
}

func (t *tray) build() Model {
	p := t.params
	p.Times = t.o.Times()
	return Build(t.o.Engine.Status(), t.o.Now(), p)
}

// run waits for the item to be on the bus, follows the tray host, and
// re-renders on every change of state and, during an incident, when the
// clock changes what is shown. Idle, it sets no timer: zero wake-ups.
func (t *tray) run(ctx context.Context, h *host, wg *sync.WaitGroup) {
	if err := h.waitItem(ctx); err != nil {
		fmt.Fprintf(t.o.Log, "keepcool: %v\n", err)
	}
	wg.Add(1)
	go func() { defer wg.Done(); h.watch(ctx) }()

	changes, unsubscribe := t.o.Engine.Subscribe() // before reading the status: no change slips between
	defer unsubscribe()
	t.apply(t.build())
	t.confirm(ctx, h)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		m := t.build()
		t.apply(m)
		var wake <-chan time.Time
		if m.Next.IsZero() {
			timer.Stop()
		} else {
			timer.Reset(max(m.Next.Sub(t.o.Now()), 10*time.Millisecond))
			wake = timer.C
		}
		select {
		case <-ctx.Done():
			return
		case <-changes:
		case <-wake:
		}
	}
}

// addItems builds the whole menu once, in the state of m; afterwards items
// are only shown, hidden, enabled or ticked, so a panel's open menu never
// jumps around.
func (t *tray) addItems(ctx context.Context, wg *sync.WaitGroup, m Model) {
	for it := range NumItems {
		s := menuSpec[it]
		if s.Separator {
			systray.AddSeparator()
		}
		switch {
		case s.Parent < 0:
			t.items[it] = systray.AddMenuItem(s.Label, "")
		case it.checkable():
			t.items[it] = t.items[s.Parent].AddSubMenuItemCheckbox(s.Label, "", false)
		default:
			t.items[it] = t.items[s.Parent].AddSubMenuItem(s.Label, "")
		}
		applyItem(t.items[it], it, ItemState{Visible: true, Enabled: true}, m.Items[it])
		t.shown.Items[it] = m.Items[it]
		wg.Add(1)
		go func() { defer wg.Done(); t.clicks(ctx, it) }()
	}
}

// clicks handles one item's clicks. systray drops a click nobody is
// waiting for, so every item has its own waiter; it costs nothing idle.
func (t *tray) clicks(ctx context.Context, it Item) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.items[it].ClickedCh:
			t.act(it)
		}
	}
}

func (t *tray) act(it Item) {
	s := menuSpec[it]
	var err error
	switch {
	case it == ItemQuit && t.o.AskBeforeQuit && t.o.Engine.Status().Incident != nil:
		// Mid-incident, ask first: prompts stop, and the focus shield may
		// stay up or be put back. A window that cannot open must not trap
		// the user: then quit, keeping the shield (resolve puts it back).
		if err = t.o.Windows.Open("quit"); err != nil {
			t.quit()
		}
	case it == ItemQuit:
		t.quit()
	case it == ItemStatusPage && t.o.PageURL != nil:
		if url := t.o.PageURL(); url != "" {
			err = t.o.OpenURL(url)
		}
	case s.Window != "":
		err = t.o.Windows.Open(s.Window)
	case s.Status != "":
		_, err = t.o.Engine.SetStatus(api.StatusRequest{Status: s.Status})
	case s.Snooze != "":
		_, err = t.o.Engine.Snooze(api.SnoozeRequest{For: s.Snooze})
	}
	if err != nil {
		fmt.Fprintf(t.o.Log, "keepcool: %s: %v\n", s.Label, err)
	}
}

// apply tells the desktop only what changed: every call is a D-Bus signal
// that makes each panel re-read the menu.
func (t *tray) apply(m Model) {
	if m.Kind != t.shown.Kind {
		systray.SetIcon(trayIcon(m.Kind, runtime.GOOS))
	}
	if title := titleShown(m, runtime.GOOS); title != t.shown.Title {
		systray.SetTitle(title)
	}
	if m.Tooltip != t.shown.Tooltip {
		systray.SetTooltip(tooltipShown(m.Tooltip, runtime.GOOS))
	}
	for it := range NumItems {
		applyItem(t.items[it], it, t.shown.Items[it], m.Items[it])
	}
	m.Title = titleShown(m, runtime.GOOS)
	t.shown = m
}

// titleShown is the title for this desktop. macOS prints it next to the
// icon in the menu bar: there it says nothing while nothing happens.
func titleShown(m Model, goos string) string {
	if goos == "darwin" && m.Kind == Idle {
		return ""
	}
	return m.Title
}

// tooltipShown fits the tooltip to the platform: Windows keeps 128 UTF-16
// units with no room for more (and none for the terminating NUL).
func tooltipShown(tip, goos string) string {
	const windowsMax = 120
	if goos != "windows" || len(utf16.Encode([]rune(tip))) <= windowsMax {
		return tip
	}
	r := []rune(tip)
	for len(utf16.Encode(r)) > windowsMax-1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

func applyItem(mi *systray.MenuItem, it Item, was, now ItemState) {
	if now.Label != was.Label {
		label := now.Label
		if label == "" {
			label = it.Label()
		}
		mi.SetTitle(label)
	}
	if now.Visible != was.Visible {
		if now.Visible {
			mi.Show()
		} else {
			mi.Hide()
		}
	}
	if now.Enabled != was.Enabled {
		if now.Enabled {
			mi.Enable()
		} else {
			mi.Disable()
		}
	}
	if it.checkable() && now.Checked != was.Checked {
		if now.Checked {
			mi.Check()
		} else {
			mi.Uncheck()
		}
	}
}

// checkable items show a tick: the incident's current status.
func (it Item) checkable() bool { return menuSpec[it].Status != "" }

func (o Options) withDefaults() Options {
	if o.OpenURL == nil {
		o.OpenURL = OpenURL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Times == nil {
		o.Times = func() timefmt.Style { return timefmt.Style{} }
	}
	if o.OverdueAfter <= 0 {
		o.OverdueAfter = time.Minute
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}
