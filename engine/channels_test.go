package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
)

// A failed test whose error says nothing of what to do (no hosted type's
// remedy) gets the engine's advice: check the settings, then test again.
func TestFailedTestAdvisesChecking(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil, Registered{Type: "webhook", Channel: &endpoint{name: "hook", fail: 1}})
	err := r.c.TestChannel(context.Background(), "hook")
	if err == nil || !strings.Contains(err.Error(), "503 Service Unavailable; check the channel's settings (Settings, or config.toml), then run keepcool channels test hook again") ||
		strings.Count(err.Error(), "keepcool channels test") != 1 {
		t.Fatalf("a failed test: %v; want the advice to check the settings and test again, once", err)
	}
}
