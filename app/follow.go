//go:build cgo

package app

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/keepcool/keepcool/engine/api"
)

// onUI runs f on fyne's goroutine (d.ui: tests run it where they choose).
func (d *deps) onUI(f func()) {
	if d.ui != nil {
		d.ui(f)
		return
	}
	fyne.Do(f)
}

// later runs f on fyne's goroutine after wait (d.after; tests: at once).
func (d *deps) later(wait time.Duration, f func()) {
	if d.after == nil {
		f()
		return
	}
	d.after(wait, f)
}

// whileOpen is a channel closed once w closes: what a window runs in the
// background (every, follow) ends with it.
func (d *deps) whileOpen(w fyne.Window) <-chan struct{} {
	d.openMu.Lock()
	defer d.openMu.Unlock()
	if d.open == nil {
		d.open = make(chan struct{})
		var once sync.Once
		w.SetOnClosed(func() { once.Do(func() { close(d.open) }) })
	}
	return d.open
}

// follow calls apply on fyne's goroutine with the engine's status each
// time it changes while w is open: an open window stays true when a note
// comes from the CLI, a holding message goes out, the estimate moves.
// Only with d.live (tests drive apply themselves).
func follow(d *deps, w fyne.Window, apply func(api.Status)) {
	if !d.live {
		return
	}
	stop := d.whileOpen(w)
	ctx, cancel := context.WithCancel(context.Background())
	d.bg.Add(2)
	go func() { defer d.bg.Done(); <-stop; cancel() }()
	go func() {
		defer d.bg.Done()
		var rev uint64
		for ctx.Err() == nil {
			call, done := context.WithTimeout(ctx, 30*time.Second)
			got, err := d.eng.Watch(call, rev)
			done()
			if err != nil { // the engine restarts, or is gone: look again shortly
				select {
				case <-ctx.Done():
				case <-time.After(2 * time.Second):
				}
				continue
			}
			if got.Revision != rev {
				rev = got.Revision
				d.onUI(func() {
					if ctx.Err() == nil { // closed meanwhile: nothing to show it in
						apply(got.Status)
					}
				})
			}
		}
	}()
}
