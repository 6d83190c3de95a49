// Package poll waits in tests for something another goroutine or process
// brings about: a window to show a text, a daemon to answer.
package poll

import (
	"fmt"
	"testing"
	"time"
)

// Until calls cond every 10 ms until it is true, failing the test with
// what (formatted with args) after timeout.
func Until(t testing.TB, timeout time.Duration, cond func() bool, what string, args ...any) {
	t.Helper()
	UntilThen(t, timeout, cond, func() string { return fmt.Sprintf(what, args...) })
}

// UntilThen is Until with a message made when it fails, so that it shows
// how things ended up rather than how they began.
func UntilThen(t testing.TB, timeout time.Duration, cond func() bool, msg func() string) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", timeout, msg())
		}
	}
}
