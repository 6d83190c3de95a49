package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
)

// `channels test` on a channel whose type's test only reads (channeltype's
// ReadOnlyTest) says it answered, not that a message was delivered:
// nothing was posted there. A drill channel says the same.
func TestChannelTestThatOnlyReadsSaysSo(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil,
		Registered{Type: "statuspageio", Channel: &endpoint{name: "page"}},
		Registered{Type: "statuspageio", Drill: true, Channel: &endpoint{name: "practice"}},
		Registered{Type: "webhook", Channel: &endpoint{name: "hook"}})
	for name, want := range map[string]string{
		"page":     "page answered the test (keepcool only read from it",
		"practice": "practice answered the test (keepcool only read from it",
		"hook":     "Test message delivered to hook",
	} {
		rep, err := r.c.TestChannelReply(context.Background(), name)
		if err != nil || !strings.HasPrefix(rep.Text, want) {
			t.Errorf("%s: %q, %v", name, rep.Text, err)
		}
	}
}
