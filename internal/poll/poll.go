// Package poll waits in tests for something another goroutine or process
// brings about: a window to show a text, a daemon to answer, a message to
// be delivered. It is the one poll loop of keepcool's tests.
package poll

import (
	"fmt"
	"testing"
	"time"
)

// Timeout is how long For waits: ample on a loaded machine, and a test
// that will never pass still says so within seconds.
const Timeout = 10 * time.Second

// interval is the least time between two calls of a condition.
const interval = 10 * time.Millisecond

// For waits up to Timeout for cond, failing the test with "timed out
// after 10s waiting for " and what: name what it waits for ("the outbox to
// deliver 3 messages").
func For(t testing.TB, what string, cond func() bool) {
	t.Helper()
	ForWithin(t, Timeout, what, cond)
}

// ForWithin is For with a timeout of its own: for what takes longer (a
// daemon that starts) or a test that times a step.
func ForWithin(t testing.TB, within time.Duration, what string, cond func() bool) {
	t.Helper()
	if !wait(within, cond) {
		t.Fatalf("timed out after %v waiting for %s", within, what)
	}
}

// Until calls cond until it is true, failing the test with what
// (formatted with args) after timeout.
func Until(t testing.TB, timeout time.Duration, cond func() bool, what string, args ...any) {
	t.Helper()
	UntilThen(t, timeout, cond, func() string { return fmt.Sprintf(what, args...) })
}

// UntilThen is Until with a message made when it fails, so that it shows
// how things ended up rather than how they began.
func UntilThen(t testing.TB, timeout time.Duration, cond func() bool, msg func() string) {
	t.Helper()
	if !wait(timeout, cond) {
		t.Fatalf("after %v: %s", timeout, msg())
	}
}

// wait calls cond until it is true (true) or timeout has passed (false).
// It calls it every 10 ms, or, when cond itself is slow (it runs a
// command, asks a daemon), after as long again as the last call took:
// a poll never keeps a busy machine busier.
func wait(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		start := time.Now()
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(max(interval, time.Since(start)))
	}
}
