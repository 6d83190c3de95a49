package engine

import "testing"

// The post-mortem written at resolve is written again as the all-clear is
// delivered, so ID.md says where it went, not only that it was queued.
func TestPostMortemGainsTheAllClearsDelivery(t *testing.T) {
	awaitPostMortem(t, &endpoint{name: "hook"}, "the post-mortem to say the all-clear was delivered", "Resolved message delivered")
}
