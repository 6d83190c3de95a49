// Package slack posts stakeholder updates to a Slack incoming webhook as
// Block Kit blocks, with a plain top-level text that Slack shows in
// notifications and reads to screen readers.
package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Channel is one Slack incoming webhook. The URL is the secret: anyone who
// has it can post, so it never appears in errors (updates.RedactURL).
type Channel struct{ *updates.Hook }

// New returns a Slack channel posting to url (https://hooks.slack.com/…)
// with hc, which the caller owns so timeouts and proxies stay in one place.
func New(name, url string, hc *http.Client) *Channel {
	return &Channel{updates.NewHook(updates.HookSpec{Type: "slack", Name: name, URL: url, HTTP: hc,
		BadURL: "url must be a Slack incoming webhook URL such as https://hooks.slack.com/services/…"})}
}

// Send makes one attempt; the outbox retries. A 4xx answer is permanent,
// 429 carries Retry-After, anything else may be retried.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	err := c.PostJSON(ctx, render(m), nil)
	if err == nil {
		return nil
	}
	return fmt.Errorf("slack channel %q: %w%s", c.Name(), err, hint(err))
}

// hints turns Slack's documented webhook answers (the body is one word,
// e.g. 404 "no_service") into what to do. updates.CheckResponse quotes the
// body in the error, which is where we find the word.
var hints = []struct{ word, hint string }{
	{"invalid_payload", "Slack rejected the message format; this is a keepcool bug, please report it"},
	{"invalid_token", "the webhook was revoked; create a new incoming webhook and update this channel's url"},
	{"action_prohibited", "the workspace forbids this webhook from posting; ask a Slack admin"},
	{"no_service", "the webhook no longer exists; create a new incoming webhook and update this channel's url"},
	{"channel_not_found", "the webhook's channel was deleted; create a new incoming webhook and update this channel's url"},
	{"channel_is_archived", "the channel is archived; unarchive it or point a new webhook at another channel"},
}

func hint(err error) string {
	if _, ok := updates.RetryAfter(err); ok {
		return ""
	}
	msg := err.Error()
	for _, h := range hints {
		if strings.Contains(msg, h.word) {
			return "; " + h.hint
		}
	}
	var p *updates.PermanentError
	if errors.As(err, &p) {
		return "; check this channel's url in the config"
	}
	return ""
}
