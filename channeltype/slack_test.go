package channeltype_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/updates/slack"
)

// A slack channel is an incoming webhook (url) or an app (token and
// channel), exactly one, each mistake named at its line.
func TestSlackWebhookOrApp(t *testing.T) {
	const head = "[[channel]]\nname = \"ops\"\ntype = \"slack\"\n"
	cases := []struct{ keys, want string }{
		{"url = \"keyring:hook\"\n", ""},
		{"token = \"keyring:bot\"\nchannel = \"#incidents\"\n", ""},
		{"token = \"keyring:bot\"\nchannel = \"C0INCIDENT1\"\n", ""},
		{"url = \"keyring:hook\"\ntoken = \"keyring:bot\"\nchannel = \"#incidents\"\n", `config.toml:5: channel "ops": token is for a Slack app, url for an incoming webhook`},
		{"url = \"keyring:hook\"\nchannel = \"#incidents\"\n", `config.toml:5: channel "ops": channel is for a Slack app`},
		{"token = \"keyring:bot\"\n", `config.toml:4: channel "ops": token needs channel = "#incidents"`},
		{"channel = \"#incidents\"\n", `config.toml:4: channel "ops": channel needs token = "keyring:slack-bot"`},
		{"", `channel "ops": url is required; add url = "keyring:NAME" (an incoming webhook), or token = "keyring:NAME" and channel = "#incidents"`},
		{"token = \"\"\nchannel = \"#incidents\"\n", `token`},
	}
	for _, tc := range cases {
		cfg, err := config.Parse("config.toml", []byte(head+tc.keys))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.keys, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v; want %q", tc.keys, err, tc.want)
		case tc.want == "":
			var saved bytes.Buffer // Settings' save keeps channel
			err := config.Encode(&saved, cfg)
			for _, line := range strings.Split(strings.TrimSpace(tc.keys), "\n") {
				if err != nil || !strings.Contains(saved.String(), line) {
					t.Errorf("%q saved as %s (%v)", tc.keys, saved.String(), err)
				}
			}
		}
	}
}

// With a token, the table builds the app channel; with a url, the webhook.
func TestSlackBuildsAppOrWebhook(t *testing.T) {
	typ, _ := channeltype.Lookup("slack")
	app, _ := typ.New(channeltype.Config{Name: "ops", Values: map[string]string{"token": "xoxb-1", "channel": "#incidents"}}, http.DefaultClient)
	hook, _ := typ.New(channeltype.Config{Name: "ops", Values: map[string]string{"url": "https://hooks.slack.com/services/T/B/X"}}, http.DefaultClient)
	if _, ok := app.(*slack.App); !ok {
		t.Errorf("token and channel built %T, want *slack.App", app)
	}
	if _, ok := hook.(*slack.Channel); !ok {
		t.Errorf("url built %T, want *slack.Channel", hook)
	}
}
