//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/godbus/dbus/v5"
)

const (
	watcherName = "org.kde.StatusNotifierWatcher"
	busName     = "org.freedesktop.DBus"
)

// noDisplay says why no tray can show, "" when one can.
func noDisplay(getenv func(string) string) string {
	if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
		return "no display (DISPLAY and WAYLAND_DISPLAY are empty)"
	}
	return ""
}

// host follows the desktop's tray host (the StatusNotifierWatcher) on a
// session-bus connection of its own. systray registers its item once at
// start and re-registers from a loop on the shared connection that any
// stray signal there (beeep's notifications use it) ends for good, so
// keepcool does the late registration itself.
type host struct {
	conn  *dbus.Conn
	log   io.Writer
	item  string // the item's well-known bus name
	owner string // the unique name that owns it: what the watcher is told
}

// connectHost fails when there is no session bus: then no tray can show.
func connectHost(log io.Writer) (*host, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return nil, fmt.Errorf("no D-Bus session bus (%v)", err)
	}
	// systray's naming: one item per process, id 1.
	return &host{conn: conn, log: log, item: fmt.Sprintf("org.kde.StatusNotifierItem-%d-1", os.Getpid())}, nil
}

func (h *host) close() { h.conn.Close() }

// waitItem waits until systray has exported the item and its menu, so that
// what is set afterwards is published rather than folded into the first
// export (where the first title would become the item's Id).
func (h *host) waitItem(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for delay := 5 * time.Millisecond; ; delay = min(2*delay, 200*time.Millisecond) {
		if h.owner == "" {
			_ = h.conn.BusObject().CallWithContext(ctx, busName+".GetNameOwner", 0, h.item).Store(&h.owner)
		}
		if h.owner != "" {
			menu := h.conn.Object(h.owner, "/StatusNotifierMenu")
			if _, err := menu.GetProperty("com.canonical.dbusmenu.Version"); err == nil {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the tray item %s did not appear on the session bus", h.item)
		case <-time.After(delay):
		}
	}
}

// shows reports whether the item's Title on the bus is title.
func (h *host) shows(title string) bool {
	v, err := h.conn.Object(h.owner, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.Title")
	return err == nil && v.Value() == title
}

// watch registers the item with the tray host now and whenever a host
// (re)appears, until ctx ends. With no host it tells the user, once, how
// to get one.
func (h *host) watch(ctx context.Context) {
	signals := make(chan *dbus.Signal, 8)
	h.conn.Signal(signals)
	err := h.conn.AddMatchSignal(
		dbus.WithMatchSender(busName), dbus.WithMatchMember("NameOwnerChanged"),
		dbus.WithMatchArg(0, watcherName),
	)
	if err != nil {
		fmt.Fprintf(h.log, "keepcool: cannot follow the tray host (%v): if one starts later, restart keepcool to see the icon\n", err)
	}
	var present bool
	_ = h.conn.BusObject().CallWithContext(ctx, busName+".NameHasOwner", 0, watcherName).Store(&present)
	if present {
		h.register(ctx)
	} else {
		fmt.Fprintln(h.log, "keepcool: no tray host on this desktop (nothing owns "+watcherName+"), so no icon yet; "+
			"keepcool keeps running and the CLI works (keepcool status). "+
			"GNOME: install the AppIndicator and KStatusNotifierItem Support extension; the icon shows as soon as a tray host starts.")
	}
	for {
		select {
		case <-ctx.Done():
			return
		case sig, ok := <-signals:
			if !ok {
				return
			}
			if hostAppeared(sig) {
				h.register(ctx)
			}
		}
	}
}

func hostAppeared(sig *dbus.Signal) bool {
	if sig.Name != busName+".NameOwnerChanged" || len(sig.Body) != 3 {
		return false
	}
	name, _ := sig.Body[0].(string)
	owner, _ := sig.Body[2].(string)
	return name == watcherName && owner != ""
}

// register names the item by its owner's unique name: the watcher then
// watches the connection that really serves the item, and a host that also
// got systray's own registration (path form, same connection) sees one item.
func (h *host) register(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	w := h.conn.Object(watcherName, "/StatusNotifierWatcher")
	err := w.CallWithContext(ctx, watcherName+".RegisterStatusNotifierItem", 0, h.owner).Err
	var dbusErr dbus.Error
	switch {
	case err == nil:
		fmt.Fprintln(h.log, "keepcool: tray icon registered with the desktop's tray host")
	case errors.As(err, &dbusErr) && dbusErr.Name == "org.freedesktop.DBus.Error.ServiceUnknown":
		// the host left again before we got to it: its return brings us back here
	default:
		fmt.Fprintf(h.log, "keepcool: the tray host refused the icon: %v\n", err)
	}
}
