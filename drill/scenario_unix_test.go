//go:build unix

package drill

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO, or a link to one, in the drills folder is refused at once: the
// engine reads scenarios holding its lock, and a plain open would wait
// for a writer for ever. The scenarios beside it still list; a link to a
// scenario elsewhere is followed.
func TestSpecialFilesInTheFolder(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.toml"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "pipe.toml"), filepath.Join(dir, "to-pipe.md")); err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(t.TempDir(), "shared.toml")
	if err := os.WriteFile(shared, []byte(dbFailover), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(shared, filepath.Join(dir, "linked.toml")); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, "pipe"); err == nil || !strings.Contains(err.Error(), "is not a regular file") {
		t.Errorf("Load(pipe) = %v", err)
	}
	if sc, err := Load(dir, "linked"); err != nil || len(sc.Events) != 2 {
		t.Errorf("Load(linked) = %+v, %v", sc, err)
	}
	list, errs := List(dir)
	if len(list) != 1 || list[0].Name != "linked" || len(errs) != 2 {
		t.Errorf("List = %+v, %v", list, errs)
	}
}
