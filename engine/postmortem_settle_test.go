package engine

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// The post-mortem written at resolve is written again as the all-clear is
// delivered, so ID.md says where it went, not only that it was queued.
func TestPostMortemGainsTheAllClearsDelivery(t *testing.T) {
	hook := &endpoint{name: "hook"}
	paths := testPaths(t)
	r := launch(t, Options{Paths: paths, Config: config.Default(), Channels: []Registered{{Type: "webhook", Channel: hook}}})
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "fixed"}); err != nil {
		t.Fatal(err)
	}
	pm := r.eng.store.postMortemPath(inc.ID)
	poll.For(t, "the post-mortem to say the all-clear was delivered", func() bool {
		b, err := os.ReadFile(pm)
		return err == nil && strings.Contains(string(b), "Resolved message delivered")
	})
}
