// Package notifytest is a stand-in for the desktop's notification server
// (org.freedesktop.Notifications) on a private session bus: it records
// every Notify and CloseNotification, replaces and closes like GNOME and
// Plasma do, and lets a test act as the user (pick an action, dismiss).
package notifytest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
)

const (
	service = "org.freedesktop.Notifications"
	path    = dbus.ObjectPath("/org/freedesktop/Notifications")
	iface   = "org.freedesktop.Notifications"
)

// Notification is one Notify call as the server received it; ID is what
// it answered.
type Notification struct {
	ID, Replaces    uint32
	App, Icon       string
	Summary, Body   string
	Actions         []string // key, label, key, label…
	Hints           map[string]dbus.Variant
	ExpireTimeoutMS int32
	ReceivedAt      time.Time
}

// Urgency is the urgency hint (0 low, 1 normal, 2 critical; 1 when absent).
func (n Notification) Urgency() byte {
	if v, ok := n.Hints["urgency"].Value().(byte); ok {
		return v
	}
	return 1
}

// Hint is a string hint's value, "" when absent.
func (n Notification) Hint(name string) string {
	s, _ := n.Hints[name].Value().(string)
	return s
}

// Server stands in for the notification server.
type Server struct {
	conn *dbus.Conn
	caps []string

	mu       sync.Mutex
	next     uint32
	received []Notification
	open     map[uint32]Notification
	closed   []uint32 // ids closed by CloseNotification, in order
}

// Start puts a server with capabilities caps (e.g. "body", "actions") on
// the bus at addr until the test ends or Stop.
func Start(t testing.TB, addr string, caps ...string) *Server {
	t.Helper()
	s := &Server{caps: caps, open: map[uint32]Notification{}}
	s.conn = Connect(t, addr) // before Export: a call may come at once, and emit needs conn
	Export(t, s.conn, s)
	return s
}

// Serve puts v on the bus at addr as org.freedesktop.Notifications, with
// its methods introspectable, until the test ends. A v whose methods use
// the connection must get it before it is exported: Connect, then Export.
func Serve(t testing.TB, addr string, v any) *dbus.Conn {
	t.Helper()
	conn := Connect(t, addr)
	Export(t, conn, v)
	return conn
}

// Connect is a connection to the bus at addr, closed when the test ends.
func Connect(t testing.TB, addr string) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// Export puts v on conn as org.freedesktop.Notifications, with its methods
// introspectable, and takes the service's name: from here on calls arrive.
func Export(t testing.TB, conn *dbus.Conn, v any) {
	t.Helper()
	if err := conn.Export(v, path, iface); err != nil {
		t.Fatal(err)
	}
	node := &introspect.Node{Name: string(path), Interfaces: []introspect.Interface{
		introspect.IntrospectData, {Name: iface, Methods: introspect.Methods(v)},
	}}
	if err := conn.Export(introspect.NewIntrospectable(node), path, "org.freedesktop.DBus.Introspectable"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(service, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", service, reply, err)
	}
}

// Stop leaves the bus, as a server that crashes or restarts does: what it
// showed is gone.
func (s *Server) Stop() { _ = s.conn.Close() }

// Notify shows or replaces a notification. An unknown replaces_id gets a
// new id, as GNOME Shell and Plasma do.
func (s *Server) Notify(app string, replaces uint32, icon, summary, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := replaces
	if _, ok := s.open[id]; !ok {
		s.next++
		id = s.next
	}
	n := Notification{ID: id, Replaces: replaces, App: app, Icon: icon, Summary: summary, Body: body,
		Actions: actions, Hints: hints, ExpireTimeoutMS: timeout, ReceivedAt: time.Now()}
	s.received = append(s.received, n)
	s.open[id] = n
	return id, nil
}

// CloseNotification closes one and says so, as the specification asks.
func (s *Server) CloseNotification(id uint32) *dbus.Error {
	s.mu.Lock()
	_, ok := s.open[id]
	delete(s.open, id)
	s.closed = append(s.closed, id)
	s.mu.Unlock()
	if !ok {
		return dbus.NewError("org.freedesktop.Notifications.Error.NotFound", []any{"no such notification"})
	}
	return s.emit("NotificationClosed", id, uint32(3))
}

// GetCapabilities answers what Start was given.
func (s *Server) GetCapabilities() ([]string, *dbus.Error) { return slices.Clone(s.caps), nil }

// GetServerInformation names the stand-in.
func (s *Server) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "notifytest", "keepcool", "1", "1.2", nil
}

// Invoke acts as the user picking action key on notification id.
func (s *Server) Invoke(t testing.TB, id uint32, key string) {
	t.Helper()
	if err := s.emit("ActionInvoked", id, key); err != nil {
		t.Fatal(err)
	}
}

// Dismiss acts as the user closing notification id.
func (s *Server) Dismiss(t testing.TB, id uint32) {
	t.Helper()
	s.mu.Lock()
	delete(s.open, id)
	s.mu.Unlock()
	if err := s.emit("NotificationClosed", id, uint32(2)); err != nil {
		t.Fatal(err)
	}
}

func (s *Server) emit(member string, body ...any) *dbus.Error {
	if err := s.conn.Emit(path, iface+"."+member, body...); err != nil {
		return dbus.MakeFailedError(err)
	}
	return nil
}

// Received is every Notify so far, in order.
func (s *Server) Received() []Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.received)
}

// Open is what is on screen now, by id.
func (s *Server) Open() map[uint32]Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[uint32]Notification, len(s.open))
	for id, n := range s.open {
		out[id] = n
	}
	return out
}

// Closed is the ids closed by CloseNotification, in order.
func (s *Server) Closed() []uint32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.closed)
}
