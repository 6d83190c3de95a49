// Package googlechat posts stakeholder updates to a Google Chat space
// through an incoming webhook, as one text message in Chat's own markup.
// All updates of one incident reply in one thread, keyed by the incident.
package googlechat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// replyOption makes a message with a thread key reply in that key's thread,
// starting it when it does not exist yet. Without it Chat ignores the key
// and starts a new thread every time.
const replyOption = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"

// Channel posts to one Google Chat webhook.
type Channel struct {
	name string
	url  string // the webhook URL with messageReplyOption added
	hc   *http.Client
	err  error // a configuration problem, reported by every Send
}

// New returns a channel posting to the webhook at rawURL
// (https://chat.googleapis.com/v1/spaces/SPACE/messages?key=…&token=…).
// A configuration problem does not fail New: every Send returns it as a
// *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL string, hc *http.Client) *Channel {
	c := &Channel{name: name, hc: hc}
	u, ok := updates.ParseWebURL(strings.TrimSpace(rawURL))
	switch {
	case !ok:
		c.err = errors.New("url must be the space's webhook URL (https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…)")
	case hc == nil:
		c.err = errors.New("no HTTP client given (a wiring bug)")
	default:
		q := u.Query()
		q.Set("messageReplyOption", replyOption)
		u.RawQuery = q.Encode()
		c.url = u.String()
	}
	return c
}

// Name is the channel's configured name.
func (c *Channel) Name() string { return c.name }

// Send posts m once, in the incident's thread. Errors never contain the
// URL's query, where the webhook's key and token live.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if c.err != nil {
		return updates.Permanent(fmt.Errorf("google chat channel %q: %w", c.name, c.err))
	}
	body, err := encode(render(m))
	if err != nil {
		return updates.Permanent(err)
	}
	err = updates.Post(ctx, c.hc, c.url, body, http.Header{"Content-Type": {"application/json"}})
	if err != nil && ctx.Err() != nil { // keep errors.Is(err, context.Canceled) working
		return fmt.Errorf("POST %s: %w", updates.RedactURL(c.url), ctx.Err())
	}
	return err
}

// The engine uses a Channel through updates.Channel.
var _ updates.Channel = (*Channel)(nil)
