package updatestest

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// CheckError fails t unless err is what the outbox needs from a failed
// send: an error, permanent exactly when permanent is set, asking to wait
// retry (0: not asking to wait), and revealing none of secrets (webhook
// tokens, topics, signatures), which errors end up in logs and on screen.
func CheckError(t testing.TB, err error, permanent bool, retry time.Duration, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("Send succeeded")
	}
	if got := updates.IsPermanent(err); got != permanent {
		t.Errorf("permanent = %v, want %v: %v", got, permanent, err)
	}
	if got, ok := updates.RetryAfter(err); got != retry || ok != (retry > 0) {
		t.Errorf("retry after %v (%v), want %v: %v", got, ok, retry, err)
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error reveals %q: %v", s, err)
		}
	}
}
