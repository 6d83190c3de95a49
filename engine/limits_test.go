package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// TestShortFieldsAreBounded: a request's short fields and its query are
// refused past their bounds with a short error, not echoed back whole.
func TestShortFieldsAreBounded(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "30m"}); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 100_000)
	calls := map[string]func() error{
		"estimate":  func() error { _, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: big}); return err },
		"start":     func() error { _, err := r.c.Start(ctx, api.StartRequest{Title: "y", ETA: big}); return err },
		"snooze":    func() error { _, err := r.c.Snooze(ctx, api.SnoozeRequest{For: big}); return err },
		"status":    func() error { _, err := r.c.SetStatus(ctx, big); return err },
		"key":       func() error { _, err := r.c.Note(ctx, api.NoteRequest{Text: "rolled back", Key: big}); return err },
		"channel":   func() error { return r.c.TestChannel(ctx, big) },
		"link type": func() error { _, err := r.c.Link(ctx, api.LinkRequest{Type: big, ID: "PT4KHLK"}); return err },
		"link id":   func() error { _, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: big}); return err },
		"link key": func() error {
			_, err := r.c.Link(ctx, api.LinkRequest{Type: "pagerduty", ID: "PT4KHLK", Key: big})
			return err
		},
		"export": func() error { _, err := r.c.Export(ctx, big, "md"); return err },
		"format": func() error { _, err := r.c.Export(ctx, "", big); return err },
	}
	for name, call := range calls {
		err := call()
		var ae *client.APIError
		if !errors.As(err, &ae) || !ae.IsUsage() || len(err.Error()) > 200 {
			t.Errorf("%s: %.300v; want a short 400", name, err)
		}
	}
}
