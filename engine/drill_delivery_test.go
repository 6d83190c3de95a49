package engine

import (
	"context"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// A drill's replies speak of the channels the drill uses: a real channel
// that is dead is not the drill's to fix, while a drill channel that fails
// is, and a real incident hears of the dead one as before.
func TestDrillRepliesNameOnlyDrillChannels(t *testing.T) {
	real := &picky{endpoint: endpoint{name: "ops"}, gone: true}
	practice := &endpoint{name: "practice"}
	r := start(t, testPaths(t), config.Incident{}, nil,
		Registered{Type: "webhook", Channel: real}, Registered{Type: "webhook", Drill: true, Channel: practice})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Search down", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "ops to be dead", func() bool {
		inc, err := r.c.Note(ctx, api.NoteRequest{NoChange: true})
		return err == nil && inc.Delivery != nil && len(inc.Delivery.NotDelivering) == 1
	})
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "fixed"}); err != nil {
		t.Fatal(err)
	}
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Practice", Severity: 3, ETA: "1h", Drill: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := inc.Delivery; d == nil || d.Channels != 1 || len(d.NotDelivering) != 0 {
		t.Fatalf("the drill's declaration reply: %+v", d)
	}
	if st, err := r.c.Status(ctx); err != nil || st.Incident.Delivery.Channels != 1 || len(st.Incident.Delivery.NotDelivering) != 0 {
		t.Fatalf("the drill's status: %+v, %v", st.Incident, err)
	}
	practice.mu.Lock()
	practice.fail = 1000
	practice.mu.Unlock()
	poll.For(t, "the drill channel to show as not delivering", func() bool {
		inc, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over"})
		return err == nil && inc.Delivery != nil && len(inc.Delivery.NotDelivering) == 1 && inc.Delivery.NotDelivering[0].Name == "practice"
	})
}
