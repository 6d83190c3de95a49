package poll

import (
	"fmt"
	"testing"
)

// recorder is a test that records how it failed instead of stopping.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

// For returns once the condition holds, having asked until then.
func TestForWaitsUntilTheConditionHolds(t *testing.T) {
	r := &recorder{TB: t}
	calls := 0
	For(r, "the third call", func() bool { calls++; return calls == 3 })
	if r.failed != "" || calls != 3 {
		t.Fatalf("failed %q after %d calls; want no failure after 3", r.failed, calls)
	}
}

// A condition that never holds fails the test, saying what it waited for
// and how long.
func TestForWithinSaysWhatNeverCame(t *testing.T) {
	for _, c := range []struct {
		wait func(testing.TB)
		want string
	}{
		{func(tb testing.TB) { ForWithin(tb, 0, "the door to open", func() bool { return false }) },
			"timed out after 0s waiting for the door to open"},
		{func(tb testing.TB) { Until(tb, 0, func() bool { return false }, "the door shows %q", "open") },
			`after 0s: the door shows "open"`},
	} {
		r := &recorder{TB: t}
		c.wait(r)
		if r.failed != c.want {
			t.Errorf("failed with %q, want %q", r.failed, c.want)
		}
	}
}
