//go:build linux || freebsd || openbsd || netbsd

package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/godbus/dbus/v5"

	"github.com/keepcool/keepcool/sessionbus"
)

const (
	service = "org.freedesktop.Notifications"
	path    = dbus.ObjectPath("/org/freedesktop/Notifications")
	iface   = "org.freedesktop.Notifications"
)

// Desktop is the session's notification server, reached on a session-bus
// connection of its own: signals on the shared connection would end the
// tray's (fyne.io/systray's) signal loop. It connects on first use, never
// starts a bus (no autolaunch), and reconnects after the bus went away.
type Desktop struct {
	o      Options
	events chan Event

	mu   sync.Mutex // serialises calls, so a Close never overtakes its Show
	conn *dbus.Conn

	capsMu sync.Mutex
	caps   []string // nil: not asked since the server (re)started
}

// New returns a Desktop; nothing touches the bus until Show.
func New(o Options) *Desktop {
	return &Desktop{o: o, events: make(chan Event, 64)}
}

// Events reports what the user and the server did to notifications. It
// stays open for the Desktop's lifetime; events are dropped, never queued
// without bound, when nobody reads.
func (d *Desktop) Events() <-chan Event { return d.events }

// Show shows n, or replaces n.Replaces, and returns its id.
func (d *Desktop) Show(ctx context.Context, n Notification) (uint32, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	conn, err := d.connectLocked(ctx)
	if err != nil {
		return 0, err
	}
	actions := []string{}
	if len(n.Actions) > 0 && d.can(ctx, conn, "actions") {
		for _, a := range n.Actions {
			actions = append(actions, a.Key, a.Label)
		}
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(n.Urgency))}
	if d.o.DesktopEntry != "" {
		hints["desktop-entry"] = dbus.MakeVariant(d.o.DesktopEntry)
	}
	if n.Resident {
		hints["resident"] = dbus.MakeVariant(true)
	}
	expire := int32(-1) // the server's default
	if n.Expire > 0 {
		expire = int32(n.Expire.Milliseconds())
	}
	var id uint32
	err = conn.Object(service, path).CallWithContext(ctx, iface+".Notify", 0,
		d.o.App, n.Replaces, d.o.Icon, n.Title, n.Body, actions, hints, expire).Store(&id)
	if err != nil {
		return 0, d.failed(conn, "show a desktop notification", err)
	}
	return id, nil
}

// Close takes notification id off the screen. An id the server no longer
// knows is not an error: the user may have dismissed it meanwhile.
func (d *Desktop) Close(ctx context.Context, id uint32) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	conn, err := d.connectLocked(ctx)
	if err != nil {
		return err
	}
	err = conn.Object(service, path).CallWithContext(ctx, iface+".CloseNotification", 0, id).Err
	var derr dbus.Error
	if errors.As(err, &derr) && derr.Name != "org.freedesktop.DBus.Error.ServiceUnknown" {
		return nil // the server's "no such notification"
	}
	if err != nil {
		return d.failed(conn, "close a desktop notification", err)
	}
	return nil
}

// Actions reports whether the server shows action buttons.
func (d *Desktop) Actions(ctx context.Context) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	conn, err := d.connectLocked(ctx)
	return err == nil && d.can(ctx, conn, "actions")
}

// Disconnect leaves the bus; a later Show connects again.
func (d *Desktop) Disconnect() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.conn != nil {
		d.conn.Close()
		d.conn = nil
	}
}

// can asks the server for its capabilities once per server instance.
func (d *Desktop) can(ctx context.Context, conn *dbus.Conn, capability string) bool {
	d.capsMu.Lock()
	defer d.capsMu.Unlock()
	if d.caps == nil {
		var caps []string
		if err := conn.Object(service, path).CallWithContext(ctx, iface+".GetCapabilities", 0).Store(&caps); err != nil {
			return false // asked again next time
		}
		d.caps = append(caps, "") // non-nil even when empty
	}
	return slices.Contains(d.caps, capability)
}

func (d *Desktop) forgetCaps() {
	d.capsMu.Lock()
	d.caps = nil
	d.capsMu.Unlock()
}

// failed words a call's error; a connection that died is dropped so the
// next call dials again.
func (d *Desktop) failed(conn *dbus.Conn, what string, err error) error {
	var derr dbus.Error
	if errors.As(err, &derr) && derr.Name == "org.freedesktop.DBus.Error.ServiceUnknown" {
		return fmt.Errorf("%s: no notification server on the session bus (%s); prompts still show in keepcool's output and windows: start your desktop's notification daemon", what, service)
	}
	if !conn.Connected() && d.conn == conn {
		d.conn = nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// connectLocked returns the connection, dialling it when there is none.
// Callers hold d.mu.
func (d *Desktop) connectLocked(ctx context.Context) (*dbus.Conn, error) {
	if d.conn != nil && d.conn.Connected() {
		return d.conn, nil
	}
	conn, err := sessionbus.Connect(ctx, d.o.Bus)
	if err != nil {
		return nil, fmt.Errorf("desktop notifications: %w", err)
	}
	if err := watch(ctx, conn); err != nil {
		conn.Close()
		return nil, fmt.Errorf("desktop notifications: %w", err)
	}
	signals := make(chan *dbus.Signal, 32)
	conn.Signal(signals)
	d.forgetCaps()
	d.conn = conn
	go d.listen(signals)
	return conn, nil
}

// watch subscribes to the server's signals and to its coming and going.
func watch(ctx context.Context, conn *dbus.Conn) error {
	if err := conn.AddMatchSignalContext(ctx, dbus.WithMatchInterface(iface), dbus.WithMatchObjectPath(path)); err != nil {
		return fmt.Errorf("subscribe to the notification server's signals: %w", err)
	}
	if err := conn.AddMatchSignalContext(ctx,
		dbus.WithMatchSender("org.freedesktop.DBus"), dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"), dbus.WithMatchArg(0, service)); err != nil {
		return fmt.Errorf("follow the notification server: %w", err)
	}
	return nil
}

// listen turns signals into Events until the connection closes, which
// voids every id as well.
func (d *Desktop) listen(signals <-chan *dbus.Signal) {
	for sig := range signals {
		for _, ev := range events(sig) {
			if ev.Kind == Gone || ev.Kind == Appeared {
				d.forgetCaps()
			}
			d.send(ev)
		}
	}
	d.forgetCaps()
	d.send(Event{Kind: Gone})
}

func events(sig *dbus.Signal) []Event {
	switch sig.Name {
	case iface + ".ActionInvoked":
		if len(sig.Body) == 2 {
			id, ok1 := sig.Body[0].(uint32)
			key, ok2 := sig.Body[1].(string)
			if ok1 && ok2 {
				return []Event{{Kind: Invoked, ID: id, Action: key}}
			}
		}
	case iface + ".NotificationClosed":
		if len(sig.Body) == 2 {
			id, ok1 := sig.Body[0].(uint32)
			reason, ok2 := sig.Body[1].(uint32)
			if ok1 && ok2 {
				return []Event{{Kind: Closed, ID: id, Reason: reason}}
			}
		}
	case "org.freedesktop.DBus.NameOwnerChanged":
		if len(sig.Body) == 3 && sig.Body[0] == service {
			var evs []Event
			if sig.Body[1] != "" {
				evs = append(evs, Event{Kind: Gone})
			}
			if sig.Body[2] != "" {
				evs = append(evs, Event{Kind: Appeared})
			}
			return evs
		}
	}
	return nil
}

func (d *Desktop) send(ev Event) {
	select {
	case d.events <- ev:
	default:
	}
}
