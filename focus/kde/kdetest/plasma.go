// Package kdetest is a stand-in for KDE Plasma's notification server on a
// private session bus, for the tests of focus/kde and of keepcool as a
// whole: it grants org.freedesktop.Notifications inhibitions and, like
// Plasma, ends a holder's inhibitions when its connection leaves the bus.
package kdetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/keepcool/keepcool/notify/notifytest"
)

// Hold is one inhibition the stand-in grants.
type Hold struct {
	Sender, App, Reason string
}

// Plasma stands in for Plasma's notification server: it owns
// org.freedesktop.Notifications, grants inhibitions by cookie and, like
// Plasma, ends a holder's inhibitions when its connection leaves the bus.
type Plasma struct {
	Conn *dbus.Conn

	mu         sync.Mutex
	next       uint32
	holds      map[uint32]Hold
	uninhibits int // releases by UnInhibit, not by disconnection
}

// Inhibit grants an inhibition, as Plasma does.
func (p *Plasma) Inhibit(sender dbus.Sender, app, reason string, hints map[string]dbus.Variant) (uint32, *dbus.Error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next++
	p.holds[p.next] = Hold{string(sender), app, reason}
	return p.next, nil
}

// UnInhibit ends one.
func (p *Plasma) UnInhibit(cookie uint32) *dbus.Error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.holds[cookie]; !ok {
		return dbus.MakeFailedError(fmt.Errorf("no inhibition %d", cookie))
	}
	delete(p.holds, cookie)
	p.uninhibits++
	return nil
}

// GetServerInformation is what plasmashell answers.
func (p *Plasma) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "Plasma", "KDE", "6.0", "1.2", nil
}

// Snapshot is the inhibitions held now, and how many ended by UnInhibit
// (rather than by their holder leaving the bus).
func (p *Plasma) Snapshot() ([]Hold, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var hs []Hold
	for _, h := range p.holds {
		hs = append(hs, h)
	}
	return hs, p.uninhibits
}

func (p *Plasma) released(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c, h := range p.holds {
		if h.Sender == name {
			delete(p.holds, c)
		}
	}
}

// GnomeShell is a notification server without Inhibit.
type GnomeShell struct{}

// GetServerInformation is what gnome-shell answers.
func (GnomeShell) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "gnome-shell", "GNOME", "44", "1.2", nil
}

// Serve puts v on the bus at addr as the notification server.
func Serve(t testing.TB, addr string, v any) *dbus.Conn {
	t.Helper()
	return notifytest.Serve(t, addr, v)
}

// StartPlasma puts a Plasma stand-in on the bus at addr until the test ends.
func StartPlasma(t testing.TB, addr string) *Plasma {
	t.Helper()
	p := &Plasma{holds: map[uint32]Hold{}}
	p.Conn = notifytest.Connect(t, addr) // before Export: Plasma's methods use it
	notifytest.Export(t, p.Conn, p)
	if err := p.Conn.AddMatchSignal(
		dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"),
	); err != nil {
		t.Fatal(err)
	}
	ch := make(chan *dbus.Signal, 64)
	p.Conn.Signal(ch)
	go func() {
		for sig := range ch {
			if sig.Name != "org.freedesktop.DBus.NameOwnerChanged" || len(sig.Body) != 3 {
				continue
			}
			if name, _ := sig.Body[0].(string); strings.HasPrefix(name, ":") && sig.Body[2] == "" {
				p.released(name)
			}
		}
	}()
	return p
}
