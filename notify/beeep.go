//go:build !(linux || freebsd || openbsd || netbsd)

package notify

import (
	"context"
	"path/filepath"

	"github.com/gen2brain/beeep"
)

// Desktop sends through beeep (macOS, Windows), which can neither replace
// nor close a notification nor offer actions: every Show is a new one.
type Desktop struct {
	o Options
}

// New returns a Desktop. beeep takes the app's name from a package
// variable: set here, once, before any notification goes out.
func New(o Options) *Desktop {
	beeep.AppName = o.App
	return &Desktop{o: o}
}

// Events never reports anything: beeep tells nothing back.
func (d *Desktop) Events() <-chan Event { return nil }

// Show shows n as a new notification; the id is always 0.
func (d *Desktop) Show(ctx context.Context, n Notification) (uint32, error) {
	send := beeep.Notify
	if n.Urgency == Critical {
		send = beeep.Alert // with a sound, and shown through Focus where the OS lets it
	}
	done := make(chan error, 1) // buffered: a timeout must not strand the sender
	icon := ""                  // beeep wants a file: an icon theme's name means nothing here
	if filepath.IsAbs(d.o.Icon) {
		icon = d.o.Icon
	}
	go func() { done <- send(n.Title, n.Body, icon) }()
	select {
	case err := <-done:
		return 0, err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Close cannot take a beeep notification back.
func (d *Desktop) Close(context.Context, uint32) error { return nil }

// Actions is false: beeep offers none.
func (d *Desktop) Actions(context.Context) bool { return false }

// Disconnect has nothing to leave.
func (d *Desktop) Disconnect() {}
