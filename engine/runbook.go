package engine

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/incident/check"
	"github.com/keepcool/keepcool/runbook"
)

// Runbooks and the incident's checklist. A runbook is read once, when the
// incident is declared, and kept whole in its declaration: editing the
// file during an incident changes nothing in it, and its post-mortem
// shows the checklist as it was worked through.

// runbookRoutes adds the runbook routes to mux.
func (e *Engine) runbookRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+api.PathRunbooks, func(w http.ResponseWriter, r *http.Request) {
		rbs, err := e.Runbooks()
		reply(w, rbs, err)
	})
	mux.HandleFunc("POST "+api.PathTick, command(e, e.Tick))
}

// runbookDirLocked is the runbooks' folder as the config names it.
// Callers hold e.mu (a reload may change the config).
func (e *Engine) runbookDirLocked() runbook.Dir {
	home, _ := os.UserHomeDir() // unknown: "~" stays as written, and the folder is not found
	path, shown := e.opts.Config.Runbooks.Path(e.opts.Paths.ConfigFile, home)
	return runbook.Dir{Path: path, Shown: shown}
}

// Runbooks lists the runbooks the engineer may declare an incident with.
func (e *Engine) Runbooks() (api.Runbooks, error) {
	e.mu.Lock()
	dir := e.runbookDirLocked()
	e.mu.Unlock()
	list, err := dir.List()
	if err != nil {
		return api.Runbooks{}, err
	}
	out := api.Runbooks{Dir: dir.Shown, Runbooks: make([]api.RunbookInfo, 0, len(list))}
	for _, s := range list {
		out.Runbooks = append(out.Runbooks, api.RunbookInfo{Name: s.Name, Title: s.Title, Items: s.Items, Problem: s.Problem})
	}
	return out, nil
}

// loadRunbookLocked reads the runbook a declaration names ("": none).
// Callers hold e.mu.
func (e *Engine) loadRunbookLocked(name string) (*incident.Runbook, error) {
	if name == "" {
		return nil, nil
	}
	name = strings.TrimSuffix(name, ".md") // the file's name, as ls shows it
	rb, err := e.runbookDirLocked().Load(name)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if len(rb.Items) == 0 {
		return nil, badRequest("runbook %q has no checklist items (lines that start with - [ ]): add some to it, or declare without --runbook", name)
	}
	return &incident.Runbook{Name: rb.Name, Items: rb.Items, BackOut: rb.BackOut}, nil
}

// Tick ticks an item of the incident's checklist. With Tell it then posts
// a stakeholder note as Note does, under a key of its own derived from the
// tick's, so that a retried tick neither ticks nor tells twice.
func (e *Engine) Tick(req api.TickRequest) (incident.State, error) {
	if err := (shortField{"key", req.Key, maxKey - len(tellSuffix)}).check(); err != nil {
		return incident.State{}, err
	}
	st, tell, err := e.tick(req)
	if err != nil || !req.Tell {
		return st, err
	}
	key := ""
	if req.Key != "" {
		key = req.Key + tellSuffix
	}
	st, err = e.Note(api.NoteRequest{Text: tell, Force: req.Force, Key: key})
	if err != nil {
		return incident.State{}, errors.Join(err, errors.New("the tick is recorded; send the note again with keepcool note"))
	}
	return st, nil
}

// tellSuffix makes the key of a tick's note from the tick's key.
const tellSuffix = "-tell"

// tick records the tick, and returns what a Tell would post:
// api.ToldNote of the item's text and the tick's note, as the Runbook
// window's Tell stakeholders posts it.
func (e *Engine) tick(req api.TickRequest) (incident.State, string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return incident.State{}, "", notFound("no active incident, so no checklist: declare one with keepcool start \"TITLE\" --eta 30m-90m --runbook NAME")
	}
	list := e.state.Checklist
	if len(list) == 0 {
		return incident.State{}, "", notFound("incident %q has no checklist: it was declared without a runbook (keepcool start --runbook NAME)", e.state.Title)
	}
	if req.Item < 1 || req.Item > len(list) {
		return incident.State{}, "", badRequest("item %d: the checklist has items 1 to %d; keepcool runbook numbers them", req.Item, len(list))
	}
	item := list[req.Item-1]
	note := incident.CleanText(req.Note)
	tell := api.ToldNote(item.Text, note)
	if e.repeatedLocked(req.Key) {
		return e.state, tell, nil
	}
	now := e.now()
	if item.Done {
		return incident.State{}, "", conflict("item %d (%q) was ticked already, at %s", req.Item, item.Text, e.timeStyleLocked().Time(item.DoneAt, now))
	}
	if err := e.checkTickLocked(req, item.Text, note, now); err != nil {
		return incident.State{}, "", err
	}
	if err := e.appendKeyedLocked(now, incident.KindChecklistTicked, incident.ChecklistTicked{
		Item: req.Item, Text: item.Text, Note: note,
	}, req.Key); err != nil {
		return incident.State{}, "", err
	}
	e.logf("checklist item %d of %d ticked", req.Item, len(list))
	return e.state, tell, nil
}

// checkTickLocked checks a tick's words: the note's hard limit always
// (the journal keeps it), and, when they go to stakeholders, the checks
// of a note, before anything is recorded. The told note's parts are
// checked apart, "Done: ITEM" and the note when it is in it, so that a
// command typed as the note is caught as at the start of a note.
func (e *Engine) checkTickLocked(req api.TickRequest, item, note string, now time.Time) error {
	if _, err := check.Text(check.Note, req.Note); err != nil {
		return badRequest("%v", err) // also when the told note leaves it out
	}
	if !req.Tell {
		return nil
	}
	done := api.ToldNote(item, "")
	fields := []field{{check.Note, done}}
	if api.ToldNote(item, note) != done {
		fields = append(fields, field{check.Note, note})
	}
	return checkText(req.Force, now, time.Time{}, fields...)
}

// checklistView is the incident's checklist as the API shows it.
func checklistView(s incident.State) (name string, items []api.ChecklistItem, backOut string) {
	if s.Runbook == nil {
		return "", nil, ""
	}
	for i, it := range s.Checklist {
		items = append(items, api.ChecklistItem{N: i + 1, Text: it.Text, Done: it.Done, DoneAt: timePtr(it.DoneAt), Note: it.Note})
	}
	return s.Runbook.Name, items, s.Runbook.BackOut
}
