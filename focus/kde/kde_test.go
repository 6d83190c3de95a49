package kde

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/keepcool/keepcool/focus"
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

// startBus starts a private session bus and returns its address.
func startBus(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Fatal("dbus-daemon not found: run scripts/deps.sh (apt-get install dbus)")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("dbus-daemon printed no address: %v\n%s", err, stderr.String())
	}
	return strings.TrimSpace(line)
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// hold is one inhibition the stand-in grants.
type hold struct {
	sender, app, reason string
}

// plasma stands in for Plasma's notification server: it owns
// org.freedesktop.Notifications, grants inhibitions by cookie and, like
// Plasma, ends a holder's inhibitions when its connection leaves the bus.
type plasma struct {
	conn *dbus.Conn

	mu         sync.Mutex
	next       uint32
	holds      map[uint32]hold
	uninhibits int // releases by UnInhibit, not by disconnection
}

func (p *plasma) Inhibit(sender dbus.Sender, app, reason string, hints map[string]dbus.Variant) (uint32, *dbus.Error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next++
	p.holds[p.next] = hold{string(sender), app, reason}
	return p.next, nil
}

func (p *plasma) UnInhibit(cookie uint32) *dbus.Error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.holds[cookie]; !ok {
		return dbus.MakeFailedError(fmt.Errorf("no inhibition %d", cookie))
	}
	delete(p.holds, cookie)
	p.uninhibits++
	return nil
}

func (p *plasma) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "Plasma", "KDE", "6.0", "1.2", nil
}

func (p *plasma) snapshot() ([]hold, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var hs []hold
	for _, h := range p.holds {
		hs = append(hs, h)
	}
	return hs, p.uninhibits
}

func (p *plasma) released(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c, h := range p.holds {
		if h.sender == name {
			delete(p.holds, c)
		}
	}
}

// gnomeShell is a notification server without Inhibit.
type gnomeShell struct{}

func (gnomeShell) GetServerInformation() (string, string, string, string, *dbus.Error) {
	return "gnome-shell", "GNOME", "44", "1.2", nil
}

// serve puts v on the bus at addr as the notification server.
func serve(t *testing.T, addr string, v any) *dbus.Conn {
	t.Helper()
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	if err := conn.Export(v, path, iface); err != nil {
		t.Fatal(err)
	}
	node := &introspect.Node{Name: string(path), Interfaces: []introspect.Interface{
		introspect.IntrospectData,
		{Name: iface, Methods: introspect.Methods(v)},
	}}
	if err := conn.Export(introspect.NewIntrospectable(node), path, "org.freedesktop.DBus.Introspectable"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(service, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v %v", service, reply, err)
	}
	return conn
}

func startPlasma(t *testing.T, addr string) *plasma {
	t.Helper()
	p := &plasma{holds: map[uint32]hold{}}
	p.conn = serve(t, addr, p)
	if err := p.conn.AddMatchSignal(
		dbus.WithMatchSender("org.freedesktop.DBus"),
		dbus.WithMatchInterface("org.freedesktop.DBus"),
		dbus.WithMatchMember("NameOwnerChanged"),
	); err != nil {
		t.Fatal(err)
	}
	ch := make(chan *dbus.Signal, 64)
	p.conn.Signal(ch)
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

// waitFor polls cond until it holds or 10 s pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

var incident = focus.Incident{Title: "checkout is down", Severity: 1}

func TestRaiseAndRestore(t *testing.T) {
	addr := startBus(t)
	p := startPlasma(t, addr)
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
	holds, _ := p.snapshot()
	if len(holds) != 1 {
		t.Fatalf("after Raise the server holds %d inhibitions, want 1", len(holds))
	}
	want := hold{b.conn.Names()[0], "io.keepcool.keepcool", "Handling an incident: checkout is down"}
	if holds[0] != want {
		t.Fatalf("inhibition = %+v, want %+v", holds[0], want)
	}
	// Raise again (a restart mid-incident in the same process) keeps the
	// very same inhibition.
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if again, _ := p.snapshot(); len(again) != 1 || again[0] != want {
		t.Fatalf("after a second Raise the server holds %+v, want just %+v", again, want)
	}
	if holds[0].sender == p.conn.Names()[0] {
		t.Fatal("the inhibition is held on the server's own connection")
	}

	if err := b.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	holds, uninhibits := p.snapshot()
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
	if holds, _ := p.snapshot(); len(holds) != 1 {
		t.Fatalf("after Raise again the server holds %d inhibitions, want 1", len(holds))
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Close releases the inhibition", func() bool { h, _ := p.snapshot(); return len(h) == 0 })
}

func TestRaiseWithoutTitle(t *testing.T) {
	addr := startBus(t)
	p := startPlasma(t, addr)
	b := New(addr)
	defer b.Close()
	if err := b.Raise(ctxT(t), focus.Incident{}); err != nil {
		t.Fatal(err)
	}
	if holds, _ := p.snapshot(); len(holds) != 1 || holds[0].reason != "Handling an incident" {
		t.Fatalf("inhibitions = %+v, want one with reason \"Handling an incident\"", holds)
	}
}

// The real point of a dedicated connection: SIGKILL the holder and the
// server gives the desk back by itself.
func TestCrashReleasesInhibition(t *testing.T) {
	addr := startBus(t)
	p := startPlasma(t, addr)
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

	holds, _ := p.snapshot()
	if len(holds) != 1 {
		t.Fatalf("child holds %d inhibitions, want 1", len(holds))
	}
	var pid uint32
	if err := p.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0, holds[0].sender).Store(&pid); err != nil {
		t.Fatal(err)
	}
	if int(pid) != cmd.Process.Pid {
		t.Fatalf("inhibition held by pid %d, want the child %d", pid, cmd.Process.Pid)
	}

	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	waitFor(t, "the killed child's inhibition is released", func() bool { h, _ := p.snapshot(); return len(h) == 0 })
	if _, uninhibits := p.snapshot(); uninhibits != 0 {
		t.Fatalf("a SIGKILLed child called UnInhibit %d times", uninhibits)
	}
}

func TestNoNotificationServer(t *testing.T) {
	addr := startBus(t)
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
	addr := startBus(t)
	serve(t, addr, gnomeShell{})
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
	addr := startBus(t)
	p := startPlasma(t, addr)
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
	if holds, _ := p.snapshot(); len(holds) != 1 {
		t.Fatalf("server holds %d inhibitions, want 1", len(holds))
	}
	if err := b.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if holds, _ := p.snapshot(); len(holds) != 0 {
		t.Fatalf("server holds %d inhibitions after Restore, want 0", len(holds))
	}
}

func TestCanceledContext(t *testing.T) {
	addr := startBus(t)
	startPlasma(t, addr)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := New(addr).Raise(ctx, incident); err == nil {
		t.Fatal("Raise with a canceled context succeeded")
	}
}
