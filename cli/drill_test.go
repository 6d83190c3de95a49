package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// drill skip takes at most one scenario: more is a usage mistake (exit 2),
// said before any engine is asked.
func TestDrillSkipTooManyArgs(t *testing.T) {
	t.Setenv("KEEPCOOL_HOME", t.TempDir())
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"drill", "skip", "a", "b"}, strings.NewReader(""), &out, &errb)
	if code != ExitUsage || !strings.Contains(errb.String(), "expected at most one scenario") {
		t.Fatalf("exit %d stderr %q; want %d and the usage", code, errb.String(), ExitUsage)
	}
}
