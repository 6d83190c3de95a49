package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
)

// TestStatusAndRepliesCarryTheLastNotes: a status and a command's answer
// carry the last 50 notes and count them all; export has every one.
func TestStatusAndRepliesCarryTheLastNotes(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "30m"}); err != nil {
		t.Fatal(err)
	}
	const n = notesBrief + 10
	var reply api.Incident
	for i := 1; i <= n; i++ {
		var err error
		if reply, err = r.c.Note(ctx, api.NoteRequest{Text: fmt.Sprintf("step %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := r.c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for what, inc := range map[string]api.Incident{"note's reply": reply, "status": *st.Incident} {
		if len(inc.Notes) != notesBrief || inc.NotesTotal != n ||
			inc.Notes[0].Text != "step 11" || inc.Notes[notesBrief-1].Text != fmt.Sprintf("step %d", n) {
			t.Errorf("%s: %d notes from %q, notes_total %d; want the last %d of %d", what,
				len(inc.Notes), inc.Notes[0].Text, inc.NotesTotal, notesBrief, n)
		}
	}
	body, err := r.c.Export(ctx, "", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Incident api.Incident }
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Incident.Notes) != n || doc.Incident.NotesTotal != n {
		t.Errorf("export: %d notes, notes_total %d; want all %d", len(doc.Incident.Notes), doc.Incident.NotesTotal, n)
	}
}
