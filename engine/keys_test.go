package engine

import (
	"context"
	"fmt"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// A retried request (same key) changes nothing the second time: one note,
// one message; also after a restart, and for every command.
func TestSameKeyTwiceIsOneCommand(t *testing.T) {
	paths := testPaths(t)
	ep := &endpoint{name: "ops"}
	r := start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	ctx := context.Background()
	var ids []string
	for range 2 {
		inc, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 2, ETA: "1h", Key: "start-1"})
		if err != nil {
			t.Fatalf("repeated start: %v", err)
		}
		ids = append(ids, inc.ID)
	}
	for range 2 {
		mustDo(t, func() error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over", Status: "identified", Key: "note-1"})
			return err
		})
		mustDo(t, func() error { _, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: "2h", Key: "eta-1"}); return err })
		mustDo(t, func() error { _, err := r.c.Snooze(ctx, api.SnoozeRequest{For: "5m", Key: "snooze-1"}); return err })
	}
	r.stop()
	r = start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	inc, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over", Key: "note-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Notes) != 1 || inc.Estimate.Revisions != 1 || inc.Status != "identified" || ids[0] != ids[1] {
		t.Fatalf("after repeats: %d notes, %d revisions, status %s, ids %v", len(inc.Notes), inc.Estimate.Revisions, inc.Status, ids)
	}
	for range 2 {
		st, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "failed over", Key: "resolve-1"})
		if err != nil || st.ResolvedAt == nil {
			t.Fatalf("repeated resolve: %v %+v", err, st)
		}
	}
	// Nothing is sent twice: the all-clear comes right after the first
	// round of messages (in order per channel, so a repeat would show
	// before it).
	poll.For(t, "the all-clear", func() bool {
		got := ep.received()
		return len(got) > 0 && got[len(got)-1].Kind == updates.KindResolved
	})
	want := "[declared note estimate resolved]"
	if got := fmt.Sprint(kinds(ep.received())); got != want {
		t.Fatalf("sent %s, want %s", got, want)
	}
	events := r.eng.incidentEvents(t, ids[0])
	keyed := map[string]int{}
	for _, ev := range events {
		if ev.Key != "" {
			keyed[ev.Key]++
		}
	}
	if len(keyed) != 5 || keyed["note-1"] != 1 {
		t.Fatalf("keys in the journal: %v", keyed)
	}
}

func (e *Engine) incidentEvents(t *testing.T, id string) []incident.Event {
	t.Helper()
	st, _, err := e.store.load(id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Events
}

func TestSameKeyTwiceIsOneStatusChange(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.eng.SetStatus(api.StatusRequest{Status: "monitoring", Key: "status-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "it came back", Status: "identified"}); err != nil {
		t.Fatal(err)
	}
	// The first try's answer was lost; its retry must not undo the note's status.
	st, err := r.eng.SetStatus(api.StatusRequest{Status: "monitoring", Key: "status-1"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != "identified" {
		t.Fatalf("a repeated status change applied again: status %s", st.Status)
	}
}
