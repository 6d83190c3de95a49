package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

// --version answers without an engine, on stdout, in one line.
func TestVersion(t *testing.T) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), []string{"--version"}, strings.NewReader(""), &out, &errb)
	if code != ExitOK || errb.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if !regexp.MustCompile(`^keepcool \S+ \(commit \S+(, with uncommitted changes)?, built \S+\)\n$`).MatchString(out.String()) {
		t.Fatalf("--version printed %q", out.String())
	}
}
