package tray

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"

	"github.com/keepcool/keepcool/app/window"
)

// Launcher opens keepcool's windows: each is a `keepcool-gui NAME`
// process of its own, so a window that crashes cannot take the engine
// down. At most one process per name runs at a time.
type Launcher struct {
	argv   []string
	log    io.Writer
	mu     sync.Mutex
	open   map[string]*opened
	closed bool
	reaped sync.WaitGroup
}

// opened is one window's process and the pipe to its stdin, on which a
// line "activate" asks it to come forward and take the keyboard. A pipe,
// not a signal: a line written while the window is still starting waits
// for it, where a signal would kill a process that has no handler yet.
type opened struct {
	proc  *os.Process
	stdin io.WriteCloser
}

// What the launcher writes to an open window's stdin (package app reads
// it): ActivateLine when the user asks for that window again, QuitLine
// when keepcool quits. A line, not SIGTERM, asks a window to end, because
// fyne ends on SIGTERM at once, and a window holding a note nobody sent
// must be able to stay.
const (
	ActivateLine = "activate"
	QuitLine     = "quit"
)

// NewLauncher starts windows as the command argv followed by the window's
// name (`keepcool-gui NAME`, or `keepcool window NAME`); their output and
// exit errors go to log.
func NewLauncher(argv []string, log io.Writer) *Launcher {
	return &Launcher{argv: slices.Clone(argv), log: log, open: map[string]*opened{}}
}

// ErrClosed is returned by Open after Close.
var ErrClosed = errors.New("keepcool is quitting: no new windows")

// Open starts the named window for a user who asked for it (a click in the
// tray, a notification's action): it takes the keyboard. When that window
// is already open, it is asked to come forward and take the keyboard
// (activate). It returns at once: a goroutine reaps the process when it
// exits.
func (l *Launcher) Open(name string) error { return l.start(name, false) }

// OpenQuietly starts a window the engine opens on its own (a scheduled
// prompt): it shows without taking keystrokes meant for another window.
// An open window of that name is left as it is.
func (l *Launcher) OpenQuietly(name string) error { return l.start(name, true) }

func (l *Launcher) start(name string, quiet bool) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return ErrClosed
	}
	if o, running := l.open[name]; running {
		if !quiet { // no duplicate: the open one comes forward
			fmt.Fprintln(o.stdin, ActivateLine) // a window that is going away has nothing to bring forward
		}
		return nil
	}
	args := append(l.argv[1:len(l.argv):len(l.argv)], name)
	if quiet {
		args = append(args, window.QuietFlag)
	}
	cmd := exec.Command(l.argv[0], args...)
	cmd.Stdout, cmd.Stderr = l.log, l.log
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("open the %s window: %w", name, err)
	}
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open the %s window: %w", name, err)
	}
	l.open[name] = &opened{proc: cmd.Process, stdin: stdin}
	l.reaped.Add(1)
	go l.reap(name, cmd)
	return nil
}

func (l *Launcher) reap(name string, cmd *exec.Cmd) {
	defer l.reaped.Done()
	err := cmd.Wait()
	l.mu.Lock()
	closing := l.closed
	if o := l.open[name]; o != nil && o.proc == cmd.Process {
		delete(l.open, name)
	}
	l.mu.Unlock()
	if err != nil && !closing {
		fmt.Fprintf(l.log, "keepcool: the %s window ended: %v\n", name, err)
	}
}

// PID is the process id of the named window, 0 when none is open.
func (l *Launcher) PID(name string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if o := l.open[name]; o != nil {
		return o.proc.Pid
	}
	return 0
}

// Close asks every open window to end: they are clients of an engine that
// is going away. A window still there after grace holds text the user has
// not sent (it says so): it is left open, in its own process group, rather
// than killed with the text.
func (l *Launcher) Close(grace time.Duration) {
	l.mu.Lock()
	l.closed = true
	for _, o := range l.open {
		if _, err := fmt.Fprintln(o.stdin, QuitLine); err != nil {
			terminate(o.proc) // it no longer reads: it cannot be asked
		}
	}
	l.mu.Unlock()
	done := make(chan struct{})
	go func() { l.reaped.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
	}
}
