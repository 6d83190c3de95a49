//go:build darwin && !cgo

package tray

import (
	"context"
	"errors"
)

// macOS's tray needs cgo; a CGO_ENABLED=0 build runs as the daemon.

// Unavailable says why no tray can show here, "" when one can.
func Unavailable(func(string) string) string {
	return "this build has no tray icon (built without cgo)"
}

// Run is never reached when Unavailable says why not.
func Run(context.Context, Options) error {
	return errors.New("tray: built without cgo")
}
