package filelock

import (
	"os"
	"path/filepath"
	"testing"
)

// A second open file description cannot take a lock another holds, and
// can once it is released.
func TestTryLockSeesAHeldLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lock")
	a, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Lock(a); err != nil {
		t.Fatal(err)
	}
	b, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if held, err := TryLock(b); err != nil || !held {
		t.Fatalf("while a holds it: held %v, %v", held, err)
	}
	a.Close()
	if held, err := TryLock(b); err != nil || held {
		t.Fatalf("after a closed: held %v, %v", held, err)
	}
}
