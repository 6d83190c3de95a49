// Package testproc runs a program under test in the background, as the
// black-box tests of keepcool do, and keeps what it prints.
package testproc

import (
	"bytes"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// Proc is a started program.
type Proc struct {
	Cmd  *exec.Cmd
	Done chan struct{} // closed once it has exited and been waited for
	out  Buffer
}

// Start starts cmd with its stdout and stderr kept, and kills it when the
// test ends if it still runs.
func Start(t testing.TB, cmd *exec.Cmd) *Proc {
	t.Helper()
	p := &Proc{Cmd: cmd, Done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.out, &p.out
	// Children (keepcool's windows) share the output pipe; after a kill,
	// Wait must not wait for one that outlives the program.
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(p.Done) }()
	t.Cleanup(p.Kill)
	return p
}

// Output is everything it printed so far.
func (p *Proc) Output() string { return p.out.String() }

// Kill sends SIGKILL — no cleanup of any kind runs — and waits for it.
func (p *Proc) Kill() {
	p.Cmd.Process.Kill()
	<-p.Done
}

// Buffer is an io.Writer that a program (or a goroutine) under test and
// the test may use at once.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *Buffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String is everything written so far.
func (l *Buffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
