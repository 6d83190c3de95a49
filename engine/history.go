package engine

import (
	"encoding/json"
	"fmt"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/postmortem"
)

// historyJSON lists every incident, newest first, as the API sends it: a
// JSON array of api.HistoryEntry, each line as the cache keeps it.
func (e *Engine) historyJSON() ([]byte, error) {
	var out []byte
	err := e.eachHistoryLine(func(n int) {
		// Sized as the last answer, and room for the newline the handler
		// adds: 1,000 entries with their figures are ~700 KB, copied once.
		out = append(make([]byte, 0, e.hist.size.Load()+2), '[')
	}, func(line *indexed) error {
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, line.Entry...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	e.hist.size.Store(int64(len(out)) + 1)
	return append(out, ']'), nil
}

// historyEntries is every incident, newest first, decoded: each line is
// decoded once and kept with it (calibration asks on every keystroke of
// an estimate; decoding the ~700 KB answer each time was most of it).
func (e *Engine) historyEntries() ([]api.HistoryEntry, error) {
	var out []api.HistoryEntry
	err := e.eachHistoryLine(func(n int) { out = make([]api.HistoryEntry, 0, n) }, func(line *indexed) error {
		if line.decoded == nil {
			var h api.HistoryEntry
			if err := json.Unmarshal(line.Entry, &h); err != nil {
				return fmt.Errorf("history index line: %w", err)
			}
			line.decoded = &h
		}
		out = append(out, *line.decoded)
		return nil
	})
	return out, err
}

// eachHistoryLine calls start with the number of incidents, then line with
// each one's history line, newest first, with e.hist.mu held; a change
// line makes (decoding it) is kept. Past incidents come from the history
// index, as stored, when their journal is unchanged since it was indexed
// (replaying 1,000 journals took 188 ms); the live one from its journal,
// as far as it is written (its figures need its events), replayed only
// when it grew since the last request (kept in memory, never in the index:
// it changes with every note).
func (e *Engine) eachHistoryLine(start func(n int), line func(*indexed) error) error {
	ids, err := e.store.ids()
	if err != nil {
		return err
	}
	live := e.liveID()
	e.hist.mu.Lock()
	defer e.hist.mu.Unlock()
	idx := e.hist.idx
	if idx == nil {
		idx = readIndex(e.store.dir)
	}
	next := historyIndex{}
	start(len(ids))
	for i := len(ids) - 1; i >= 0; i-- {
		id := ids[i]
		stamp, statErr := journalStamp(e.store.path(id))
		entry, ok := idx[id]
		if id == live {
			entry, ok = e.hist.live, e.hist.live.Entry != nil && e.hist.liveID == id
		}
		if !ok || statErr != nil || entry.Stamp != stamp {
			st, err := e.recorded(id) // events included: the figures need them
			if err != nil {
				continue // unreadable journal: listed by nothing, reported on export
			}
			h := historyEntry(st)
			if entry.Entry, err = json.Marshal(h); err != nil {
				return err
			}
			entry.Stamp, entry.decoded = stamp, &h
		}
		if err := line(&entry); err != nil {
			return err
		}
		switch {
		case statErr != nil:
		case id == live:
			e.hist.live, e.hist.liveID = entry, id
		default:
			next[id] = entry
		}
	}
	if !next.same(idx) {
		next.write(e.store.dir, e.logf)
	}
	e.hist.idx = next
	return nil
}

// historyEntry is an incident as `keepcool history` lists it, with its
// post-mortem figures; st is as replayed from its journal, events
// included (the live incident too: in memory it has no events, and its
// figures would lack every promise).
func historyEntry(st incident.State) api.HistoryEntry {
	f := postmortem.Compute(st)
	return api.HistoryEntry{
		ID: st.ID, Title: st.Title, Severity: st.Severity, Status: string(st.Status), Drill: st.Drill,
		DeclaredAt: st.DeclaredAt, ResolvedAt: timePtr(st.ResolvedAt),
		Notes: st.NotesTotal(), MissedUpdates: st.MissedUpdates,
		Scenario: st.Scenario, Figures: &f,
	}
}

// liveID is the active incident's id, "" when there is none.
func (e *Engine) liveID() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return ""
	}
	return e.state.ID
}

// recorded returns one incident's state, events included, from its
// journal: the live one's as far as it is written. It may be called with
// e.mu held (the store's time style is a value).
func (e *Engine) recorded(id string) (incident.State, error) {
	if !validID(id) {
		return incident.State{}, notFound("incident %q not found: keepcool history lists them", id)
	}
	st, _, err := e.store.load(id)
	if err != nil {
		return incident.State{}, notFound("incident %q not found: keepcool history lists them", id)
	}
	if st.ID == "" {
		return incident.State{}, fmt.Errorf("incident %s: journal has no declaration", id)
	}
	return st, nil
}

// validID keeps a requested id inside the incidents folder.
func validID(id string) bool {
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return id != ""
}
