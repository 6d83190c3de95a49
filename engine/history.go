package engine

import (
	"fmt"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// History lists every incident, newest first.
func (e *Engine) History() ([]api.HistoryEntry, error) {
	ids, err := e.store.ids()
	if err != nil {
		return nil, err
	}
	out := []api.HistoryEntry{}
	for i := len(ids) - 1; i >= 0; i-- {
		st, err := e.incident(ids[i])
		if err != nil {
			continue // unreadable journal: listed by nothing, reported on export
		}
		out = append(out, api.HistoryEntry{
			ID: st.ID, Title: st.Title, Severity: st.Severity, Status: string(st.Status), Drill: st.Drill,
			DeclaredAt: st.DeclaredAt, ResolvedAt: timePtr(st.ResolvedAt),
			Notes: len(st.Notes), MissedUpdates: st.MissedUpdates,
		})
	}
	return out, nil
}

// incident returns one incident's state: the live one from memory, any other
// from its journal.
func (e *Engine) incident(id string) (incident.State, error) {
	e.mu.Lock()
	if e.journal != nil && e.state.ID == id {
		st := e.state
		e.mu.Unlock()
		return st, nil
	}
	e.mu.Unlock()
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
