package engine

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/keepcool/keepcool/drill"
)

// The drills log, state/drills.jsonl: one JSON line per thing that
// happened to a scheduled drill (armed, reminded, started, skipped),
// appended and fsynced. It is what Due reads "last handled" from, so a
// reminder is shown once however often the engine restarts.
const (
	drillLogName = "drills.jsonl"
	// drillLogMax bounds the file: past it, the latest drillLogKeep
	// records are written anew (atomically).
	drillLogMax  = 256 << 10
	drillLogKeep = 500
)

// Drill outcomes in the log.
const (
	drillArmed    = "armed"    // a [[drill]] first seen: its next slot is reminded
	drillReminded = "reminded" // the notification was shown
	drillStarted  = "started"  // the drill was started
	drillSkipped  = "skipped"  // the engineer skipped it, or an incident was active
)

// drillRecord is one line of the drills log.
type drillRecord struct {
	At       time.Time `json:"at"`
	Outcome  string    `json:"outcome"`
	Schedule string    `json:"schedule,omitempty"` // the cron spec; "" for a drill started by hand
	Scenario string    `json:"scenario"`
	Slot     time.Time `json:"slot,omitzero"`      // the scheduled time a reminder was for
	Why      string    `json:"why,omitempty"`      // why it was skipped
	Incident string    `json:"incident,omitempty"` // the drill started
}

func (r drillRecord) key() string { return drill.KeyOf(r.Schedule, r.Scenario) }

// drillLog is the log as read, its latest record per schedule.
type drillLog struct {
	loaded bool
	path   string
	last   map[string]drillRecord // by schedule key
	size   int64
}

// load reads the log at path once: its tail, at most drillLogMax bytes.
func (l *drillLog) load(path string) error {
	if l.loaded && l.path == path {
		return nil
	}
	*l = drillLog{path: path, last: map[string]drillRecord{}, loaded: true}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read the drills log: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	l.size = fi.Size()
	if l.size > drillLogMax {
		if _, err := f.Seek(l.size-drillLogMax, io.SeekStart); err != nil {
			return err
		}
	}
	sc := bufio.NewScanner(io.LimitReader(f, drillLogMax))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		var r drillRecord
		if json.Unmarshal(sc.Bytes(), &r) != nil || r.Outcome == "" {
			continue // a torn or damaged line: the next record still counts
		}
		l.note(r)
	}
	return nil
}

func (l *drillLog) note(r drillRecord) {
	if r.Schedule != "" {
		l.last[r.key()] = r
	}
}

// handled is when each schedule was last handled, for drill.Due.
func (l *drillLog) handled() map[string]time.Time {
	out := make(map[string]time.Time, len(l.last))
	for k, r := range l.last {
		out[k] = r.At
	}
	return out
}

// append makes r durable (fsynced), then counts it.
func (l *drillLog) append(r drillRecord) error {
	line, err := json.Marshal(r)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	if l.size+int64(len(line)) > drillLogMax {
		if err := l.compact(); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("write the drills log: %w", err)
	}
	_, err = f.Write(line)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the drills log %s: %w", l.path, err)
	}
	l.size += int64(len(line))
	l.note(r)
	return nil
}

// compact keeps the latest drillLogKeep lines of the log.
func (l *drillLog) compact() error {
	data, err := os.ReadFile(l.path)
	if err != nil {
		return err
	}
	lines := bytes.SplitAfter(bytes.TrimRight(data, "\n"), []byte("\n"))
	if len(lines) > drillLogKeep {
		lines = lines[len(lines)-drillLogKeep:]
	}
	kept := bytes.Join(lines, nil)
	if len(kept) > 0 && kept[len(kept)-1] != '\n' {
		kept = append(kept, '\n')
	}
	if err := writeFileAtomic(l.path, kept); err != nil {
		return err
	}
	l.size = int64(len(kept))
	return nil
}
