package engine

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/updates"
)

// refusesAllClear refuses the all-clear for good and takes the rest.
type refusesAllClear struct{ endpoint }

func (r *refusesAllClear) Send(ctx context.Context, m updates.Message) error {
	if m.Kind == updates.KindResolved {
		return updates.Permanent(errors.New("http://127.0.0.1/… answered 400 Bad Request: invalid_blocks"))
	}
	return r.endpoint.Send(ctx, m)
}

// The all-clear is refused after the post-mortem was written at resolve:
// the post-mortem is written again and says so.
func TestPostMortemListsARefusedAllClear(t *testing.T) {
	hook := &refusesAllClear{endpoint{name: "hook"}}
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
	eventually(t, "the post-mortem to list the refused all-clear", func() bool {
		b, err := os.ReadFile(pm)
		return err == nil && strings.Contains(string(b), "invalid_blocks")
	})
}
