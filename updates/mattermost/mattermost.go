// Package mattermost posts stakeholder updates to a Mattermost incoming
// webhook as one Markdown post.
package mattermost

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Channel is one Mattermost incoming webhook. The URL
// (https://host/hooks/<id>) is the secret: anyone who has it can post, so
// it never appears in errors (updates.RedactURL).
type Channel struct{ *updates.Hook }

// New returns a Mattermost channel posting to url with hc, which the caller
// owns so timeouts and proxies stay in one place.
func New(name, url string, hc *http.Client) *Channel {
	return &Channel{updates.NewHook(updates.HookSpec{Type: "mattermost", Name: name, URL: url, HTTP: hc,
		BadURL: "url must be a Mattermost incoming webhook URL such as https://mattermost.example.com/hooks/…"})}
}

// Send makes one attempt; the outbox retries. A 4xx answer is permanent,
// 429 carries Retry-After, anything else may be retried — except 501,
// Mattermost's answer when an admin has turned incoming webhooks off,
// which no retry can fix.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	var err error
	for _, p := range render(m) { // several posts only for a note longer than one
		if err = c.PostJSON(ctx, p, nil); err != nil {
			break
		}
	}
	if err == nil {
		return nil
	}
	if disabled(err) && !updates.IsPermanent(err) {
		err = updates.Permanent(err)
	}
	return fmt.Errorf("mattermost channel %q: %w%s", c.Name(), err, hint(err))
}

// hint says what to do about an answer. Mattermost explains itself in a
// JSON body ({"id":"web.incoming_webhook.invalid.app_error",…}) that
// updates.CheckResponse quotes in the error.
func hint(err error) string {
	msg := err.Error()
	switch {
	case disabled(err):
		return "; incoming webhooks are disabled on this server: ask a Mattermost admin to enable them"
	case strings.Contains(msg, "answered 404 ") || strings.Contains(msg, "incoming_webhook.invalid"):
		return "; the webhook no longer exists: create a new incoming webhook and update this channel's url"
	case strings.Contains(msg, "incoming_webhook.text") || strings.Contains(msg, "incoming_webhook.parse"):
		return "; Mattermost rejected the message format: this is a keepcool bug, please report it"
	case strings.Contains(msg, "answered 413 "):
		return "; the server refused the message size: ask a Mattermost admin about the post size limit"
	}
	var p *updates.PermanentError
	if errors.As(err, &p) {
		return "; check this channel's url in the config"
	}
	return ""
}

// disabled reports Mattermost's answer when incoming webhooks are off.
func disabled(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "answered 501 ") || strings.Contains(msg, "incoming_webhook.disabled")
}
