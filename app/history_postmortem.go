//go:build cgo

package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
)

// openPostmortemWindow shows e's post-mortem, as `keepcool export --format
// md` writes it, in a window of its own: History stays open beside it.
func openPostmortemWindow(d *deps, e api.HistoryEntry) fyne.Window {
	w := fyne.CurrentApp().NewWindow(title("Post-mortem: " + e.Title))
	w.SetIcon(appIcon())
	text := widget.NewRichText()
	text.Wrapping = fyne.TextWrapWord
	done := newPrimary("Close", w.Close)
	text.ParseMarkdown("Reading the post-mortem…")
	w.SetContent(page(nil, container.NewVScroll(text), actions(nil, done)))
	w.Resize(fyne.NewSize(760, 640))
	bindKeys(w, keymap{})
	w.Canvas().Focus(done)
	var md []byte
	d.call(func(ctx context.Context) (err error) {
		md, err = d.eng.Export(ctx, e.ID, "md")
		return err
	}, func(err error) {
		if err != nil {
			failed(w, err)
			return
		}
		text.ParseMarkdown(string(md))
	})
	w.Show()
	return w
}

// child is deps for another window of this process (History opens
// post-mortems and timelines): the same engine and clock, its own
// open-window bookkeeping.
func (d *deps) child() *deps {
	return &deps{eng: d.eng, now: d.now, spawn: d.spawn, timeout: d.timeout, refresh: d.refresh, configFile: d.configFile,
		getenv: d.getenv, keyring: d.keyring, settled: d.settled, live: d.live, ui: d.ui, after: d.after}
}
