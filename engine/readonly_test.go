package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
)

// readOnly is a channel whose test only reads from its service, as the
// hosted status pages' and incident tools' do.
type readOnly struct{ endpoint }

func (*readOnly) TestsReadOnly() bool { return true }

// `channels test` on a channel that only reads says it answered, not that
// a message was delivered: nothing was posted there. A drill channel says
// the same through the drill's wrapper.
func TestChannelTestThatOnlyReadsSaysSo(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil,
		Registered{Type: "statuspageio", Channel: &readOnly{endpoint{name: "page"}}},
		Registered{Type: "statuspageio", Drill: true, Channel: &readOnly{endpoint{name: "practice"}}},
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
