package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/incident/journaltest"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// journalWriter writes an incident's journal as the engine does: each
// stakeholder-facing event, its message queued, and a receipt per channel.
type journalWriter struct {
	tb       testing.TB
	j        *incident.Journal
	id       string
	at       time.Time
	channels []string
}

func newJournalWriter(tb testing.TB, dir, id string, at time.Time, channels ...string) *journalWriter {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		tb.Fatal(err)
	}
	j, err := incident.CreateJournal(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { j.Close() })
	return &journalWriter{tb: tb, j: j, id: id, at: at, channels: channels}
}

func (w *journalWriter) add(kind string, data any) incident.Event {
	w.tb.Helper()
	ev, err := incident.NewEvent(w.at, kind, data)
	if err != nil {
		w.tb.Fatal(err)
	}
	if ev, err = w.j.Append(ev); err != nil {
		w.tb.Fatal(err)
	}
	return ev
}

// told records ev and its message, delivered to every channel.
func (w *journalWriter) told(kind updates.Kind, ev incident.Event, m updates.Message) {
	if len(w.channels) == 0 {
		return
	}
	m.ID, m.Kind, m.At, m.IncidentID = w.id+"/"+strconv.Itoa(ev.Seq), kind, ev.At, w.id
	w.add(updates.EventQueued, updates.Queued{Message: m, Channels: w.channels})
	for _, c := range w.channels {
		w.add(updates.EventDelivered, updates.Delivered{MessageID: m.ID, Channel: c, Attempt: 1})
	}
}

func (w *journalWriter) declare(title string) updates.Message {
	d := incident.Declared{ID: w.id, Title: title, Severity: 2,
		Estimate: incident.Estimate{MinAt: w.at.Add(time.Hour), MaxAt: w.at.Add(2 * time.Hour)}}
	m := updates.Message{Title: title, Severity: 2, Status: "investigating", DeclaredAt: w.at, Estimate: d.Estimate,
		Impact: "EU customers cannot pay", NextUpdateBy: w.at.Add(15 * time.Minute)}
	w.told(updates.KindDeclared, w.add(incident.KindDeclared, d), m)
	return m
}

func (w *journalWriter) note(m updates.Message, text string) {
	w.at = w.at.Add(time.Minute)
	m.Note = text
	w.told(updates.KindNote, w.add(incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: text}), m)
}

func noteTexts(inc *api.Incident) string {
	var out []string
	for _, n := range inc.Notes {
		out = append(out, n.Text)
	}
	return strings.Join(out, ",")
}

// A damaged declaration must not hide the incident: it resumes under its
// journal's name, titled as its first message said, takes new notes, and
// is not declared to stakeholders a second time.
func TestDamagedDeclarationResumes(t *testing.T) {
	paths := testPaths(t)
	const id = "20261124-090000-db"
	w := newJournalWriter(t, paths.IncidentsDir(), id, time.Now().Add(-10*time.Minute), "ops")
	m := w.declare("DB down")
	w.note(m, "failing over")
	w.note(m, "replica caught up")
	w.j.Close()
	journaltest.Flip(t, filepath.Join(paths.IncidentsDir(), id+".jsonl"), 1, `"kind":"declared"`, `"kind":"declaref"`)

	ep := &endpoint{name: "ops"}
	r := start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	st, err := r.c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	inc := st.Incident
	if inc == nil {
		t.Fatal("the incident is hidden by one damaged line")
	}
	if inc.ID != id || inc.Title != "DB down" || noteTexts(inc) != "failing over,replica caught up" {
		t.Fatalf("resumed %s %q notes %q", inc.ID, inc.Title, noteTexts(inc))
	}
	if len(inc.Damage) == 0 || !strings.HasPrefix(inc.Damage[0], "line 1 of the journal is damaged and was skipped") {
		t.Fatalf("damage = %q", inc.Damage)
	}
	if _, err := os.Stat(filepath.Join(paths.IncidentsDir(), id+".jsonl.empty")); err == nil {
		t.Fatal("a journal holding events was set aside")
	}
	if _, err := r.c.Note(context.Background(), api.NoteRequest{Text: "after the restart"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the new note", func() bool { return len(ep.received()) > 0 })
	if got := ep.received()[0]; got.Kind != updates.KindNote || got.Note != "after the restart" {
		t.Fatalf("first message after the restart: %s %q (delivered in order: nothing else may come first)", got.Kind, got.Note)
	}
}

// A damaged note is said where the engineer looks: status, and the
// export in both formats.
func TestDamagedNoteIsSaid(t *testing.T) {
	paths := testPaths(t)
	const id = "20261124-090000-db"
	w := newJournalWriter(t, paths.IncidentsDir(), id, time.Now().Add(-10*time.Minute))
	m := w.declare("DB down")
	w.note(m, "one")
	w.note(m, "two")
	w.note(m, "three")
	w.j.Close()
	journaltest.Flip(t, filepath.Join(paths.IncidentsDir(), id+".jsonl"), 3, `"two"`, `"twp"`)

	r := start(t, paths, config.Incident{}, nil)
	st, err := r.c.Status(context.Background())
	if err != nil || st.Incident == nil {
		t.Fatal(err, st.Incident)
	}
	if got := noteTexts(st.Incident); got != "one,three" {
		t.Fatalf("notes %q", got)
	}
	want := "line 3 of the journal is damaged and was skipped: a note at "
	if len(st.Incident.Damage) != 1 || !strings.HasPrefix(st.Incident.Damage[0], want) || !strings.HasSuffix(st.Incident.Damage[0], " may be missing") {
		t.Fatalf("damage = %q", st.Incident.Damage)
	}
	md, _, err := r.eng.Export(id, "md")
	if err != nil || !strings.Contains(string(md), "## Damaged journal") || !strings.Contains(string(md), want) {
		t.Fatalf("export md (%v):\n%s", err, md)
	}
	js, _, err := r.eng.Export(id, "json")
	var doc struct{ Incident api.Incident }
	if err != nil || json.Unmarshal(js, &doc) != nil || len(doc.Incident.Damage) != 1 {
		t.Fatalf("export json (%v):\n%s", err, js)
	}
}

// A torn last line is said once in the log, not once per reading.
func TestTornLineWarnedOnce(t *testing.T) {
	paths := testPaths(t)
	const id = "20261124-090000-db"
	w := newJournalWriter(t, paths.IncidentsDir(), id, time.Now().Add(-10*time.Minute))
	w.note(w.declare("DB down"), "one")
	w.j.Close()
	f, err := os.OpenFile(filepath.Join(paths.IncidentsDir(), id+".jsonl"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":9,"at":"2026-11-24T09:1`)
	f.Close()

	log, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	launch(t, Options{Paths: paths, Config: config.Default(), Log: log}).stop()
	said, _ := os.ReadFile(log.Name())
	if n := strings.Count(string(said), "torn last line"); n != 1 {
		t.Fatalf("torn line warned %d times:\n%s", n, said)
	}
}
