package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
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

// snapshotted runs an engine that snapshots every 20 events, declares an
// incident, posts n keyed notes, waits for their delivery and stops: the
// stop leaves a snapshot beside the journal.
func snapshotted(t *testing.T, paths config.Paths, ep *endpoint, n int) (id string) {
	t.Helper()
	r := launch(t, snapshotOptions(paths, ep))
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 2, ETA: "1h", Key: "start"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := r.c.Note(ctx, api.NoteRequest{Text: fmt.Sprint("note ", i), Key: fmt.Sprint("note-", i)}); err != nil {
			t.Fatal(err)
		}
	}
	poll.For(t, "every message delivered", func() bool { return r.eng.Channels()[0].Status.Delivered == n+1 })
	r.stop()
	if _, err := os.Stat(filepath.Join(paths.IncidentsDir(), inc.ID+snapshotExt)); err != nil {
		t.Fatalf("no snapshot after a clean stop: %v", err)
	}
	return inc.ID
}

func snapshotOptions(paths config.Paths, ep *endpoint) Options {
	return Options{Paths: paths, Config: config.Default(), Engineer: "Sam", SnapshotEvery: 20,
		Channels: []Registered{{Type: "slack", Channel: ep}},
		Retry:    updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}}
}

// A start from a snapshot is the incident the journal tells: its notes
// (the latest held, all counted), its keys, its deliveries; and what comes
// after it is kept in the journal as ever.
func TestSnapshotResumesTheIncident(t *testing.T) {
	paths := testPaths(t)
	ep := &endpoint{name: "ops"}
	id := snapshotted(t, paths, ep, 110)
	r := launch(t, snapshotOptions(paths, ep))
	if l, err := r.eng.store.read(id); err != nil || l.snapshot == nil || len(l.State.Events) != 0 {
		t.Fatalf("not read from its snapshot: %v, %d events after it", err, len(l.State.Events))
	}
	ctx := context.Background()
	st, err := r.c.Status(ctx)
	if err != nil || st.Incident == nil {
		t.Fatalf("status: %v", err)
	}
	if inc := st.Incident; inc.NotesTotal != 110 || len(inc.Notes) != notesBrief || inc.Notes[notesBrief-1].Text != "note 109" ||
		inc.Title != "DB down" || st.Channels[0].Delivered != 111 {
		t.Fatalf("resumed: %d notes of %d, last %q, title %q, delivered %d",
			len(inc.Notes), inc.NotesTotal, inc.Notes[len(inc.Notes)-1].Text, inc.Title, st.Channels[0].Delivered)
	}
	if inc, err := r.c.Note(ctx, api.NoteRequest{Text: "note 5 again", Key: "note-5"}); err != nil || inc.NotesTotal != 110 {
		t.Fatalf("a repeated key after the restart: %v, %d notes", err, inc.NotesTotal)
	}
	note(t, r, "after the restart")
	poll.For(t, "the new note delivered", func() bool { return len(ep.received()) == 112 })
	body, _, err := r.eng.Export(id, "json")
	var doc struct{ Incident api.Incident }
	if err != nil || json.Unmarshal(body, &doc) != nil || len(doc.Incident.Notes) != 111 {
		t.Fatalf("export: %v, %d notes", err, len(doc.Incident.Notes))
	}
	if got := fmt.Sprint(kinds(ep.received()[110:])); got != "[note note]" {
		t.Fatalf("sent again after the restart: %s", got)
	}
}

// The journal is the truth: a snapshot that fails its checksum, does not
// match the journal's bytes, or is another incident's is not used.
func TestSnapshotNotMatchingIsIgnored(t *testing.T) {
	for _, tt := range []struct {
		name   string
		spoil  func(t *testing.T, journal, snap string)
		damage bool
	}{
		{"snapshot damaged", func(t *testing.T, _, snap string) { flipByte(t, snap, 40) }, false},
		{"journal damaged before its mark", func(t *testing.T, journal, _ string) {
			journaltest.Flip(t, journal, journaltest.LineHolding(t, journal, `"note 7"`), `"note 7"`, `"note 8"`)
		}, true},
		{"journal cut", func(t *testing.T, journal, _ string) {
			if err := os.Truncate(journal, 2000); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"another incident's", func(t *testing.T, journal, snap string) {
			b, err := os.ReadFile(snap)
			if err != nil {
				t.Fatal(err)
			}
			id := strings.TrimSuffix(filepath.Base(journal), journalExt)
			body, _, _ := strings.Cut(string(b), "\n")
			body = strings.Replace(body, `"id":"`+id+`"`, `"id":"`+id+`-2"`, 1)
			resealed := fmt.Sprintf("%s\n%08x\n", body, crc32.Checksum([]byte(body), snapshotCRC))
			if err := os.WriteFile(snap, []byte(resealed), 0o600); err != nil {
				t.Fatal(err)
			}
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			paths := testPaths(t)
			ep := &endpoint{name: "ops"}
			id := snapshotted(t, paths, ep, 30)
			journal := filepath.Join(paths.IncidentsDir(), id+journalExt)
			tt.spoil(t, journal, filepath.Join(paths.IncidentsDir(), id+snapshotExt))
			e, err := New(snapshotOptions(paths, ep))
			if err != nil {
				t.Fatal(err)
			}
			e.store.style = e.TimeStyle()
			l, err := e.store.read(id)
			if err != nil || l.snapshot != nil {
				t.Fatalf("read: %v, from the snapshot %v", err, l.snapshot != nil)
			}
			if whole, err := e.store.readAll(id); err != nil || len(whole.State.Events) != len(l.State.Events) ||
				(len(l.State.Damage) > 0) != tt.damage {
				t.Fatalf("read %d events (damage %q), the journal has %d", len(l.State.Events), l.State.Damage, len(whole.State.Events))
			}
		})
	}
}

// kill -9 after a snapshot: the note appended since, whose message was
// never queued, and a torn last line. The start replays what came after
// the snapshot, queues the note's message as the incident stood (its
// title from before the snapshot), and cuts the torn line.
func TestKillAfterSnapshotLosesNothing(t *testing.T) {
	paths := testPaths(t)
	ep := &endpoint{name: "ops"}
	id := snapshotted(t, paths, ep, 30)
	journal := filepath.Join(paths.IncidentsDir(), id+journalExt)
	j, _, _, err := incident.OpenJournal(journal)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := incident.NewEvent(time.Now(), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "just before the kill"})
	if _, err := j.Append(ev); err != nil {
		t.Fatal(err)
	}
	j.Close()
	f, err := os.OpenFile(journal, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"seq":999,"at":"2026-11-30T09:00:00Z","kind":"no`)
	f.Close()

	r := launch(t, snapshotOptions(paths, ep))
	if l, err := r.eng.store.read(id); err != nil || l.snapshot == nil {
		t.Fatalf("not read from its snapshot: %v", err)
	}
	poll.For(t, "the note's message", func() bool {
		got := ep.received()
		return len(got) == 32 && got[31].Note == "just before the kill" && got[31].Title == "DB down" && got[31].IncidentID == id
	})
	st, err := r.c.Status(context.Background())
	if err != nil || st.Incident.NotesTotal != 31 {
		t.Fatalf("status: %v", err)
	}
	note(t, r, "after the kill")
	if events, warnings, err := incident.ReadJournal(journal); err != nil || len(warnings) > 0 || events[len(events)-1].Kind == "no" {
		t.Fatalf("journal after the restart: %v %v", err, warnings)
	}
}

func flipByte(t *testing.T, path string, at int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[at] ^= 1
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
