package macos

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/focus"
)

// fakeShortcuts is a `shortcuts` command that knows one set of Shortcuts
// and logs every run, the way macOS's would behave for this back-end.
func fakeShortcuts(t *testing.T, known ...string) (cmd, log string) {
	t.Helper()
	dir := t.TempDir()
	log = filepath.Join(dir, "runs")
	script := `#!/bin/sh
known='` + strings.Join(known, "\n") + `'
case "$1" in
list) printf '%s\n' "$known" ;;
run) if printf '%s\n' "$known" | grep -qxF "$2"; then printf '%s\n' "$2" >> ` + log + `; else echo "Error: The operation couldn’t be completed. Couldn’t find shortcut" >&2; exit 1; fi ;;
esac
`
	cmd = filepath.Join(dir, "shortcuts")
	if err := os.WriteFile(cmd, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return cmd, log
}

func TestRunsTheShortcuts(t *testing.T) {
	cmd, log := fakeShortcuts(t, DefaultOn, DefaultOff)
	b := New("", "")
	b.Command = cmd
	ctx := context.Background()
	if err := b.Check(ctx); err != nil {
		t.Fatal(err)
	}
	saved, err := b.Save(ctx)
	if err != nil || saved != nil {
		t.Fatalf("Save = %s, %v", saved, err)
	}
	if err := b.Raise(ctx, focus.Incident{Title: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := b.Restore(ctx, saved); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(log)
	if want := DefaultOn + "\n" + DefaultOff + "\n"; string(got) != want {
		t.Fatalf("ran %q, want %q", got, want)
	}
}

func TestMissingShortcutExplained(t *testing.T) {
	cmd, _ := fakeShortcuts(t, DefaultOn)
	b := New("", "")
	b.Command = cmd
	if err := b.Check(context.Background()); err == nil || !strings.Contains(err.Error(), `shortcut "keepcool Focus off" not found`) {
		t.Fatalf("Check = %v", err)
	}
	err := b.Restore(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "Couldn’t find shortcut") || !strings.Contains(err.Error(), "Settings shows how") {
		t.Fatalf("Restore = %v", err)
	}
	b.Command = filepath.Join(t.TempDir(), "nope")
	if err := b.Raise(context.Background(), focus.Incident{}); err == nil || !strings.Contains(err.Error(), "macOS 12") {
		t.Fatalf("Raise without shortcuts = %v", err)
	}
}
