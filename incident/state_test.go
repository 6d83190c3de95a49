package incident

import (
	"testing"
	"time"
)

// Project shares the events' array rather than copy a long incident, but an
// Apply afterwards never writes into the caller's events.
func TestProjectSharesButNeverWritesEvents(t *testing.T) {
	events := []Event{
		mustEvent(t, t0, KindDeclared, Declared{ID: "inc", Title: "db down", Severity: 2}),
		mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "one"}),
		mustEvent(t, t0, KindNote, NoteAdded{Kind: NoteProgress, Text: "kept"}),
	}
	st, errs := Project(events[:2])
	if len(errs) > 0 || len(st.Events) != 2 || &st.Events[0] != &events[0] {
		t.Fatalf("projected %d events (shared: %v), errors %v", len(st.Events), &st.Events[0] == &events[0], errs)
	}
	if err := st.Apply(mustEvent(t, t0.Add(time.Minute), KindNote, NoteAdded{Kind: NoteProgress, Text: "new"})); err != nil {
		t.Fatal(err)
	}
	if noteTexts(events) != "one,kept" || noteTexts(st.Events) != "one,new" {
		t.Fatalf("caller's notes %q, state's %q", noteTexts(events), noteTexts(st.Events))
	}
	// An event that does not apply is left out of the timeline, as before.
	bad := append(events[:1:1], Event{Seq: 9, At: t0, Kind: KindNote, Data: []byte(`{"kind":1}`)})
	if st, errs := Project(bad); len(errs) != 1 || len(st.Events) != 1 {
		t.Fatalf("undecodable event: %d events, errors %v", len(st.Events), errs)
	}
}
