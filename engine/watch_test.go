package engine

import (
	"context"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
)

// A window waiting on Watch hears of a note sent by another client at
// once, and a watch the engine's shutdown interrupts does not hold it up.
func TestWatchWakesOnChange(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h"}); err != nil {
		t.Fatal(err)
	}
	first, err := r.c.Watch(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if first.Status.Incident == nil || first.Revision == 0 {
		t.Fatalf("watch since 0 answered %+v, want the incident at a revision", first)
	}
	got := make(chan api.Watched, 1)
	go func() {
		w, err := r.c.Watch(ctx, first.Revision)
		if err != nil {
			t.Error(err)
		}
		got <- w
	}()
	select {
	case w := <-got:
		t.Fatalf("watch answered before any change: %+v", w)
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over"}); err != nil {
		t.Fatal(err)
	}
	select {
	case w := <-got:
		if w.Revision == first.Revision || len(w.Status.Incident.Notes) != 1 {
			t.Fatalf("watch answered %+v, want the note at a new revision", w)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("watch did not wake on the note")
	}

	go r.c.Watch(ctx, r.eng.rev.Load()) // left waiting
	time.Sleep(50 * time.Millisecond)
	stopped := time.Now()
	r.stop()
	if d := time.Since(stopped); d > 2*time.Second {
		t.Fatalf("an open watch held the engine's exit up for %v", d)
	}
}
