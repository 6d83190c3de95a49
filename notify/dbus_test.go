//go:build linux

package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/testbus"
	"github.com/keepcool/keepcool/notify"
	"github.com/keepcool/keepcool/notify/notifytest"
)

func newDesktop(t *testing.T, bus string) *notify.Desktop {
	d := notify.New(notify.Options{App: "keepcool", Icon: "io.keepcool.keepcool", DesktopEntry: "io.keepcool.keepcool", Bus: bus})
	t.Cleanup(d.Disconnect)
	return d
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

func next(t *testing.T, d *notify.Desktop) notify.Event {
	t.Helper()
	select {
	case ev := <-d.Events():
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
		return notify.Event{}
	}
}

// What the server receives: the app, its icon and desktop entry, critical
// urgency, the actions; a replacement keeps the id; Close closes it.
func TestShowReplaceClose(t *testing.T) {
	bus := testbus.Start(t, nil)
	srv := notifytest.Start(t, bus.Address, "body", "actions")
	d := newDesktop(t, bus.Address)

	n := notify.Notification{Title: "SEV1 update due: Checkout", Body: "promised by 09:15", Urgency: notify.Critical,
		Actions: []notify.Action{{Key: "post", Label: "Post update"}}}
	id, err := d.Show(ctx(t), n)
	if err != nil {
		t.Fatal(err)
	}
	n.Replaces, n.Body = id, "promised by 09:30"
	id2, err := d.Show(ctx(t), n)
	if err != nil || id2 != id {
		t.Fatalf("replacing %d gave %d, %v", id, id2, err)
	}
	got := srv.Received()
	if len(got) != 2 || len(srv.Open()) != 1 {
		t.Fatalf("received %d, open %d; want 2 calls, 1 on screen", len(got), len(srv.Open()))
	}
	r := got[1]
	if r.App != "keepcool" || r.Icon != "io.keepcool.keepcool" || r.Hint("desktop-entry") != "io.keepcool.keepcool" ||
		r.Urgency() != 2 || r.Replaces != id || r.ExpireTimeoutMS != -1 {
		t.Fatalf("server received %+v", r)
	}
	if len(r.Actions) != 2 || r.Actions[0] != "post" || r.Actions[1] != "Post update" {
		t.Fatalf("actions %q", r.Actions)
	}

	srv.Invoke(t, id, "post")
	if ev := next(t, d); ev != (notify.Event{Kind: notify.Invoked, ID: id, Action: "post"}) {
		t.Fatalf("after the user picked the action: %+v", ev)
	}
	if err := d.Close(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	if len(srv.Open()) != 0 || len(srv.Closed()) != 1 {
		t.Fatalf("after Close: open %v, closed %v", srv.Open(), srv.Closed())
	}
	if ev := next(t, d); ev != (notify.Event{Kind: notify.Closed, ID: id, Reason: notify.Withdrawn}) {
		t.Fatalf("after Close: %+v", ev)
	}
	if err := d.Close(ctx(t), id); err != nil {
		t.Fatalf("closing a notification that is gone: %v", err)
	}
}

// A server without the "actions" capability is sent no actions.
func TestNoActionsWhereUnsupported(t *testing.T) {
	bus := testbus.Start(t, nil)
	srv := notifytest.Start(t, bus.Address, "body")
	d := newDesktop(t, bus.Address)
	if d.Actions(ctx(t)) {
		t.Fatal("Actions() true without the capability")
	}
	if _, err := d.Show(ctx(t), notify.Notification{Title: "t", Actions: []notify.Action{{Key: "post", Label: "Post update"}}}); err != nil {
		t.Fatal(err)
	}
	if a := srv.Received()[0].Actions; len(a) != 0 {
		t.Fatalf("actions sent to a server without them: %q", a)
	}
}

// A restarted server voids every id: Desktop says so (Gone, Appeared), asks
// for the capabilities again, and shows again.
func TestServerRestart(t *testing.T) {
	bus := testbus.Start(t, nil)
	srv := notifytest.Start(t, bus.Address, "body")
	d := newDesktop(t, bus.Address)
	if d.Actions(ctx(t)) {
		t.Fatal("actions before the restart")
	}
	srv.Stop()
	if ev := next(t, d); ev.Kind != notify.Gone {
		t.Fatalf("server left: %+v", ev)
	}
	srv = notifytest.Start(t, bus.Address, "body", "actions")
	if ev := next(t, d); ev.Kind != notify.Appeared {
		t.Fatalf("server came back: %+v", ev)
	}
	if !d.Actions(ctx(t)) {
		t.Fatal("the new server's capabilities were not asked for")
	}
	if _, err := d.Show(ctx(t), notify.Notification{Title: "again", Replaces: 7}); err != nil {
		t.Fatal(err)
	}
	if len(srv.Open()) != 1 {
		t.Fatal("not shown by the new server")
	}
}

// The user dismissing it is reported; no server on the bus is an error
// that says what to do; so is a bus that went away.
func TestDismissedAndNoServer(t *testing.T) {
	bus := testbus.Start(t, nil)
	d := newDesktop(t, bus.Address)
	_, err := d.Show(ctx(t), notify.Notification{Title: "t"})
	if err == nil || !strings.Contains(err.Error(), "no notification server") {
		t.Fatalf("with no server: %v", err)
	}
	srv := notifytest.Start(t, bus.Address, "body")
	id, err := d.Show(ctx(t), notify.Notification{Title: "t"})
	if err != nil {
		t.Fatal(err)
	}
	srv.Dismiss(t, id)
	for {
		ev := next(t, d)
		if ev.Kind == notify.Appeared {
			continue
		}
		if ev != (notify.Event{Kind: notify.Closed, ID: id, Reason: notify.Dismissed}) {
			t.Fatalf("dismissed: %+v", ev)
		}
		break
	}

	bus.Stop()
	if ev := next(t, d); ev.Kind != notify.Gone {
		t.Fatalf("bus gone: %+v", ev)
	}
	if _, err := d.Show(ctx(t), notify.Notification{Title: "t"}); err == nil || !strings.Contains(err.Error(), "connect to the session bus") {
		t.Fatalf("with the bus gone: %v", err)
	}
}
