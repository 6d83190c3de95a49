//go:build unix

package runbook

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestDirSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	d := Dir{Path: dir}
	// A FIFO would block a reader until something writes to it.
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Load("pipe"); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("fifo: %v", err)
	}
	// A link to a runbook elsewhere is followed: the folder is the user's own.
	other := filepath.Join(t.TempDir(), "shared.md")
	if err := os.WriteFile(other, []byte("- [ ] shared step\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(other, filepath.Join(dir, "linked.md")); err != nil {
		t.Fatal(err)
	}
	if rb, err := d.Load("linked"); err != nil || !slices.Equal(rb.Items, []string{"shared step"}) {
		t.Errorf("link: %v %q", err, rb.Items)
	}
}
