// Package sessionbus reaches the desktop's D-Bus session bus without ever
// starting one. godbus, and every library built on it (fyne, systray,
// beeep, go-keyring), runs `dbus-launch` when DBUS_SESSION_BUS_ADDRESS is
// unset, which leaves a `dbus-daemon --fork` behind after every run: a bus
// of its own that no desktop, tray host, notification server or keyring is
// on, so it is never worth starting.
package sessionbus

import (
	"context"
	"fmt"

	"github.com/godbus/dbus/v5"
)

// Connect opens a private connection to the bus at address, or to the
// session bus when address is "", authenticated and named, within ctx.
// It fails, rather than start a bus, when there is none.
func Connect(ctx context.Context, address string) (*dbus.Conn, error) {
	type result struct {
		conn *dbus.Conn
		err  error
	}
	done := make(chan result, 1) // buffered: a timeout must not strand the dialler
	go func() {
		conn, err := dial(address)
		done <- result{conn, err}
	}()
	select {
	case r := <-done:
		return r.conn, r.err
	case <-ctx.Done():
		// godbus takes no context for dialling: a connection that comes
		// too late is closed when it arrives.
		go func() {
			if r := <-done; r.err == nil {
				_ = r.conn.Close()
			}
		}()
		return nil, fmt.Errorf("connect to the session bus: %w", ctx.Err())
	}
}

func dial(address string) (*dbus.Conn, error) {
	var conn *dbus.Conn
	var err error
	if address != "" {
		if conn, err = dbus.Dial(address); err != nil {
			return nil, fmt.Errorf("connect to the session bus at %s: %w", address, err)
		}
	} else if conn, err = dbus.SessionBusPrivateNoAutoStartup(); err != nil {
		return nil, fmt.Errorf("no session bus (is DBUS_SESSION_BUS_ADDRESS set? run keepcool inside your desktop session): %w", err)
	}
	if err = conn.Auth(nil); err == nil {
		err = conn.Hello()
	}
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("log in to the session bus: %w", err)
	}
	return conn, nil
}
