// Package notify shows keepcool's desktop notifications. On Linux it talks
// to org.freedesktop.Notifications over D-Bus itself, because keepcool needs
// what beeep does not offer: replacing a notification, closing it, actions,
// and signals when the user acts on one. Elsewhere it sends through beeep,
// which can do none of those: Show always shows a new one there.
package notify

import "time"

// Urgency is the freedesktop urgency level.
type Urgency byte

// The urgency levels. Critical shows through do-not-disturb on GNOME and
// Plasma, which keepcool's own focus shield turns on.
const (
	Low Urgency = iota
	Normal
	Critical
)

// Notification is one desktop notification.
type Notification struct {
	// Replaces is the id of the notification this one takes the place of
	// (0: a new one). A server that no longer shows it shows a new one.
	Replaces uint32
	Title    string
	Body     string
	Urgency  Urgency
	// Actions are buttons; a server without the "actions" capability
	// shows none (see Desktop.Actions).
	Actions []Action
	// Expire is how long the server shows it; 0: the server decides.
	Expire time.Duration
	// Resident keeps it on screen after the user picks an action: it
	// stays until closed.
	Resident bool
}

// Action is one button: Key comes back in an ActionInvoked event.
type Action struct {
	Key, Label string
}

// DefaultAction is the key of the action a click on the notification's
// body invokes, on servers that support it.
const DefaultAction = "default"

// EventKind says what happened to a notification.
type EventKind int

// What a notification server reports.
const (
	// Invoked: the user picked Event.Action.
	Invoked EventKind = iota + 1
	// Closed: the notification is gone (Event.Reason says why).
	Closed
	// Gone: the notification server left the bus (it crashed or is
	// restarting), or the bus went away: every id it gave out is void.
	Gone
	// Appeared: a notification server took the name: what should be on
	// screen must be shown again. A server that replaces another directly
	// reports Gone, then Appeared.
	Appeared
)

// Closing reasons from the specification.
const (
	Expired   uint32 = 1
	Dismissed uint32 = 2 // by the user
	Withdrawn uint32 = 3 // by CloseNotification
)

// Event is something the server reported.
type Event struct {
	Kind   EventKind
	ID     uint32
	Action string // Invoked
	Reason uint32 // Closed
}

// Options describe the app to the notification server.
type Options struct {
	App  string // the app's name ("keepcool")
	Icon string // an icon name from the theme, or a file path
	// DesktopEntry is the .desktop file's name without the suffix; servers
	// use it to find the app's icon and settings.
	DesktopEntry string
	// Bus is the D-Bus address to use (tests); "": the session bus of
	// DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus, never autolaunched.
	Bus string
}
