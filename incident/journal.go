package incident

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"time"
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
// file and reported as a warning; a damaged complete line is skipped with a
// warning. Neither stops the journal from opening.
func OpenJournal(path string) (*Journal, []Event, []string, error) {
	c, err := LoadJournal(path)
	if err != nil {
		return nil, nil, nil, err
	}
	j, err := ReopenJournal(path, c)
	if err != nil {
		return nil, nil, nil, err
	}
	return j, c.Events, c.Warnings, nil
}

// ReadJournal returns a journal's events without opening it for writing.
func ReadJournal(path string) ([]Event, []string, error) {
	c, err := LoadJournal(path)
	return c.Events, c.Warnings, err
}

// Contents is a journal as read: every event that could be read, in order,
// and what could not be.
type Contents struct {
	Events []Event
	// Damage lists the complete lines that could not be read (see
	// record.go); the incident is shown without them, and says so.
	Damage []Damage
	// Warnings say, for the log, one line per problem: damage, a torn last
	// line, an event out of order.
	Warnings []string
	// ModTime is the file's, for an incident that lost every time it had.
	ModTime time.Time

	size int64  // bytes of complete lines: where the next append starts
	seq  int    // the last event's
	crc  uint32 // CRC-32C of the first size bytes
}

// Empty reports whether the journal holds nothing at all: no event, not even
// a damaged one (keepcool stopped while creating it).
func (c Contents) Empty() bool { return len(c.Events) == 0 && len(c.Damage) == 0 }

// LoadJournal reads a journal without opening it for writing. Pass the
// result to ReopenJournal to append to it without reading it again.
func LoadJournal(path string) (Contents, error) {
	f, st, err := openToRead(path)
	if err != nil {
		return Contents{}, err
	}
	defer f.Close()
	// One read into one buffer the file's size (one byte more to see the end).
	b := make([]byte, 0, st.Size()+1)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Contents{}, fmt.Errorf("read journal %s: %w", path, err)
		}
		if len(b) == cap(b) { // it grew while being read
			b = append(b, 0)[:len(b)]
		}
	}
	c := replay(b, path)
	c.crc = crc32.Checksum(b[:c.size], castagnoli)
	c.ModTime = st.ModTime()
	return c, nil
}

// openToRead opens a journal for reading, with its size and time.
func openToRead(path string) (*os.File, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read journal: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("read journal: %w", err)
	}
	return f, st, nil
}

// ReopenJournal opens a journal for appending, as c (its LoadJournal, by the
// process that holds the engine's lock) found it: a torn last line is cut off
// without another warning.
func ReopenJournal(path string, c Contents) (*Journal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	if err := truncateTail(f, c.size); err != nil {
		f.Close()
		return nil, err
	}
	return &Journal{f: f, path: path, size: c.size, seq: c.seq}, nil
}

// Seq is the sequence number of the last event appended, or read when the
// journal was opened.
func (j *Journal) Seq() int { return j.seq }

// Path is the journal's file.
func (j *Journal) Path() string { return j.path }

// Append stores e with the next sequence number and syncs it to disk. On
// error the event is not recorded (errors.Is(err, ErrNotRecorded)), and the
// journal makes sure a restart does not bring it back:
//   - a write cut short is cut off again, so the next append starts on a
//     clean line; if keepcool dies first, the piece lacks its newline and
//     the next open cuts it off as a torn line;
//   - an fsync failure leaves the file's state unknown: the line may be on
//     disk whole. It is cut off (and the cut synced), and the journal
//     refuses further appends until it is reopened, since the kernel may
//     have dropped pages it had not written.
//
// The one way a failed event can come back: its line reached the file
// whole, fsync failed and cutting it off failed too (a disk that fails
// every write), and then the disk kept the line after all. It then comes
// back whole and checksummed, once, as if the append had succeeded; the
// caller said it failed, so the engineer may post the note again.
func (j *Journal) Append(e Event) (Event, error) {
	if j.broken != nil {
		return Event{}, fmt.Errorf("%w: journal %s failed earlier (%v); free disk space, then restart keepcool", ErrNotRecorded, j.path, j.broken)
	}
	e.Seq = j.seq + 1
	line, err := encodeLine(e)
	if err != nil {
		return Event{}, fmt.Errorf("%w: encode event: %v", ErrNotRecorded, err)
	}
	if _, err := j.f.Write(line); err != nil {
		if terr := j.f.Truncate(j.size); terr != nil {
			j.broken = err
		}
		return Event{}, fmt.Errorf("%w: append to journal %s: %v (free disk space and try again)", ErrNotRecorded, j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		j.broken = err
		if j.f.Truncate(j.size) == nil {
			_ = j.f.Sync()
		}
		return Event{}, fmt.Errorf("%w: sync journal %s: %v (free disk space, then restart keepcool)", ErrNotRecorded, j.path, err)
	}
	j.seq = e.Seq
	j.size += int64(len(line))
	return e, nil
}

// Close closes the file.
func (j *Journal) Close() error { return j.f.Close() }

// replay decodes every line of b. Contents.size is the length of the prefix
// that ends with the last complete line: anything after it is a torn write.
// The events' data is copied out of b into one block, so b can go.
func replay(b []byte, name string) Contents {
	c := Contents{Events: make([]Event, 0, bytes.Count(b, []byte("\n")))}
	var e Event // one for every line: decoding makes it escape to the heap
	for lineNo := 1; len(b) > 0; lineNo++ {
		end := bytes.IndexByte(b, '\n')
		if end < 0 { // no newline: the last write was cut short
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s:%d: torn last line (%d bytes) dropped; it was being written when keepcool stopped", name, lineNo, len(b)))
			break
		}
		line := b[:end]
		b = b[end+1:]
		c.size += int64(end + 1)
		e = Event{}
		switch decodeLine(line, &e) {
		case lineBlank:
			continue
		case lineDamaged:
			c.Damage = append(c.Damage, damageOf(lineNo, line))
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s:%d: damaged line skipped (it fails its checksum or is not an event)", name, lineNo))
			continue
		}
		if e.Seq <= c.seq && len(c.Events) > 0 {
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s:%d: out-of-order event %d skipped", name, lineNo, e.Seq))
			continue
		}
		c.Events = append(c.Events, e)
		c.seq = e.Seq
	}
	compactData(c.Events)
	return c
}

// compactData moves every event's data into one block of exactly their
// size: no slice keeps the whole file alive, and one allocation replaces
// one per event.
func compactData(events []Event) {
	n := 0
	for _, e := range events {
		n += len(e.Data)
	}
	block := make([]byte, 0, n)
	for i := range events {
		if d := events[i].Data; len(d) > 0 {
			start := len(block)
			block = append(block, d...)
			events[i].Data = block[start:len(block):len(block)]
		}
	}
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
