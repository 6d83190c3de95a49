package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -o naming a folder, or a file in a folder that does not exist, is
// refused before the engine is asked, and nothing is created.
func TestPostmortemOutputRefused(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "a", "b", "c")
	for _, tt := range []struct {
		out  string
		want string
	}{
		{dir, "-o " + dir + " is a folder: name a file in it"},
		{dir + "/", "is a folder: name a file in it"},
		{filepath.Join(missing, "pm.md"), "folder " + missing + " does not exist"},
	} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), []string{"postmortem", "-o", tt.out}, strings.NewReader(""), &out, &errb)
		if code == ExitOK || !strings.Contains(errb.String(), tt.want) || strings.Contains(errb.String(), "rename") {
			t.Errorf("postmortem -o %s: exit %d, %q; want a failure saying %q", tt.out, code, errb.String(), tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); !os.IsNotExist(err) {
		t.Errorf("postmortem -o created %s/a: %v", dir, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("postmortem -o left files in %s: %v", dir, entries)
	}
	for _, ok := range []string{"", "-", filepath.Join(dir, "pm.md"), "pm.md"} {
		if err := checkOutput(ok); err != nil {
			t.Errorf("checkOutput(%q) = %v; want it accepted", ok, err)
		}
	}
}

// `keepcool history --drills` counts its drills in agreement: "1 finished
// drill" (history.go's trend line; its other tests are in history_test.go).
func TestPrintTrendOfOneDrill(t *testing.T) {
	out := printed(t, historyFixture()[:1], true)
	mustContain(t, "history --drills", out, "Drill trend, oldest to newest (1 finished drill):\n")
}

// The post-mortem is more than a timeline now: help says so.
func TestHelpSaysPostMortem(t *testing.T) {
	var out bytes.Buffer
	if code := Main(context.Background(), []string{"--help"}, strings.NewReader(""), &out, &out); code != ExitOK {
		t.Fatalf("--help: exit %d: %s", code, out.String())
	}
	if strings.Contains(out.String(), "post-mortem timeline") || !strings.Contains(out.String(), "post-mortem") {
		t.Errorf("--help still speaks of a post-mortem timeline:\n%s", out.String())
	}
}
