package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/poll"
)

// A channel taken out of the config gets nothing more, not even what it
// still owed once it answers again; status, the replies and `channels
// test` no longer name it.
func TestRemovedChannelGetsNothingMore(t *testing.T) {
	gone := &picky{endpoint: endpoint{name: "wrongaudience"}, gone: true}
	kept := &endpoint{name: "kept"}
	r := declaredReloadingAway(t, gone, kept)
	ctx := context.Background()
	poll.For(t, "wrongaudience to be dead", func() bool { return r.eng.Channels()[0].Status.State == api.ChannelDead })
	if err := r.c.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	gone.setGone(false) // it answers again: it must still get nothing
	inc, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over"})
	if err != nil {
		t.Fatal(err)
	}
	if s := inc.Delivery.Summary(); s != "" {
		t.Errorf("the reply still names a removed channel: %s", s)
	}
	st, _ := r.c.Status(ctx)
	for _, c := range st.Channels {
		if c.Name == "wrongaudience" {
			t.Errorf("status still lists the removed channel: %+v", c)
		}
	}
	var ae *client.APIError
	if err := r.c.TestChannel(ctx, "wrongaudience"); !errors.As(err, &ae) || ae.Status != 404 {
		t.Errorf("channels test of a removed channel: %v, want 404", err)
	}
	poll.For(t, "the note to reach kept", func() bool { return len(kept.received()) == 2 })
	if got := gone.received(); len(got) != 0 {
		t.Fatalf("the removed channel got %d messages", len(got))
	}
}

// declaredReloadingAway launches an engine whose channels are gone (a
// webhook, down) and kept (Slack) and whose reload keeps only kept, and
// declares an incident.
func declaredReloadingAway(t *testing.T, gone *picky, kept *endpoint) *running {
	t.Helper()
	r := launch(t, Options{
		Paths: testPaths(t), Config: config.Default(),
		Channels: []Registered{{Type: "webhook", Channel: gone}, {Type: "slack", Channel: kept}},
		Reload: func() (config.Config, []Registered, error) {
			return config.Default(), []Registered{{Type: "slack", Channel: kept}}, nil
		},
	})
	if _, err := r.c.Start(context.Background(), api.StartRequest{Title: "x", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	return r
}
