package engine

import (
	"net/http"

	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/engine/api"
)

// Windows opens keepcool's windows by name; *tray.Launcher does.
type Windows interface {
	Open(name string) error        // the user asked: it may take the keyboard, an open one comes forward
	OpenQuietly(name string) error // shown without taking keystrokes meant for another window
}

// OpenWindow opens a window through the engine's launcher, as the tray's
// menu would: one window of a name at a time. An engine without windows
// (the daemon) answers 501, and the client opens the window itself.
func (e *Engine) OpenWindow(req api.WindowRequest) error {
	if !window.Valid(req.Name) {
		return badRequest("no window named %q: one of %v", req.Name, window.Names())
	}
	if e.opts.Windows == nil {
		return &requestError{http.StatusNotImplemented, "this keepcool runs without a tray (keepcool daemon): it opens no windows"}
	}
	if req.Quiet {
		return e.opts.Windows.OpenQuietly(req.Name)
	}
	return e.opts.Windows.Open(req.Name)
}
