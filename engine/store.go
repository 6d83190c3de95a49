package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/keepcool/keepcool/incident"
)

// store is the incidents folder: one journal per incident, named by its id.
// Ids start with the declaration time, so names sort by age.
type store struct{ dir string }

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

// load replays one incident's journal, read-only.
func (s store) load(id string) (incident.State, []string, error) {
	events, warnings, err := incident.ReadJournal(s.path(id))
	if err != nil {
		return incident.State{}, nil, err
	}
	st, errs := incident.Project(events)
	for _, e := range errs {
		warnings = append(warnings, fmt.Sprintf("%s: %v", id, e))
	}
	return st, warnings, nil
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

// postMortemPath is where an incident's Markdown timeline is written.
func (s store) postMortemPath(id string) string { return filepath.Join(s.dir, id+".md") }

// setAside moves a journal that holds no declaration (keepcool died while
// creating it) out of the way, keeping the bytes for inspection.
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
