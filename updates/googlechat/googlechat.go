// Package googlechat posts stakeholder updates to a Google Chat space
// through an incoming webhook, as one text message in Chat's own markup.
// All updates of one incident reply in one thread, keyed by the incident.
package googlechat

import (
	"context"
	"net/http"
	"net/url"

	"github.com/keepcool/keepcool/updates"
)

// replyOption makes a message with a thread key reply in that key's thread,
// starting it when it does not exist yet. Without it Chat ignores the key
// and starts a new thread every time.
const replyOption = "REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD"

// Channel posts to one Google Chat webhook.
type Channel struct{ *updates.Hook }

// New returns a channel posting to the webhook at rawURL
// (https://chat.googleapis.com/v1/spaces/SPACE/messages?key=…&token=…).
// A configuration problem does not fail New: every Send returns it as a
// *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL string, hc *http.Client) *Channel {
	return &Channel{updates.NewHook(updates.HookSpec{Type: "google chat", Name: name, URL: rawURL, HTTP: hc,
		BadURL: "url must be the space's webhook URL (https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…)",
		Target: inThread})}
}

// inThread adds messageReplyOption to the webhook URL.
func inThread(u *url.URL) (*url.URL, error) {
	q := u.Query()
	q.Set("messageReplyOption", replyOption)
	u.RawQuery = q.Encode()
	return u, nil
}

// Send posts m once, in the incident's thread. Errors never contain the
// URL's query, where the webhook's key and token live.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	body, err := encode(render(m))
	if err != nil {
		return updates.Permanent(err)
	}
	return c.Post(ctx, body, http.Header{"Content-Type": {"application/json"}})
}

// The engine uses a Channel through updates.Channel.
var _ updates.Channel = (*Channel)(nil)
