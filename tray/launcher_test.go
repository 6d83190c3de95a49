//go:build unix

package tray

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func started(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// fakeLauncher is a launcher whose windows are this test binary standing
// in for keepcool-gui (TestMain): each records what it saw in dir.
func fakeLauncher(t *testing.T, log io.Writer) (l *Launcher, dir string) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv("KEEPCOOL_FAKE_WINDOW", dir)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return NewLauncher([]string{exe, "window"}, log), dir
}

func TestLauncherOneWindowPerName(t *testing.T) {
	var log syncBuffer
	l, dir := fakeLauncher(t, &log)

	for range 3 { // a double click and a prompt while the window is up
		if err := l.Open("prompt"); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Open("settings"); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "two windows", func() bool { return len(started(t, dir)) == 2 })
	time.Sleep(200 * time.Millisecond) // a duplicate would show up by now
	got := started(t, dir)
	want := []string{fmt.Sprintf("prompt-%d", l.PID("prompt")), fmt.Sprintf("settings-%d", l.PID("settings"))}
	if !slices.Equal(got, want) {
		t.Fatalf("windows started: %v, want %v", got, want)
	}

	// Closed by the user: the name is free again and a new process opens.
	first := l.PID("prompt")
	syscall.Kill(first, syscall.SIGTERM)
	poll.For(t, "the prompt window to be reaped", func() bool { return l.PID("prompt") == 0 })
	if err := l.Open("prompt"); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "a second prompt window", func() bool { return len(started(t, dir)) == 3 })
	if l.PID("prompt") == first {
		t.Fatal("the reopened window has the old pid")
	}

	// A window that fails says so; the launcher keeps working.
	if err := l.Open("crash"); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the crash to be reported", func() bool { return strings.Contains(log.String(), "the crash window ended: exit status 3") })

	// Quitting ends every window and reaps it: no zombies left behind.
	pids := []int{l.PID("prompt"), l.PID("settings")}
	l.Close(5 * time.Second)
	for _, pid := range pids {
		if err := syscall.Kill(pid, 0); err == nil {
			t.Errorf("window %d still running after Close", pid)
		}
	}
	if err := l.Open("prompt"); err != ErrClosed {
		t.Errorf("Open after Close: %v, want ErrClosed", err)
	}
}

// A prompt the engine opens on its own starts quiet; when the user then asks
// for it (the tray's Post update…, a notification's action), the open one
// is told to come forward instead of a second one opening.
func TestLauncherQuietThenActivated(t *testing.T) {
	l, dir := fakeLauncher(t, &syncBuffer{})
	defer l.Close(5 * time.Second)
	if err := l.OpenQuietly("prompt"); err != nil {
		t.Fatal(err)
	}
	if err := l.OpenQuietly("prompt"); err != nil { // the next scheduled prompt: left as it is
		t.Fatal(err)
	}
	if err := l.Open("prompt"); err != nil {
		t.Fatal(err)
	}
	file := fmt.Sprintf("%s/prompt-%d", dir, l.PID("prompt"))
	read := func() string { b, _ := os.ReadFile(file); return string(b) }
	poll.For(t, "the prompt to be activated", func() bool { return strings.Contains(read(), ActivateLine) })
	time.Sleep(100 * time.Millisecond)
	if got, want := read(), "quiet\n"+ActivateLine+"\n"; got != want {
		t.Fatalf("the window saw %q, want %q", got, want)
	}
	if n := len(started(t, dir)); n != 1 {
		t.Fatalf("%d prompt windows started, want 1", n)
	}

	if err := l.Open("settings"); err != nil { // asked for by the user: not quiet
		t.Fatal(err)
	}
	poll.For(t, "settings", func() bool { return len(started(t, dir)) == 2 })
	b, _ := os.ReadFile(fmt.Sprintf("%s/settings-%d", dir, l.PID("settings")))
	if string(b) != "opened\n" {
		t.Fatalf("settings started as %q, want a window that takes the keyboard", b)
	}
}

// A window that holds text nobody sent stays open when keepcool quits: it
// is left running, not killed with the text, and Close still returns.
func TestLauncherCloseLeavesAWindowWithUnsentText(t *testing.T) {
	l, dir := fakeLauncher(t, &syncBuffer{})
	if err := l.Open("unsent"); err != nil {
		t.Fatal(err)
	}
	if err := l.Open("settings"); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "two windows", func() bool { return len(started(t, dir)) == 2 })
	unsent, settings := l.PID("unsent"), l.PID("settings")
	t.Cleanup(func() { syscall.Kill(unsent, syscall.SIGKILL) })
	closed := make(chan struct{})
	go func() { l.Close(500 * time.Millisecond); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a window that stays")
	}
	if err := syscall.Kill(unsent, 0); err != nil {
		t.Fatalf("the window with unsent text was killed: %v", err)
	}
	poll.For(t, "the settings window to end", func() bool { return syscall.Kill(settings, 0) != nil })
}
