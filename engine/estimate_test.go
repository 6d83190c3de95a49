package engine

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
)

// Clock times in an estimate are read in [incident] timezone, the zone
// every message names, whatever zone the engine's clock runs in: on a UTC
// machine at 1:24 AM in New York, "until 3pm" is 3:00 PM EST, not 10:00 AM.
func TestEstimateClockTimesInConfiguredZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: time.Date(2026, 11, 30, 6, 24, 0, 0, time.UTC)} // 1:24 AM EST
	cfg := config.Default()
	cfg.Incident.TimeZone, cfg.Incident.Clock = "America/New_York", "12h"
	r := launch(t, Options{Paths: testPaths(t), Config: cfg, Now: clk.Now})
	ctx := context.Background()

	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout returns 500s", Severity: 2, ETA: "until 2:30am-3am"})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 30, 2, 30, 0, 0, ny); !inc.Estimate.MinAt.Equal(want) {
		t.Errorf("start --eta \"until 2:30am-3am\" at 1:24 AM EST: fix expected from %v, want %v", inc.Estimate.MinAt.In(ny), want)
	}

	for _, tc := range []struct{ eta, want string }{
		{"until 3pm", "3:00 PM EST"},
		{"until 3:30 PM", "3:30 PM EST"},
		{"until 15:45", "3:45 PM EST"},
		{"until tomorrow 1:20", "Tue 1:20 AM EST"},
	} {
		inc, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: tc.eta})
		if err != nil {
			t.Errorf("eta %q: %v", tc.eta, err)
			continue
		}
		if got := r.eng.TimeStyle().Range(inc.Estimate.MinAt, inc.Estimate.MaxAt, clk.Now()); got != tc.want {
			t.Errorf("eta %q at 1:24 AM EST: fix expected %s, want %s", tc.eta, got, tc.want)
		}
	}

	// 1:20 AM EST passed four minutes ago: refused, saying how to ask for
	// tomorrow or the afternoon, rather than moved to a day nobody said.
	_, err = r.c.Estimate(ctx, api.EstimateRequest{ETA: "until 1:20"})
	const want = `1:20 EST has passed; write "until tomorrow 1:20" for tomorrow, or "until 1:20pm" for 1:20 PM today`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("eta \"until 1:20\" at 1:24 AM EST: error %v, want one saying %q", err, want)
	}
}
