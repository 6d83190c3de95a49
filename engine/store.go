package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// store is the incidents folder: one journal per incident, named by its id.
// Ids start with the declaration time, so names sort by age.
type store struct {
	dir string
	// style is how damage to a journal is told: the engine's TimeStyle as
	// it started. A value, not a call back into the engine, so the store
	// can be read with e.mu held.
	style timefmt.Style
}

const journalExt = ".jsonl"

func (s store) path(id string) string { return filepath.Join(s.dir, id+journalExt) }

// ids lists every incident, oldest first.
func (s store) ids() ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("list incidents in %s: %w", s.dir, err)
	}
	var ids []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, journalExt) {
			ids = append(ids, strings.TrimSuffix(name, journalExt))
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// loaded is one incident's journal as read: whole, or its snapshot and
// the events after it (snapshot.go). State.Events are the events read.
type loaded struct {
	contents incident.Contents
	incident.Restored
	warnings []string        // for the log: the journal's, then the projection's
	ledger   *updates.Ledger // its deliveries
	// From a snapshot: the state and keys as the snapshot kept them.
	snapshot *incident.State
	keys     []string
}

// allKeys are the idempotency keys the incident holds: the snapshot's and
// those of the events read after it.
func (l loaded) allKeys() []string {
	keys := slices.Clip(l.keys)
	for _, ev := range l.State.Events {
		if ev.Key != "" {
			keys = append(keys, ev.Key)
		}
	}
	return keys
}

// read replays one incident's journal, read-only: from its snapshot when
// one matches the journal, else whole.
func (s store) read(id string) (loaded, error) {
	if l, ok := s.readSnapshot(id); ok {
		return l, nil
	}
	l, err := s.readAll(id)
	if err == nil {
		l.ledger = updates.Replay(l.State.Events)
	}
	return l, err
}

// readAll replays one incident's whole journal, read-only. A journal with
// damaged lines still yields its incident, with the damage said in
// State.Damage.
func (s store) readAll(id string) (loaded, error) {
	c, err := incident.LoadJournal(s.path(id))
	if err != nil {
		return loaded{}, err
	}
	r, errs := incident.Restore(id, c, s.style)
	l := loaded{contents: c, Restored: r, warnings: c.Warnings}
	for _, e := range errs {
		l.warnings = append(l.warnings, fmt.Sprintf("%s: %v", id, e))
	}
	return l, nil
}

// load replays one incident's whole journal, read-only: every event.
func (s store) load(id string) (incident.State, []string, error) {
	l, err := s.readAll(id)
	return l.State, l.warnings, err
}

// newID names an incident: declaration time (UTC) and a slug of the title.
func (s store) newID(now time.Time, title string) string {
	base := now.UTC().Format("20060102-150405") + "-" + slug(title)
	id := base
	for n := 2; ; n++ {
		if _, err := os.Stat(s.path(id)); os.IsNotExist(err) {
			return id
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "incident"
	}
	return out
}

// postMortemPath is where an incident's Markdown post-mortem is written.
func (s store) postMortemPath(id string) string { return filepath.Join(s.dir, id+".md") }

// setAside moves a journal that holds nothing (keepcool died while creating
// it) out of the way, keeping the bytes for inspection. A journal holding
// anything, even damaged, is never set aside: its incident is recovered.
func (s store) setAside(id string) error {
	return os.Rename(s.path(id), s.path(id)+".empty")
}

// writeFileAtomic writes data to path so that a crash leaves either the old
// file or the new one, never half of it.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this finds nothing
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
