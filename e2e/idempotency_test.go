package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// A request repeated with the same key — a client retrying after a lost
// reply, even across a crash of the engine — is one note and one message.
func TestIdempotentNoteAcrossKill9(t *testing.T) {
	rcv := newReceiver(t)
	h := newHome(t, webhookConfig(rcv.srv.URL))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	d := h.startDaemon()
	c := h.client()
	start := api.StartRequest{Title: "Payments failing", Severity: 2, ETA: "30m-1h", Key: "e2e-start"}
	note := api.NoteRequest{Text: "Rolling back", Key: "e2e-note"}
	for range 2 {
		if _, err := c.Start(ctx, start); err != nil {
			t.Fatalf("start: %v", err)
		}
		if _, err := c.Note(ctx, note); err != nil {
			t.Fatalf("note: %v", err)
		}
	}
	// Recorded, not only received: a message whose record a crash cut off
	// goes again (at least once), which is not what this test is about.
	poll.ForWithin(t, 10*time.Second, "two messages, recorded", func() bool {
		return len(rcv.received()) == 2 && strings.Count(h.must("export", "--format", "json"), `"kind": "delivered"`) == 2
	})
	d.Kill()
	h.startDaemon()
	inc, err := c.Note(ctx, note)
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Notes) != 1 {
		t.Fatalf("%d notes after the same note three times", len(inc.Notes))
	}
	h.must("note", "Rolled back")
	poll.ForWithin(t, 10*time.Second, "the last note", func() bool { return len(rcv.received()) >= 3 })
	if got := rcv.received(); len(got) != 3 {
		t.Fatalf("received %v, want declared and two notes", got)
	}
}
