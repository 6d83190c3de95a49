package slack

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/keepcool/keepcool/updates"
)

// deadErrors are Slack's answers that no retry fixes: the token or the
// channel is gone, or the app may not post there. The outbox marks the
// channel dead until `keepcool channels test` passes.
var deadErrors = map[string]string{
	"invalid_auth":            "the token is not valid; store a bot token (xoxb-…) in this channel's token",
	"not_authed":              "no token was sent; set this channel's token",
	"account_inactive":        "the token's app or user was deactivated; reinstall the app and store its new bot token",
	"token_revoked":           "the token was revoked; reinstall the app and store its new bot token",
	"token_expired":           "the token expired; store a new bot token",
	"channel_not_found":       "the channel does not exist or the app cannot see it; check channel, and invite the app to a private channel",
	"not_in_channel":          "the app is not in the channel; invite it (/invite @your-app)",
	"is_archived":             "the channel is archived; unarchive it or set another channel",
	"missing_scope":           "the token lacks a scope; give the app chat:write, channels:history and channels:read (groups:* for a private channel) and reinstall it",
	"restricted_action":       "the workspace forbids the app from posting there; ask a Slack admin",
	"ekm_access_denied":       "the workspace's keys deny access; ask a Slack admin",
	"team_access_not_granted": "the token may not use this workspace; reinstall the app",
}

// rejectedErrors refuse this one message; the next may go.
var rejectedErrors = []string{"msg_too_long", "invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long",
	"no_text", "too_many_attachments", "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large",
	"message_not_found", "cant_update_message", "edit_window_closed", "thread_not_found", "cannot_reply_to_message"}

// rateLimitWait is the wait after a `ratelimited` answer without the
// Retry-After that a 429 carries.
const rateLimitWait = 30 * time.Second

// classify turns a failed call into the outbox's classes: a rate limit
// waits as told, a dead token or channel is permanent, a refused message
// is that message's, and a network error, a 5xx or Slack's own trouble is
// retried. Errors never carry the token (slack-go sends it in a header).
func (a *App) classify(method string, err error) error {
	var rl *slackapi.RateLimitedError
	var se slackapi.SlackErrorResponse
	var sc slackapi.StatusCodeError
	switch {
	case errors.As(err, &rl):
		return &updates.RetryAfterError{After: rl.RetryAfter, Err: a.errorf(fmt.Errorf("%s: rate limited: %w", method, err))}
	case errors.As(err, &se) && se.Err == "ratelimited":
		return &updates.RetryAfterError{After: rateLimitWait, Err: a.errorf(fmt.Errorf("%s: rate limited: %w", method, err))}
	case errors.As(err, &se) && deadErrors[se.Err] != "":
		return updates.Permanent(a.errorf(fmt.Errorf("%s: Slack answered %s: %s", method, se.Err, deadErrors[se.Err])))
	case errors.As(err, &se) && slices.Contains(rejectedErrors, se.Err):
		return updates.Rejected(a.errorf(fmt.Errorf("%s: Slack refused this message: %s", method, se.Err)))
	case errors.As(err, &sc) && sc.Code >= 500, errors.As(err, &sc) && sc.Code == http.StatusRequestTimeout:
		return a.errorf(fmt.Errorf("%s: %w; will retry", method, err))
	case errors.As(err, &sc):
		return updates.Permanent(a.errorf(fmt.Errorf("%s: %w; check this channel's token and channel", method, err)))
	}
	// Slack's internal_error, fatal_error, service_unavailable, an unknown
	// answer, or the network: retried.
	return a.errorf(fmt.Errorf("%s: %w", method, err))
}

// errorf names the channel: `slack channel "ops": …`.
func (a *App) errorf(err error) error { return fmt.Errorf("slack channel %q: %w", a.name, err) }
