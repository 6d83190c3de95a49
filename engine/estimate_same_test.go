package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/incident"
)

// eta with the estimate unchanged, as stakeholders read it, is refused as
// a usage error: nothing is journalled or sent, so the post-mortem counts
// no revision; a changed one still goes.
func TestEstimateUnchangedIsRefused(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 30, 15, 20, 0, 0, time.UTC)}
	ep := &endpoint{name: "ops"}
	r := launch(t, Options{Paths: testPaths(t), Config: config.Default(), Now: clk.Now, Channels: []Registered{{Type: "slack", Channel: ep}}})
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "until 15:50-16:50"})
	if err != nil {
		t.Fatal(err)
	}
	before := len(r.eng.incidentEvents(t, inc.ID))
	for _, eta := range []string{"until 15:50-16:50", "30m-90m"} {
		_, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: eta, Why: "still rolling back"})
		var ae *client.APIError
		if !errors.As(err, &ae) || !ae.IsUsage() || !strings.Contains(err.Error(), "already expected 15:50–16:50") {
			t.Errorf("eta %q, unchanged: %v; want a usage error", eta, err)
		}
	}
	if after := len(r.eng.incidentEvents(t, inc.ID)); after != before {
		t.Errorf("an unchanged eta journalled %d events", after-before)
	}
	if _, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: "until 16:00-17:00"}); err != nil {
		t.Fatalf("a changed eta: %v", err)
	}
	n := 0
	for _, ev := range r.eng.incidentEvents(t, inc.ID) {
		if ev.Kind == incident.KindEstimateRevised {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d revisions journalled, want 1", n)
	}
}
