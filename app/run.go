//go:build cgo

package app

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/zalando/go-keyring"

	_ "github.com/keepcool/keepcool/app/localefix" // before fyne's lang init: see there
)

// appID names the application to the desktop (preferences, notifications,
// the window class a .desktop file matches).
const appID = "io.keepcool.keepcool"

// callTimeout bounds every request to the engine: it answers on a local
// socket in milliseconds, so a long wait means it is stuck, and the
// window must say so rather than hang.
const callTimeout = 15 * time.Second

// deps is what every window shares.
type deps struct {
	eng        Engine
	now        func() time.Time
	spawn      func(func()) // runs engine calls off fyne's goroutine; tests run them inline
	timeout    time.Duration
	refresh    time.Duration // how often open windows re-read the clock or the engine; 0: never
	configFile string
	getenv     func(string) string // the locale (LC_TIME, LANG) for 12- or 24-hour times; nil: none
	keyring    Keyring
	// settled runs f on fyne's goroutine once a new window is on screen;
	// nil (tests): never.
	settled func(f func())
	// quiet: the engine opened this window on its own (Options.Quiet).
	quiet bool
	// onActivate, set by a view, runs when the user asks for the open
	// window again (the tray's launcher writes "activate" to our stdin).
	onActivate func()
	// live: follow the engine's changes while open (tests: off).
	live   bool
	openMu sync.Mutex
	open   chan struct{}  // closed when the window closes: whileOpen
	bg     sync.WaitGroup // what follow runs; done soon after the window closes
	ui     func(func())   // runs what follow shows; nil: fyne.Do
	// unsent, set by a view, reports whether it holds text the user has
	// not sent; if so it has told them keepcool stopped, and the window
	// stays open rather than lose the text.
	unsent func() bool
	// after runs f on fyne's goroutine after d; nil (tests): at once.
	after func(d time.Duration, f func())

	styleOnce     sync.Once
	ts            timefmt.Style // how times are written: style()
	zoneFromClock bool          // no [incident] timezone: the clock's zone
}

func newDeps(o Options) *deps {
	d := &deps{eng: o.Engine, now: o.Now, spawn: func(f func()) { go f() }, timeout: callTimeout,
		refresh: 10 * time.Second, configFile: o.ConfigFile, keyring: o.Keyring,
		settled: func(f func()) { time.AfterFunc(150*time.Millisecond, func() { fyne.Do(f) }) },
		after:   func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) },
		quiet:   o.Quiet, live: true, getenv: os.Getenv}
	if d.now == nil {
		d.now = time.Now
	}
	if d.keyring == nil {
		d.keyring = osKeyring{}
	}
	return d
}

// call runs fn off the UI goroutine with a deadline, then done with its
// error on fyne's goroutine: a slow engine never freezes a window.
func (d *deps) call(fn func(ctx context.Context) error, done func(error)) {
	d.callWithin(d.timeout, fn, done)
}

// callWithin is call with its own deadline, for what waits on the network
// behind the engine (a test message to a slow webhook).
func (d *deps) callWithin(timeout time.Duration, fn func(ctx context.Context) error, done func(error)) {
	d.spawn(func() {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		err := fn(ctx)
		fyne.Do(func() { done(err) })
	})
}

// osKeyring is the OS keyring through zalando/go-keyring.
type osKeyring struct{}

func (osKeyring) Set(service, user, secret string) error   { return keyring.Set(service, user, secret) }
func (osKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Run opens the named window and returns when it closes (or ctx ends).
func Run(ctx context.Context, name string, o Options) error {
	if !window.Valid(name) {
		return fmt.Errorf("no window named %q: use one of %s", name, strings.Join(window.Names(), ", "))
	}
	if !hasDisplay(runtime.GOOS, os.Getenv) {
		return errors.New(errNoDisplay)
	}
	clearStaleWMCheck() // before GLFW starts: see there
	a := fyneapp.NewWithID(appID)
	a.SetIcon(appIcon())
	d := newDeps(o)
	w := open(a, name, d)
	if d.quiet {
		showWithoutFocus(w)
	}
	// The tray's launcher asks over stdin: come forward (Post update… in
	// the tray), or end (keepcool quits). A window holding text nobody
	// sent does not end: it says so and keeps the text.
	go onLauncherLine(os.Stdin, func(line string) {
		fyne.Do(func() {
			switch {
			case line == activateLine && d.onActivate != nil:
				d.onActivate()
			case line == activateLine:
				w.RequestFocus()
			case line == quitLine && (d.unsent == nil || !d.unsent()):
				a.Quit()
			}
		})
	})
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	w.ShowAndRun()
	return nil
}

// onLauncherLine calls do for each line on in, the pipe from the tray's
// launcher; a terminal (keepcool window run by hand) is not read: what is
// typed there is not meant for the window. The pipe's end is a quit: the
// launcher is gone (keepcool was killed, or ended without asking), and a
// window left behind would be opened again beside the next keepcool's.
func onLauncherLine(in *os.File, do func(line string)) {
	if fi, err := in.Stat(); err != nil || fi.Mode()&os.ModeCharDevice != 0 {
		return
	}
	lines := bufio.NewScanner(in)
	for lines.Scan() {
		do(strings.TrimSpace(lines.Text()))
	}
	do(quitLine)
}

// What the tray's launcher writes (tray.ActivateLine, tray.QuitLine; the
// tray package is not linked into the windows' binary).
const (
	activateLine = "activate"
	quitLine     = "quit"
)

// open builds the named window, not yet shown.
func open(a fyne.App, name string, d *deps) fyne.Window {
	w := a.NewWindow("keepcool")
	w.SetIcon(appIcon())
	switch name {
	case window.Declare:
		newDeclare(d, w)
	case window.Drill:
		newDrillWindow(d, w)
	case window.Prompt:
		newPrompt(d, w)
	case window.Estimate:
		newEstimateWindow(d, w)
	case window.Resolve:
		newResolve(d, w)
	case window.Runbook:
		newRunbookWindow(d, w)
	case window.Timeline:
		newTimeline(d, w)
	case window.Settings:
		newSettings(d, w)
	case window.Quit:
		newQuit(d, w)
	case window.History:
		newHistory(d, w)
	case window.Postmortem:
		newPostmortem(d, w)
	}
	return w
}

// title is a window's title: "keepcool — what it is for".
func title(what string) string { return "keepcool — " + what }
