package desktopopen

import (
	"context"
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestCommandPerDesktop(t *testing.T) {
	for _, want := range []string{
		"linux: xdg-open /tmp/x.md",
		"freebsd: xdg-open /tmp/x.md",
		"darwin: open /tmp/x.md",
		"windows: rundll32 url.dll,FileProtocolHandler /tmp/x.md",
	} {
		goos, _, _ := strings.Cut(want, ":")
		name, args := Command(goos, "/tmp/x.md")
		if got := goos + ": " + strings.Join(append([]string{name}, args...), " "); got != want {
			t.Errorf("%q; want %q", got, want)
		}
	}
}

// fakeOpener puts a shell-script xdg-open saying script first on PATH.
func fakeOpener(t *testing.T, script string) string {
	t.Helper()
	if name, _ := Command(runtime.GOOS, ""); name != "xdg-open" {
		t.Skip("a shell-script xdg-open stands in for the opener on Linux and the BSDs only")
	}
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/xdg-open", []byte("#!/bin/sh\n"+script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	return dir
}

// Open says what a failing opener said.
func TestOpenReportsFailure(t *testing.T) {
	fakeOpener(t, "echo 'no application for text/markdown' >&2\nexit 3\n")
	err := Open(context.Background(), "/tmp/x.md")
	if err == nil || !strings.Contains(err.Error(), "no application for text/markdown") {
		t.Fatalf("error %v; want the opener's words", err)
	}
}

// Open succeeds when the opener does, having given it target.
func TestOpenHandsTheTargetOver(t *testing.T) {
	dir := fakeOpener(t, "echo \"$1\" > \"${0%/*}/opened\"\n")
	if err := Open(context.Background(), "/tmp/x.md"); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(dir + "/opened"); err != nil || string(b) != "/tmp/x.md\n" {
		t.Errorf("the opener got %q (%v)", b, err)
	}
}

// Start fails only without an opener.
func TestStartWithoutOpener(t *testing.T) {
	if name, _ := Command(runtime.GOOS, ""); name != "xdg-open" {
		t.Skip("xdg-open only")
	}
	t.Setenv("PATH", t.TempDir())
	if err := Start("https://example.com"); err == nil {
		t.Error("Start with no opener on PATH succeeded")
	}
}
