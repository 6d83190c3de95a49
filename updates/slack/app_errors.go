package slack

import (
	"context"
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

// errRootGone is updateRoot's answer when the root message was deleted.
var errRootGone = errors.New("the incident's root message was deleted")

// rootEditHints say what a refused chat.update of the root means.
var rootEditHints = map[string]string{
	"cant_update_message": "the app may no longer edit it, e.g. after a reinstall",
	"edit_window_closed":  "the workspace's time limit for edits has passed",
}

// updateRoot edits the root message to show m's status, estimate and next
// update. A deleted root is errRootGone; a refusal (the root can no longer
// be edited, or its blocks were refused) is a *updates.PermanentError for
// the message that says the thread still gets the update; anything else is
// classified as for any call. The wording stays within the 300 bytes that
// LastError keeps.
func (a *App) updateRoot(ctx context.Context, channel, root string, m updates.Message) error {
	_, _, _, err := a.api.UpdateMessageContext(ctx, channel, root, slackapi.MsgOptionText(rootText(m), false),
		slackapi.MsgOptionBlocks(blocks(rootBlocks(m))...))
	if err == nil {
		return nil
	}
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "message_not_found" {
		return errRootGone
	}
	c := a.classify("chat.update", err)
	if !updates.IsRejected(c) {
		return c
	}
	why := se.Err
	if h := rootEditHints[se.Err]; h != "" {
		why += ": " + h
	}
	return updates.Rejected(a.errorf(fmt.Errorf("chat.update refused (%s): the incident's root message shows an older status; "+
		"updates still go in its thread. For a current root, have a Slack admin delete it; the next update posts a new one", why)))
}
