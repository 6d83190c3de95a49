package channeltype

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/cachet"
	"github.com/keepcool/keepcool/updates/discord"
	"github.com/keepcool/keepcool/updates/email"
	"github.com/keepcool/keepcool/updates/googlechat"
	"github.com/keepcool/keepcool/updates/mattermost"
	"github.com/keepcool/keepcool/updates/ntfy"
	"github.com/keepcool/keepcool/updates/pagerduty"
	"github.com/keepcool/keepcool/updates/slack"
	"github.com/keepcool/keepcool/updates/statuspageio"
	"github.com/keepcool/keepcool/updates/teams"
	"github.com/keepcool/keepcool/updates/webhook"
)

// table is every channel type. Adding one: an entry here, and its package
// under updates/ (for a webhook, a payload and a classifier on
// updates.Hook).
var table = []Type{
	{
		// An incoming webhook (url), or a Slack app (token and channel):
		// one root message per incident, updates in its thread.
		Name: "slack",
		Keys: []Key{
			{Name: "url", Label: "Webhook URL (or a token and channel)", Example: "https://hooks.slack.com/services/…", URL: true, Secret: true, Where: true, Group: "webhook"},
			{Name: "token", Label: "Bot token (instead of a webhook)", Example: "keyring:slack-bot", Secret: true, Group: "app"},
			{Name: "channel", Label: "Channel (with a bot token)", Example: "#incidents", Where: true, Group: "app"},
		},
		Webhook: true,
		Check:   slackKeys,
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			if c.Get("token") != "" {
				return slack.NewApp(slack.AppConfig{Name: c.Name, Token: c.Get("token"), Channel: c.Get("channel")}, hc), nil
			}
			return slack.New(c.Name, c.Get("url"), hc), nil
		},
	},
	chat("teams", "https://….webhook.office.com/…", teams.New),
	chat("discord", "https://discord.com/api/webhooks/…", discord.New),
	chat("googlechat", "https://chat.googleapis.com/v1/spaces/…", googlechat.New),
	chat("mattermost", "https://mattermost.example.com/hooks/…", mattermost.New),
	{
		Name: "ntfy",
		Keys: []Key{
			// The server's address, not a credential: the token is.
			{Name: "url", Label: "Server", Example: "https://ntfy.sh", Required: true, URL: true, Where: true},
			{Name: "topic", Label: "Topic", Example: "outage-updates", Check: ntfyTopic, Where: true},
			{Name: "token", Label: "Access token", Secret: true},
		},
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			return ntfy.New(c.Name, c.Get("url"), c.Get("topic"), c.Get("token"), hc), nil
		},
	},
	{
		Name: "webhook",
		Keys: []Key{
			{Name: "url", Label: "Webhook URL", Example: "https://example.com/keepcool", Required: true, URL: true, Secret: true, Where: true},
			{Name: "secret", Label: "Signing secret", Secret: true},
			{Name: "signing", Label: "Signing (keepcool|standard|both)", Example: webhook.SignKeepcool, Check: webhook.CheckSigning},
		},
		// A standard signature needs a whsec_ secret; a reference is
		// checked once resolved, by NewSigned.
		Check: func(c Config, isRef func(string) bool) (string, error) {
			if s := c.Get("secret"); s != "" && isRef(s) {
				return "", nil
			}
			return webhook.CheckKeys(c.Get("signing"), c.Get("secret"))
		},
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			ch, err := webhook.NewSigned(c.Name, c.Get("url"), c.Get("secret"), c.Get("signing"), hc)
			if err != nil {
				return nil, err // not a nil *Channel in an interface
			}
			return ch, nil
		},
	},
	{
		Name: "email",
		Keys: []Key{
			{Name: "smtp", Label: "SMTP server", Example: "smtp://relay.example.com:587", Required: true},
			{Name: "tls", Label: "Encryption", Choices: []string{email.TLSStartTLS, email.TLSImplicit, email.TLSNone}},
			{Name: "username", Label: "Username", Example: "keepcool"},
			{Name: "password", Label: "Password", Secret: true},
			{Name: "from", Label: "From", Example: "keepcool@example.com", Required: true},
			{Name: "to", Label: "To", Example: "boss@example.com, support-lead@example.com", Required: true, List: true, Where: true},
		},
		New: func(c Config, _ *http.Client) (updates.Channel, error) {
			return email.New(email.Config{Name: c.Name, SMTP: c.Get("smtp"), TLS: c.Get("tls"),
				Username: c.Get("username"), Password: c.Get("password"), From: c.Get("from"),
				To: c.Lists["to"], Timeout: 30 * time.Second})
		},
	},
	// Hosted status pages and incident tools: several API calls per
	// message, the remote incident found again after a restart (see each
	// package).
	{
		Name: statuspageio.Type,
		Keys: []Key{
			{Name: "page_id", Label: "Page ID", Example: "kctbh9vrtdwd", Required: true, Where: true, Check: pageID},
			{Name: "api_key", Label: "API key", Example: "keyring:statuspage", Required: true, Secret: true},
			{Name: "url", Label: "API URL (optional)", Example: statuspageio.DefaultURL, URL: true},
			{Name: "component_ids", Label: "Component IDs (optional)", Example: "8kbf7d35c070, vtnh60py4yd7", List: true},
			{Name: "component_status", Label: "Component status (optional)", Example: "major_outage", Check: oneOf(statuspageio.ComponentStatuses)},
		},
		ReadOnlyTest: true,
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			return statuspageio.New(statuspageio.Config{Name: c.Name, URL: c.Get("url"), PageID: c.Get("page_id"),
				APIKey: c.Get("api_key"), Components: c.Lists["component_ids"], ComponentStatus: c.Get("component_status")}, hc), nil
		},
	},
	{
		Name: pagerduty.Type,
		Keys: []Key{
			{Name: "api_key", Label: "API key", Example: "keyring:pagerduty", Required: true, Secret: true},
			{Name: "from", Label: "From (a PagerDuty user's email)", Example: "oncall@example.com", Required: true, Check: emailAddress},
			{Name: "service_id", Label: "Service ID (optional)", Example: "PWIXJZS", Where: true},
			{Name: "url", Label: "API URL (optional)", Example: pagerduty.DefaultURL, URL: true},
		},
		Links:        true,
		ReadOnlyTest: true,
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			return pagerduty.New(pagerduty.Config{Name: c.Name, URL: c.Get("url"), APIKey: c.Get("api_key"),
				From: c.Get("from"), Service: c.Get("service_id")}, hc), nil
		},
	},
	{
		Name: "cachet",
		Keys: []Key{
			{Name: "url", Label: "Cachet URL", Example: "https://status.example.com", Required: true, URL: true, Where: true},
			{Name: "token", Label: "API token", Example: "keyring:cachet", Required: true, Secret: true},
			{Name: "component_id", Label: "Component ID (optional)", Example: "3", Check: number},
		},
		ReadOnlyTest: true,
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			return cachet.New(cachet.Config{Name: c.Name, URL: c.Get("url"), Token: c.Get("token"),
				Component: c.Get("component_id")}, hc), nil
		},
	},
}

// chat is a type that posts to a chat's incoming webhook: one url, which
// is itself the credential.
func chat[C updates.Channel](name, example string, build func(name, url string, hc *http.Client) C) Type {
	return Type{
		Name:    name,
		Keys:    []Key{{Name: "url", Label: "Webhook URL", Example: example, Required: true, URL: true, Secret: true, Where: true}},
		Webhook: true,
		New: func(c Config, hc *http.Client) (updates.Channel, error) {
			return build(c.Name, c.Get("url"), hc), nil
		},
	}
}

// ntfyTopic is ntfy's rule for topic names (see updates/ntfy).
func ntfyTopic(v string) error {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
	if len(v) > 64 || strings.Trim(v, chars) != "" {
		return fmt.Errorf("= %q is not an ntfy topic; use up to 64 of A-Z, a-z, 0-9, - and _", v)
	}
	return nil
}
