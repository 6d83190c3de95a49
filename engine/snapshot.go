package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/statuspage"
)

// Snapshots. A start replays every journal, and a journal grows by five
// events a note (the note, its message, a receipt per channel): 12 MB and
// 200 ms at 10,000 notes. So beside a long journal, ID.snap keeps what a
// start makes of it up to a point (an incident.Mark): the projected state
// with its latest notes, the idempotency keys, the ledger (updates.
// SavedLedger); a start reads the snapshot and replays only the events
// after it.
//
// The journal stays the truth. A snapshot is written atomically (a crash
// leaves the old one or the new one) after the events it covers are on
// disk, so a kill -9 at any point loses nothing: what came after it is
// replayed. It is used only when its own checksum holds and the journal's
// bytes up to its mark still have the checksum it recorded; otherwise,
// damaged, stale or from another journal, it is ignored and the journal
// read whole (which says what is damaged). Nothing is snapshotted of a
// journal with damage, a lost declaration or a message never queued: a
// start must read those whole to say so, or to queue it.
//
// It is written from what a read made of the journal (snapshot and tail,
// or the whole), never from the live state: at a start that read at least
// SnapshotEvery events (in the background, after the socket answers),
// every SnapshotEvery events appended to an open journal (in the
// background: a snapshot and a short tail), and at a clean stop.

const (
	snapshotExt     = ".snap"
	snapshotVersion = 1
	snapshotEvery   = 1000 // Options.SnapshotEvery's default
)

var snapshotCRC = crc32.MakeTable(crc32.Castagnoli)

// snapshot is the file's JSON, followed by a line with its CRC-32C.
type snapshot struct {
	Version int                 `json:"v"`
	ID      string              `json:"id"`
	Mark    incident.Mark       `json:"mark"`
	State   savedState          `json:"state"`
	Keys    []string            `json:"keys"`
	Ledger  updates.SavedLedger `json:"ledger"`
}

// savedState is incident.State without events, its notes whole (the API's
// Note leaves out Promised).
type savedState struct {
	incident.State
	Notes []savedNote `json:"notes"`
}

type savedNote struct {
	At       time.Time         `json:"at"`
	Kind     incident.NoteKind `json:"kind"`
	Text     string            `json:"text"`
	Promised time.Time         `json:"promised,omitzero"`
}

func (s store) snapshotPath(id string) string { return filepath.Join(s.dir, id+snapshotExt) }

// state is the incident.State s keeps, sharing nothing with s or another
// call's.
func (s savedState) state() incident.State {
	st := s.State
	st.Notes = make([]incident.Note, 0, len(s.Notes))
	for _, n := range s.Notes {
		st.Notes = append(st.Notes, incident.Note{At: n.At, Kind: n.Kind, Text: n.Text, Promised: n.Promised})
	}
	st.Revisions, st.Damage, st.Events = slices.Clip(st.Revisions), slices.Clip(st.Damage), nil
	st.Shield = maps.Clone(st.Shield)
	for name, e := range st.Shield {
		if string(e.Saved) == "null" { // what nothing encodes as
			e.Saved = nil
			st.Shield[name] = e
		}
	}
	return st
}

// readSnapshot reads id from its snapshot and the events after it; false
// when there is no snapshot it can use.
func (s store) readSnapshot(id string) (loaded, bool) {
	b, err := os.ReadFile(s.snapshotPath(id))
	if err != nil {
		return loaded{}, false
	}
	snap, ok := decodeSnapshot(b, id)
	if !ok {
		return loaded{}, false
	}
	c, err := incident.LoadJournalFrom(s.path(id), snap.Mark)
	if err != nil || len(c.Damage) > 0 {
		return loaded{}, false
	}
	ledger, ok := updates.RestoreLedger(snap.Ledger)
	if !ok {
		return loaded{}, false
	}
	base, st := snap.State.state(), snap.State.state()
	l := loaded{contents: c, warnings: c.Warnings, ledger: ledger, snapshot: &base, keys: snap.Keys}
	for _, ev := range c.Events {
		if err := st.Fold(ev); err != nil {
			l.warnings = append(l.warnings, fmt.Sprintf("%s: %v", id, err))
		}
	}
	st.Events = c.Events
	l.State = st
	ledger.Add(c.Events)
	return l, true
}

