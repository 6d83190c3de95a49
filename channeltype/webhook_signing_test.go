package channeltype_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/updates"
)

const hook = "[[channel]]\nname = \"automation\"\ntype = \"webhook\"\nurl = \"env:HOOK_URL\"\n"

// Config refuses, at the offending line, a signing mode it does not know
// and a standard signature without a whsec_ secret; a secret given as a
// reference is left to the channel, which checks it once resolved.
func TestWebhookSigningConfig(t *testing.T) {
	tests := []struct{ name, keys, want string }{
		{"unknown mode", "signing = \"sha1\"\n", `config.toml:5: channel "automation": signing = "sha1" is not a signing mode`},
		{"standard without a secret", "signing = \"standard\"\n", `config.toml:5: channel "automation": signing = "standard" needs a secret`},
		{"plain secret", "secret = \"hunter2\"\nsigning = \"both\"\n", `config.toml:5: channel "automation": secret must start with whsec_`},
		{"short key", "secret = \"whsec_c2hvcnQ=\"\nsigning = \"standard\"\n", "config.toml:5: channel \"automation\": secret holds a 5-byte key"},
		{"reference", "secret = \"keyring:hook\"\nsigning = \"standard\"\n", ""},
		{"plain secret, keepcool", "secret = \"hunter2\"\nsigning = \"keepcool\"\n", ""},
		{"no signing key", "secret = \"hunter2\"\n", ""},
	}
	for _, tt := range tests {
		cfg, err := config.Parse("config.toml", []byte(hook+tt.keys))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v; want %q", tt.name, err, tt.want)
		case tt.want == "" && tt.name == "reference" && cfg.Channels[0].Signing != "standard":
			t.Errorf("signing read as %q", cfg.Channels[0].Signing)
		}
	}
}

// The table builds a webhook channel from its resolved config: a
// reference that resolved to a plain password cannot sign per Standard
// Webhooks, so the channel is not built (status shows it misconfigured).
func TestWebhookSigningBuild(t *testing.T) {
	typ, _ := channeltype.Lookup("webhook")
	build := func(secret, signing string) (updates.Channel, error) {
		return typ.New(channeltype.Config{Name: "automation", Values: map[string]string{
			"url": "https://example.com/hook", "secret": secret, "signing": signing}}, http.DefaultClient)
	}
	if ch, err := build("hunter2", "standard"); err == nil || ch != nil || !strings.Contains(err.Error(), "secret must start with whsec_") {
		t.Errorf("a plain resolved secret: %v, %v; want no channel and an error", ch, err)
	}
	if _, err := build("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "both"); err != nil {
		t.Errorf("a whsec_ secret: %v", err)
	}
}
