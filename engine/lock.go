package engine

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/internal/filelock"
)

// AlreadyRunningError is returned when another engine holds the lock.
type AlreadyRunningError struct{ PID int }

func (e *AlreadyRunningError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("keepcool is already running (pid %d)", e.PID)
	}
	return "keepcool is already running"
}

// lockFile is the single-instance guard: the lock is held for the engine's
// lifetime and the file says which process holds it.
type lockFile struct{ f *os.File }

func acquireLock(path string) (*lockFile, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	held, err := filelock.TryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if held {
		f.Close()
		return nil, &AlreadyRunningError{PID: readPID(path)}
	}
	if err := f.Truncate(0); err != nil {
		f.Close()
		return nil, fmt.Errorf("write lock file: %w", err)
	}
	if _, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0); err != nil {
		f.Close()
		return nil, fmt.Errorf("write lock file: %w", err)
	}
	return &lockFile{f: f}, nil
}

// release drops the lock. The file stays: removing it would race with a
// starting engine that already opened it.
func (l *lockFile) release() error { return l.f.Close() }

// readPID reads the holder's pid, waiting briefly for a holder that has
// just taken the lock and not yet written it.
func readPID(path string) int {
	for range 20 {
		b, _ := os.ReadFile(path)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			return pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	return 0
}
