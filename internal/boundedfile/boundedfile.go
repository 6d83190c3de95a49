// Package boundedfile reads a file the user put in a folder keepcool
// scans (drill scenarios, runbooks): a regular file of at most a given
// size. Anything else is refused without blocking: a FIFO would hang its
// reader until something writes to it, and a device never ends.
package boundedfile

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNotRegular is a path that is not a regular file (a folder, a FIFO, a
// socket, a device) once symbolic links are followed.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is a file over the limit.
var ErrTooLarge = errors.New("file too large")

// Read returns the contents of path: a regular file (a symbolic link to
// one is followed) of at most limit bytes. A path that does not exist
// gives an error for which errors.Is(err, fs.ErrNotExist) holds; a
// non-regular one ErrNotRegular; one over limit ErrTooLarge (the limit
// is checked on what is read, so a file that grows after its size was
// looked at is caught too).
func Read(path string, limit int64) ([]byte, error) {
	f, err := open(path) // never blocks, even on a FIFO
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat() // of what was opened: no swap between a look and the open
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", path, ErrNotRegular)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %w", path, ErrTooLarge)
	}
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, fmt.Errorf("%s: %w", path, ErrTooLarge)
	}
	return src, nil
}

// open opens path for reading without waiting for a writer.
func open(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
}
