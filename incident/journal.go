package incident

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Journal is one incident's append-only JSON-lines file. Append returns only
// once the event is on disk (fsync), so the caller may act on it.
type Journal struct {
	f      journalFile
	path   string
	seq    int
	size   int64 // bytes of complete lines: where the next append starts
	broken error // set when an fsync failed: what reached the disk is unknown
}

// CreateJournal makes a new, empty journal; it fails if path exists.
func CreateJournal(path string) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create journal: %w", err)
	}
	// The new directory entry must survive a power cut too.
	if err := syncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, err
	}
	return &Journal{f: f, path: path}, nil
}

// journalFile is what the journal needs of its file (an *os.File; tests
// substitute one that fails).
type journalFile interface {
	Write([]byte) (int, error)
	Truncate(int64) error
	Sync() error
	Close() error
}

// ErrNotRecorded wraps every Append failure: the event is not in the journal.
var ErrNotRecorded = errors.New("not recorded")

// OpenJournal opens an existing journal for appending and returns its events.
// A torn last line (a write cut short by a crash or power cut) is cut off the
// file and reported as a warning; a corrupt complete line is skipped with a
// warning. Neither stops the journal from opening.
func OpenJournal(path string) (*Journal, []Event, []string, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open journal: %w", err)
	}
	events, good, warnings, err := replay(f, path)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	if err := truncateTail(f, good); err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	j := &Journal{f: f, path: path, size: good}
	if n := len(events); n > 0 {
		j.seq = events[n-1].Seq
	}
	return j, events, warnings, nil
}

// ReadJournal returns a journal's events without opening it for writing.
func ReadJournal(path string) ([]Event, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read journal: %w", err)
	}
	defer f.Close()
	events, _, warnings, err := replay(f, path)
	return events, warnings, err
}

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Append stores e with the next sequence number and syncs it to disk. On
// error the event is not recorded (errors.Is(err, ErrNotRecorded)). A write
// cut short is cut off again, so the next append starts on a clean line; an
// fsync failure leaves the file's state unknown, and the journal refuses
// further appends until it is reopened.
func (j *Journal) Append(e Event) (Event, error) {
	if j.broken != nil {
		return Event{}, fmt.Errorf("%w: journal %s failed earlier (%v); free disk space, then restart keepcool", ErrNotRecorded, j.path, j.broken)
	}
	e.Seq = j.seq + 1
	line, err := json.Marshal(e)
	if err != nil {
		return Event{}, fmt.Errorf("%w: encode event: %v", ErrNotRecorded, err)
	}
	line = append(line, '\n')
	if _, err := j.f.Write(line); err != nil {
		if terr := j.f.Truncate(j.size); terr != nil {
			j.broken = err
		}
		return Event{}, fmt.Errorf("%w: append to journal %s: %v (free disk space and try again)", ErrNotRecorded, j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		j.broken = err
		return Event{}, fmt.Errorf("%w: sync journal %s: %v (free disk space, then restart keepcool)", ErrNotRecorded, j.path, err)
	}
	j.seq = e.Seq
	j.size += int64(len(line))
	return e, nil
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// replay decodes every line of r. good is the length of the prefix that ends
// with the last complete line: anything after it is a torn write.
func replay(r io.Reader, name string) (events []Event, good int64, warnings []string, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var offset int64
	for lineNo := 1; ; lineNo++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return nil, 0, nil, fmt.Errorf("read journal %s: %w", name, rerr)
		}
		if len(line) == 0 {
			break
		}
		if rerr != nil { // no newline: the last write was cut short
			warnings = append(warnings, fmt.Sprintf("%s:%d: torn last line (%d bytes) dropped; it was being written when keepcool stopped", name, lineNo, len(line)))
			break
		}
		offset += int64(len(line))
		good = offset
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e Event
		if err := json.Unmarshal(line, &e); err != nil || e.Kind == "" {
			warnings = append(warnings, fmt.Sprintf("%s:%d: unreadable line skipped", name, lineNo))
			continue
		}
		if n := len(events); n > 0 && e.Seq <= events[n-1].Seq {
			warnings = append(warnings, fmt.Sprintf("%s:%d: out-of-order event %d skipped", name, lineNo, e.Seq))
			continue
		}
		events = append(events, e)
	}
	return events, good, warnings, nil
}

func truncateTail(f *os.File, good int64) error {
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat journal: %w", err)
	}
	if st.Size() == good {
		return nil
	}
	if err := f.Truncate(good); err != nil {
		return fmt.Errorf("cut torn line off journal: %w", err)
	}
	return f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	// Some platforms (Windows) cannot sync a directory; the file itself is synced on append.
	_ = d.Sync()
	return nil
}
