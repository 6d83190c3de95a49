package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// writePast writes the journal of a resolved incident with notes notes
// into dir, as the engine would have, and returns its id.
func writePast(t testing.TB, dir string, i, notes int) string {
	t.Helper()
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
	id := fmt.Sprintf("%s-past-%d", at.Format("20060102-150405"), i)
	var b bytes.Buffer
	add := func(at time.Time, kind string, data any) {
		ev, err := incident.NewEvent(at, kind, data)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = bytes.Count(b.Bytes(), []byte("\n")) + 1
		line, _ := json.Marshal(ev)
		b.Write(append(line, '\n'))
	}
	add(at, incident.KindDeclared, incident.Declared{ID: id, Title: fmt.Sprintf("Past %d", i), Severity: 1 + i%4,
		Estimate: incident.Estimate{MinAt: at.Add(time.Hour), MaxAt: at.Add(2 * time.Hour)}})
	for n := range notes {
		add(at.Add(time.Duration(n+1)*time.Minute), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: fmt.Sprintf("step %d", n)})
	}
	add(at.Add(time.Hour), incident.KindResolved, incident.Resolution{Summary: "fixed"})
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id+journalExt), b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return id
}

// historyEngine is an engine (not running) over an incidents folder.
func historyEngine(t testing.TB, dir string) *Engine {
	t.Helper()
	cfg := config.Default()
	e, err := New(Options{Paths: config.Paths{StateDir: filepath.Dir(dir), Socket: filepath.Join(t.TempDir(), "s")}, Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func history(t *testing.T, e *Engine) []api.HistoryEntry {
	t.Helper()
	raw, err := e.historyJSON()
	if err != nil {
		t.Fatal(err)
	}
	var h []api.HistoryEntry
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHistoryIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "incidents")
	var ids []string
	for i := range 5 {
		ids = append(ids, writePast(t, dir, i, 3))
	}
	e := historyEngine(t, dir)
	replayed := history(t, e)
	if len(replayed) != 5 || replayed[0].ID != ids[4] || replayed[0].Notes != 3 || replayed[0].ResolvedAt == nil {
		t.Fatalf("history %+v", replayed)
	}
	if _, err := os.Stat(filepath.Join(dir, indexFile)); err != nil {
		t.Fatalf("no index written: %v", err)
	}
	if indexed := history(t, e); !reflect.DeepEqual(indexed, replayed) {
		t.Errorf("with the index:\n%+v\nwithout:\n%+v", indexed, replayed)
	}
	var want bytes.Buffer
	json.NewEncoder(&want).Encode(replayed)
	if got := served(t, e); got != want.String() {
		t.Errorf("GET %s with the index:\n%s\nwant, as encoded from the journals:\n%s", api.PathHistory, got, want.String())
	}

	// The index is what is read: a line changed in it shows (the journal did not change).
	idx := readIndex(dir)
	v := idx[ids[1]]
	var entry api.HistoryEntry
	if err := json.Unmarshal(v.Entry, &entry); err != nil {
		t.Fatal(err)
	}
	entry.Title = "from the index"
	v.Entry, _ = json.Marshal(entry)
	idx[ids[1]] = v
	idx.write(dir, t.Logf)
	forgetHistory(e) // as a restart does: the running engine keeps its index in memory
	if h := history(t, e); h[3].Title != "from the index" {
		t.Errorf("history did not use the index: %+v", h[3])
	}

	// A journal that changed is read again.
	f, err := os.OpenFile(filepath.Join(dir, ids[1]+journalExt), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("\n")
	f.Close()
	if h := history(t, e); h[3].Title != "Past 1" {
		t.Errorf("a changed journal was not read again: %+v", h[3])
	}

	// A deleted one disappears, from the list and the index.
	if err := os.Remove(filepath.Join(dir, ids[2]+journalExt)); err != nil {
		t.Fatal(err)
	}
	h := history(t, e)
	if len(h) != 4 || h[2].ID != ids[1] {
		t.Errorf("after deleting %s: %+v", ids[2], h)
	}
	if _, ok := readIndex(dir)[ids[2]]; ok {
		t.Errorf("the index still holds %s", ids[2])
	}

	// A damaged index is rebuilt, with the same history.
	if err := os.WriteFile(filepath.Join(dir, indexFile), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	forgetHistory(e)
	if again := history(t, e); !reflect.DeepEqual(again, h) {
		t.Errorf("with a damaged index:\n%+v\nwant\n%+v", again, h)
	}
	if len(readIndex(dir)) != 4 {
		t.Errorf("the damaged index was not rebuilt: %d lines", len(readIndex(dir)))
	}
}

// served is the body of GET /v1/history.
func served(t *testing.T, e *Engine) string {
	t.Helper()
	rec := httptest.NewRecorder()
	e.routes().ServeHTTP(rec, httptest.NewRequest("GET", api.PathHistory, nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("GET %s: %d %s", api.PathHistory, rec.Code, rec.Header())
	}
	return rec.Body.String()
}

// BenchmarkHistory answers GET /v1/history over 1,000 past incidents of
// 20 notes each, the index already built (as after the first `keepcool
// history`).
func BenchmarkHistory(b *testing.B) {
	dir := filepath.Join(b.TempDir(), "incidents")
	for i := range 1000 {
		writePast(b, dir, i, 20)
	}
	routes := historyEngine(b, dir).routes()
	get := func() {
		rec := httptest.NewRecorder()
		routes.ServeHTTP(rec, httptest.NewRequest("GET", api.PathHistory, nil))
		if rec.Code != 200 {
			b.Fatalf("GET %s: %d %s", api.PathHistory, rec.Code, rec.Body)
		}
	}
	get()
	for b.Loop() {
		get()
	}
}

// forgetHistory drops the engine's in-memory index, as a restart does.
func forgetHistory(e *Engine) {
	e.hist.mu.Lock()
	defer e.hist.mu.Unlock()
	e.hist.idx = nil
}
