package kde

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/focus/kde/kdetest"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testbus"
)

const childEnv = "KEEPCOOL_KDE_TEST_CHILD_BUS"

// TestMain doubles as the child process of TestCrashReleasesInhibition:
// with childEnv set it raises the shield on that bus, says so, and waits
// to be killed.
func TestMain(m *testing.M) {
	if addr := os.Getenv(childEnv); addr != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := New(addr).Raise(ctx, focus.Incident{Title: "child"}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Println("raised")
		<-ctx.Done() // killed long before; the timeout bounds a leak
		os.Exit(3)
	}
	os.Exit(m.Run())
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var incident = focus.Incident{Title: "checkout is down", Severity: 1}

func TestRaiseAndRestore(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	p := kdetest.StartPlasma(t, addr)
	ctx := ctxT(t)

	if ok, why := Available(ctx, addr); !ok {
		t.Fatalf("Available = false, %q", why)
	}
	b := New(addr)
	defer b.Close()
	if b.Name() != "kde" {
		t.Fatalf("Name() = %q, want kde (it keys the journal)", b.Name())
	}
	if saved, err := b.Save(ctx); saved != nil || err != nil {
		t.Fatalf("Save = %s, %v; want nil, nil", saved, err)
	}

	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	holds, _ := p.Snapshot()
	if len(holds) != 1 {
		t.Fatalf("after Raise the server holds %d inhibitions, want 1", len(holds))
	}
	want := kdetest.Hold{Sender: b.conn.Names()[0], App: "io.keepcool.keepcool", Reason: "Handling an incident: checkout is down"}
	if holds[0] != want {
		t.Fatalf("inhibition = %+v, want %+v", holds[0], want)
	}
	// Raise again (a restart mid-incident in the same process) keeps the
	// very same inhibition.
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if again, _ := p.Snapshot(); len(again) != 1 || again[0] != want {
		t.Fatalf("after a second Raise the server holds %+v, want just %+v", again, want)
	}
	if holds[0].Sender == p.Conn.Names()[0] {
		t.Fatal("the inhibition is held on the server's own connection")
	}

	if err := b.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	holds, uninhibits := p.Snapshot()
	if len(holds) != 0 || uninhibits != 1 {
		t.Fatalf("after Restore: %d inhibitions, %d UnInhibit calls; want 0 and 1", len(holds), uninhibits)
	}
	if err := b.Restore(ctx, nil); err != nil {
		t.Fatalf("second Restore: %v", err)
	}
	// A later process, after a crash, has nothing to put back.
	if err := New(addr).Restore(ctx, nil); err != nil {
		t.Fatalf("Restore in a new process: %v", err)
	}

	// The shield can go up again, and Close drops it.
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if holds, _ := p.Snapshot(); len(holds) != 1 {
		t.Fatalf("after Raise again the server holds %d inhibitions, want 1", len(holds))
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "Close to release the inhibition", func() bool { h, _ := p.Snapshot(); return len(h) == 0 })
}

func TestRaiseWithoutTitle(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	p := kdetest.StartPlasma(t, addr)
	b := New(addr)
	defer b.Close()
	if err := b.Raise(ctxT(t), focus.Incident{}); err != nil {
		t.Fatal(err)
	}
	if holds, _ := p.Snapshot(); len(holds) != 1 || holds[0].Reason != "Handling an incident" {
		t.Fatalf("inhibitions = %+v, want one with reason \"Handling an incident\"", holds)
	}
}

// The real point of a dedicated connection: SIGKILL the holder and the
// server gives the desk back by itself.
func TestCrashReleasesInhibition(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	p := kdetest.StartPlasma(t, addr)
	ctx := ctxT(t)

	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+addr)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if line, err := bufio.NewReader(out).ReadString('\n'); err != nil || line != "raised\n" {
		t.Fatalf("child said %q, %v: %s", line, err, stderr.String())
	}

	holds, _ := p.Snapshot()
	if len(holds) != 1 {
		t.Fatalf("child holds %d inhibitions, want 1", len(holds))
	}
	var pid uint32
	if err := p.Conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0, holds[0].Sender).Store(&pid); err != nil {
		t.Fatal(err)
	}
	if int(pid) != cmd.Process.Pid {
		t.Fatalf("inhibition held by pid %d, want the child %d", pid, cmd.Process.Pid)
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	poll.For(t, "the killed child's inhibition to be released", func() bool { h, _ := p.Snapshot(); return len(h) == 0 })
	if _, uninhibits := p.Snapshot(); uninhibits != 0 {
		t.Fatalf("a SIGKILLed child called UnInhibit %d times", uninhibits)
	}
}

