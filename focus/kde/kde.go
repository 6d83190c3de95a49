// Package kde is the focus-shield back-end for KDE Plasma: it holds an
// org.freedesktop.Notifications inhibition (Plasma's Do Not Disturb) on a
// session-bus connection of its own. Plasma drops an inhibition when its
// holder's connection goes, so if keepcool dies the desk comes back by
// itself and there is nothing to journal.
package kde

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/sessionbus"
)

const (
	service = "org.freedesktop.Notifications"
	path    = dbus.ObjectPath("/org/freedesktop/Notifications")
	iface   = "org.freedesktop.Notifications"
	appID   = "io.keepcool.keepcool"
)

// Backend holds Plasma's notification inhibition while an incident runs.
type Backend struct {
	address string // "" is the session bus

	mu     sync.Mutex
	conn   *dbus.Conn // dedicated: closing it ends the inhibition
	cookie uint32
	server string // the notification server's unique name when it granted the cookie
}

// recheck is how often the engine calls Raise again during an incident:
// a restarted plasmashell forgets every inhibition, so Raise notices a new
// server and inhibits again.
const recheck = time.Minute

// RefreshEvery makes the engine call Raise again this often.
func (b *Backend) RefreshEvery() time.Duration { return recheck }

var (
	_ focus.Backend   = (*Backend)(nil)
	_ focus.Refresher = (*Backend)(nil)
)

// New returns a back-end for the bus at busAddress ("" is the session
// bus from DBUS_SESSION_BUS_ADDRESS).
func New(busAddress string) *Backend {
	return &Backend{address: busAddress}
}

// Name is the journal key; never rename it.
func (b *Backend) Name() string { return "kde" }

// Save returns nil: the inhibition dies with its holder, so there is
// nothing to put back.
func (b *Backend) Save(context.Context) (json.RawMessage, error) { return nil, nil }

// Raise inhibits notifications, unless this process already does.
func (b *Backend) Raise(ctx context.Context, in focus.Incident) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil && b.conn.Connected() {
		if owner, err := serverName(ctx, b.conn); err == nil && owner == b.server {
			return nil // the server that granted it still runs: still held
		}
	}
	b.drop()
	conn, err := connect(ctx, b.address)
	if err != nil {
		return err
	}
	reason := "Handling an incident"
	if t := strings.TrimSpace(in.Title); t != "" {
		reason += ": " + t
	}
	var cookie uint32
	err = conn.Object(service, path).CallWithContext(ctx, iface+".Inhibit", dbus.FlagNoAutoStart,
		appID, reason, map[string]dbus.Variant{}).Store(&cookie)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("kde: turn on Do Not Disturb: %w", explain(err))
	}
	server, err := serverName(ctx, conn)
	if err != nil {
		_ = conn.Close()
		return fmt.Errorf("kde: turn on Do Not Disturb: %w", explain(err))
	}
	b.conn, b.cookie, b.server = conn, cookie, server
	return nil
}

// serverName is the unique bus name of the notification server now.
func serverName(ctx context.Context, conn *dbus.Conn) (string, error) {
	var owner string
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetNameOwner", 0, service).Store(&owner)
	return owner, err
}

// Restore ends the inhibition this process holds. A later process (after
// a crash) holds none, and Plasma already ended the old one.
func (b *Backend) Restore(ctx context.Context, _ json.RawMessage) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn == nil {
		return nil
	}
	var err error
	if b.conn.Connected() {
		err = b.conn.Object(service, path).CallWithContext(ctx, iface+".UnInhibit", dbus.FlagNoAutoStart, b.cookie).Err
	}
	b.drop()
	if err != nil {
		return fmt.Errorf("kde: turn off Do Not Disturb: %w (it ends when keepcool exits)", explain(err))
	}
	return nil
}

// Close drops the connection, and with it any inhibition.
func (b *Backend) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.drop()
	return nil
}

func (b *Backend) drop() {
	if b.conn != nil {
		_ = b.conn.Close()
	}
	b.conn, b.cookie, b.server = nil, 0, ""
}

// Available says whether the bus at busAddress ("" is the session bus)
// has a notification server that can inhibit, as Plasma's does. When it
// has not, why is a sentence the user can act on.
func Available(ctx context.Context, busAddress string) (ok bool, why string) {
	conn, err := connect(ctx, busAddress)
	if err != nil {
		return false, "There is no session bus to reach KDE Plasma on (" + err.Error() + ")."
	}
	defer conn.Close()

	// Ask the bus rather than the name: a call to an activatable name
	// would start some other desktop's notification daemon.
	var owned bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, service).Store(&owned)
	if err != nil {
		return false, fmt.Sprintf("The session bus did not answer (%v).", err)
	}
	if !owned {
		return false, "No notification server is running: log in to KDE Plasma."
	}
	var data string
	err = conn.Object(service, path).CallWithContext(ctx, "org.freedesktop.DBus.Introspectable.Introspect", dbus.FlagNoAutoStart).Store(&data)
	if err != nil {
		return false, fmt.Sprintf("The notification server did not answer (%v).", err)
	}
	if !hasInhibit(data) {
		name := "The notification server"
		var n, vendor, version, spec string
		if conn.Object(service, path).CallWithContext(ctx, iface+".GetServerInformation", dbus.FlagNoAutoStart).Store(&n, &vendor, &version, &spec) == nil && n != "" {
			name = "The notification server (" + n + ")"
		}
		return false, name + " cannot hold Do Not Disturb: it needs KDE Plasma."
	}
	return true, ""
}

// hasInhibit reports whether introspection data shows Inhibit on the
// notifications interface.
func hasInhibit(data string) bool {
	var node introspect.Node
	if xml.Unmarshal([]byte(data), &node) != nil {
		return false
	}
	for _, i := range node.Interfaces {
		if i.Name != iface {
			continue
		}
		for _, m := range i.Methods {
			if m.Name == "Inhibit" {
				return true
			}
		}
	}
	return false
}

// connect opens a dedicated connection, authenticated and named, never
// launching a bus: no bus means no Plasma.
func connect(ctx context.Context, address string) (*dbus.Conn, error) {
	conn, err := sessionbus.Connect(ctx, address)
	if err != nil {
		return nil, fmt.Errorf("kde: %w", err)
	}
	return conn, nil
}

// explain turns the bus's answer into something the user can act on.
func explain(err error) error {
	var de dbus.Error
	if errors.As(err, &de) {
		switch de.Name {
		case "org.freedesktop.DBus.Error.NameHasNoOwner", "org.freedesktop.DBus.Error.ServiceUnknown":
			return fmt.Errorf("no notification server is running (log in to KDE Plasma): %w", err)
		case "org.freedesktop.DBus.Error.UnknownMethod":
			return fmt.Errorf("the notification server cannot hold Do Not Disturb, it needs KDE Plasma: %w", err)
		}
	}
	return err
}