func decodeSnapshot(b []byte, id string) (snapshot, bool) {
	body, sum, ok := bytes.Cut(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	want, err := strconv.ParseUint(string(sum), 16, 32)
	if !ok || err != nil || crc32.Checksum(body, snapshotCRC) != uint32(want) {
		return snapshot{}, false
	}
	var snap snapshot
	if json.Unmarshal(body, &snap) != nil || snap.Version != snapshotVersion || snap.ID != id {
		return snapshot{}, false
	}
	return snap, true
}

// checkpoint writes id's snapshot of what l read. It writes none for a
// journal a start must read whole (see above).
func (s store) checkpoint(id string, l loaded) error {
	m := l.contents.Mark()
	if m.Size == 0 || l.Declared != nil || len(l.State.Damage) > 0 || requeueNeeded(id, l.State.Events, l.ledger) {
		return nil
	}
	st := l.State
	st.Events = nil
	st.TrimNotes(notesBrief)
	saved := savedState{State: st}
	for _, n := range st.Notes {
		saved.Notes = append(saved.Notes, savedNote{At: n.At, Kind: n.Kind, Text: n.Text, Promised: n.Promised})
	}
	saved.State.Notes = nil // in saved.Notes
	body, err := json.Marshal(snapshot{Version: snapshotVersion, ID: id, Mark: m, State: saved, Keys: l.allKeys(),
		Ledger: l.ledger.Save(statuspage.MaxTimeline)})
	if err != nil {
		return err
	}
	return writeFileAtomic(s.snapshotPath(id), fmt.Appendf(body, "\n%08x\n", crc32.Checksum(body, snapshotCRC)))
}

func (e *Engine) snapshotEvery() int {
	if e.opts.SnapshotEvery > 0 {
		return e.opts.SnapshotEvery
	}
	return snapshotEvery
}

// appendedLocked counts an event appended to j; every SnapshotEvery of
// them, j's incident is snapshotted in the background. Callers hold e.mu.
func (e *Engine) appendedLocked(j *incident.Journal) {
	e.unsnapped[j.Path()]++
	if e.unsnapped[j.Path()] < e.snapshotEvery() {
		return
	}
	e.unsnapped[j.Path()] = 0
	id := strings.TrimSuffix(filepath.Base(j.Path()), journalExt)
	e.snaps.Add(1)
	go func() {
		defer e.snaps.Done()
		e.checkpointNow(id)
	}()
}

// checkpointNow reads id (its snapshot and what came after it) and writes
// its snapshot anew.
func (e *Engine) checkpointNow(id string) {
	e.snapMu.Lock()
	defer e.snapMu.Unlock()
	l, err := e.store.read(id)
	if err == nil {
		err = e.store.checkpoint(id, l)
	}
	if err != nil {
		e.logf("warning: snapshot of incident %s not written (the next start reads its whole journal): %v", id, err)
	}
}

// checkpointLater writes id's snapshot of what a start read, in the
// background, then gives the memory of that read back to the system (as
// resume does; it held it until now).
func (e *Engine) checkpointLater(id string, l loaded) {
	e.snaps.Add(1)
	go func() {
		defer e.snaps.Done()
		e.snapMu.Lock()
		defer e.snapMu.Unlock()
		if err := e.store.checkpoint(id, l); err != nil {
			e.logf("warning: snapshot of incident %s not written (the next start reads its whole journal): %v", id, err)
		}
		l = loaded{}
		debug.FreeOSMemory()
	}()
}