func TestNoNotificationServer(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	ctx := ctxT(t)
	ok, why := Available(ctx, addr)
	if ok || why != "No notification server is running: log in to KDE Plasma." {
		t.Fatalf("Available = %v, %q", ok, why)
	}
	b := New(addr)
	defer b.Close()
	err := b.Raise(ctx, incident)
	if err == nil || !strings.Contains(err.Error(), "no notification server is running (log in to KDE Plasma)") {
		t.Fatalf("Raise: err = %v, want it to say no notification server is running", err)
	}
	if err := b.Restore(ctx, nil); err != nil {
		t.Fatalf("Restore after a failed Raise: %v", err)
	}
}

func TestNotificationServerWithoutInhibit(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	kdetest.Serve(t, addr, kdetest.GnomeShell{})
	ctx := ctxT(t)
	ok, why := Available(ctx, addr)
	if ok || why != "The notification server (gnome-shell) cannot hold Do Not Disturb: it needs KDE Plasma." {
		t.Fatalf("Available = %v, %q", ok, why)
	}
	b := New(addr)
	defer b.Close()
	if err := b.Raise(ctx, incident); err == nil || !strings.Contains(err.Error(), "needs KDE Plasma") {
		t.Fatalf("Raise: err = %v, want it to say it needs KDE Plasma", err)
	}
}

func TestNoBus(t *testing.T) {
	ctx := ctxT(t)
	addr := "unix:path=" + t.TempDir() + "/no-bus"
	if ok, why := Available(ctx, addr); ok || !strings.HasPrefix(why, "There is no session bus") {
		t.Fatalf("Available = %v, %q", ok, why)
	}
	if err := New(addr).Raise(ctx, incident); err == nil || !strings.Contains(err.Error(), "connect to the session bus") {
		t.Fatalf("Raise: err = %v", err)
	}

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if err := New("").Raise(ctx, incident); err == nil || !strings.Contains(err.Error(), "is DBUS_SESSION_BUS_ADDRESS set?") {
		t.Fatalf("Raise with no session bus: err = %v", err)
	}
}

// "" means the session bus, authenticated and named by hand.
func TestDefaultSessionBus(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	p := kdetest.StartPlasma(t, addr)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", addr)
	ctx := ctxT(t)
	if ok, why := Available(ctx, ""); !ok {
		t.Fatalf("Available = false, %q", why)
	}
	b := New("")
	defer b.Close()
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if holds, _ := p.Snapshot(); len(holds) != 1 {
		t.Fatalf("server holds %d inhibitions, want 1", len(holds))
	}
	if err := b.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if holds, _ := p.Snapshot(); len(holds) != 0 {
		t.Fatalf("server holds %d inhibitions after Restore, want 0", len(holds))
	}
}

func TestCanceledContext(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	kdetest.StartPlasma(t, addr)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := New(addr).Raise(ctx, incident); err == nil {
		t.Fatal("Raise with a canceled context succeeded")
	}
}

// A restarted plasmashell forgets every inhibition: the engine's periodic
// Raise notices the new server and inhibits again.
func TestRestartedPlasmaInhibitedAgain(t *testing.T) {
	addr := testbus.Start(t, nil).Address
	ctx := ctxT(t)
	first := kdetest.StartPlasma(t, addr)
	b := New(addr)
	defer b.Close()
	if b.RefreshEvery() <= 0 {
		t.Fatal("kde is not refreshed: a restarted Plasma would stay uninhibited")
	}
	if err := b.Raise(ctx, focus.Incident{Title: "checkout is down"}); err != nil {
		t.Fatal(err)
	}
	first.Conn.Close() // plasmashell exits, and a new one takes the name
	var second *kdetest.Plasma
	poll.For(t, "the name free for a new server", func() bool {
		var has bool
		b.conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.Notifications").Store(&has)
		return !has
	})
	second = kdetest.StartPlasma(t, addr)
	if err := b.Raise(ctx, focus.Incident{Title: "checkout is down"}); err != nil {
		t.Fatal(err)
	}
	if holds, _ := second.Snapshot(); len(holds) != 1 {
		t.Fatalf("the new server holds %d inhibitions, want 1", len(holds))
	}
	if err := b.Raise(ctx, focus.Incident{Title: "checkout is down"}); err != nil {
		t.Fatal(err)
	}
	if holds, _ := second.Snapshot(); len(holds) != 1 {
		t.Fatalf("a Raise with the same server took another inhibition: %d", len(holds))
	}
}
