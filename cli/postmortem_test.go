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

// -o never replaces keepcool's own files: a journal (by any path to it,
// through a symlinked folder too), a new file in its state folder, its
// config file (or a link to it). It is refused, as a usage mistake,
// before the engine is asked, and the file is left as it was.
func TestPostmortemOutputNotKeepcoolsOwn(t *testing.T) {
	home := t.TempDir()
	t.Setenv("KEEPCOOL_HOME", home)
	incidents := filepath.Join(home, "state", "incidents")
	if err := os.MkdirAll(incidents, 0o700); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(incidents, "20261130-140000-checkout-down.jsonl")
	cfg := filepath.Join(home, "config.toml")
	for _, f := range []string{journal, cfg} {
		if err := os.WriteFile(f, []byte("keep me\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	elsewhere := t.TempDir()
	if err := os.Symlink(filepath.Join(home, "state"), filepath.Join(elsewhere, "st")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cfg, filepath.Join(elsewhere, "cfg.toml")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ out, want string }{
		{journal, "is inside keepcool's state folder"},
		{filepath.Join(elsewhere, "st", "incidents", filepath.Base(journal)), "is inside keepcool's state folder"},
		{filepath.Join(home, "state", "..", "state", "incidents", "new.md"), "is inside keepcool's state folder"},
		{cfg, "is keepcool's config file"},
		{filepath.Join(elsewhere, "cfg.toml"), "is keepcool's config file"},
	} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), []string{"postmortem", "-o", tt.out}, strings.NewReader(""), &out, &errb)
		if code != ExitUsage || !strings.Contains(errb.String(), tt.want) || !strings.Contains(errb.String(), "name a") {
			t.Errorf("postmortem -o %s: exit %d, %q; want a usage error saying it %s", tt.out, code, errb.String(), tt.want)
		}
	}
	for _, f := range []string{journal, cfg} {
		if b, err := os.ReadFile(f); err != nil || string(b) != "keep me\n" {
			t.Errorf("%s is now %q (%v)", f, b, err)
		}
	}
	// A file of the engineer's own passes the check (and then finds no engine here).
	var out, errb bytes.Buffer
	Main(context.Background(), []string{"postmortem", "-o", filepath.Join(elsewhere, "pm.md")}, strings.NewReader(""), &out, &errb)
	if strings.Contains(errb.String(), "keepcool's") {
		t.Errorf("postmortem -o of the engineer's own file refused: %s", errb.String())
	}
}
