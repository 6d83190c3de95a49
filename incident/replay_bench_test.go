package incident

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/keepcool/keepcool/timefmt"
)

// benchJournal writes an incident of n notes with the real event mix: each
// note, its message queued (as package updates stores a full Message), and
// a receipt from each of 3 channels. Written unsynced: it is a fixture.
func benchJournal(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "inc.jsonl")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	seq := 0
	at := t0
	put := func(kind string, data any) int {
		seq++
		e := mustEvent(tb, at, kind, data)
		e.Seq = seq
		line, err := encodeLine(e)
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(line)
		return seq
	}
	est := Estimate{MinAt: t0.Add(time.Hour), MaxAt: t0.Add(2 * time.Hour)}
	told := func(kind string, trigger int, note string) {
		id := fmt.Sprintf("inc/%d", trigger)
		put("message_queued", map[string]any{"message": map[string]any{
			"id": id, "kind": kind, "at": at, "incident_id": "inc", "title": "Checkout returns 500s",
			"severity": 2, "status": "investigating", "declared_at": t0, "engineer": "Sam",
			"note": note, "estimate": est, "next_update_by": at.Add(15 * time.Minute),
			"status_page": "http://127.0.0.1:8787/", "time_zone": "Europe/Berlin", "clock": "24h",
		}, "channels": []string{"ops", "pager", "mail"}})
		for _, c := range []string{"ops", "pager", "mail"} {
			put("delivered", map[string]any{"message_id": id, "channel": c, "attempt": 1})
		}
	}
	told("declared", put(KindDeclared, Declared{ID: "inc", Title: "Checkout returns 500s", Severity: 2, Estimate: est}), "")
	for i := range n {
		at = at.Add(time.Minute)
		text := fmt.Sprintf("progress note %d: still rolling back the EU replicas, error rate at %d%%", i, i%100)
		told("note", put(KindNote, NoteAdded{Kind: NoteProgress, Text: text}), text)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkLoadJournal reads and projects a 10,000-note incident: what a
// start costs in package incident.
func BenchmarkLoadJournal(b *testing.B) {
	path := benchJournal(b, 10000)
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	for b.Loop() {
		c, err := LoadJournal(path)
		if err != nil {
			b.Fatal(err)
		}
		r, _ := Restore("inc", c, timefmt.Style{})
		if len(r.State.Notes) != 10000 || len(c.Events) != 50005 {
			b.Fatalf("%d notes, %d events", len(r.State.Notes), len(c.Events))
		}
	}
}
