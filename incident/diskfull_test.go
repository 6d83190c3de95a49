package incident

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// faultyFile is a journal file on a failing disk: each fault fires once.
type faultyFile struct {
	*os.File
	shortWrite   bool // write half the line, then fail (ENOSPC)
	failSync     bool // the line is written whole; fsync fails (EIO)
	failTruncate bool // cutting the file back fails too
	garbleWrite  bool // the line's end reaches the disk, its middle does not (pages written out of order)
}

var errNoSpace = errors.New("no space left on device")

func (f *faultyFile) Write(b []byte) (int, error) {
	switch {
	case f.shortWrite:
		f.shortWrite = false
		n, _ := f.File.Write(b[:len(b)/2])
		return n, errNoSpace
	case f.garbleWrite:
		f.garbleWrite = false
		g := append([]byte(nil), b...)
		clear(g[len(g)/4 : len(g)/2])
		return f.File.Write(g)
	}
	return f.File.Write(b)
}

func (f *faultyFile) Sync() error {
	if f.failSync {
		f.failSync = false
		return errors.New("input/output error")
	}
	return f.File.Sync()
}

func (f *faultyFile) Truncate(size int64) error {
	if f.failTruncate {
		return errNoSpace
	}
	return f.File.Truncate(size)
}

// What Append reports stored is there after a reopen; what it reports
// failed is not, whichever step of the append the disk fails at. (The one
// exception, a line written whole whose fsync and truncate both fail, is
// documented on Append: it cannot be told from a stored line.)
func TestFailedAppendStaysFailedAfterReopen(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault faultyFile
		// broken: later appends are refused until the journal is reopened.
		broken bool
	}{
		{"short write", faultyFile{shortWrite: true}, false},
		{"short write, truncate fails (keepcool dies before it can)", faultyFile{shortWrite: true, failTruncate: true}, true},
		{"fsync fails after a whole line", faultyFile{failSync: true}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "inc.jsonl")
			writeIncident(t, path, "one")
			j, _, _, err := OpenJournal(path)
			if err != nil {
				t.Fatal(err)
			}
			ff := tt.fault
			ff.File = j.f.(*os.File)
			j.f = &ff
			if _, err := j.Append(mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "lost"})); !errors.Is(err, ErrNotRecorded) {
				t.Fatalf("append on a failing disk: %v", err)
			}
			_, err = j.Append(mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "two"}))
			if gotBroken := err != nil; gotBroken != tt.broken {
				t.Fatalf("next append: %v (want refused: %v)", err, tt.broken)
			}
			want := "one,two"
			if tt.broken {
				want = "one"
			}
			j.Close()

			j, events, _, err := OpenJournal(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := noteTexts(events); got != want {
				t.Fatalf("notes after reopen = %q, want %q", got, want)
			}
			// The reopened journal appends cleanly after whatever was cut off.
			if _, err := j.Append(mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "after"})); err != nil {
				t.Fatal(err)
			}
			j.Close()
			events, warnings, _ := ReadJournal(path)
			if got := noteTexts(events); got != want+",after" || len(warnings) > 0 {
				t.Fatalf("notes after the next append = %q, warnings %q", got, warnings)
			}
		})
	}
}

// A power cut that kept a line's end but not its middle leaves a complete
// line of garbage: the checksum keeps it from coming back as an event, and
// it is reported as damage, not mistaken for a torn tail.
func TestGarbledLineIsDamageNotAnEvent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inc.jsonl")
	writeIncident(t, path, "one")
	j, _, _, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	j.f = &faultyFile{File: j.f.(*os.File), garbleWrite: true}
	if _, err := j.Append(mustEvent(t, t0.Add(time.Hour), KindNote, NoteAdded{Kind: NoteProgress, Text: "garbled in the middle"})); err != nil {
		t.Fatal(err) // the disk said yes
	}
	j.Close()
	c, err := LoadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := noteTexts(c.Events); got != "one" || len(c.Damage) != 1 || c.Damage[0].Line != 3 {
		t.Fatalf("notes %q, damage %+v", got, c.Damage)
	}
}
