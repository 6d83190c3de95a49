// Package teams posts stakeholder updates to a Microsoft Teams channel
// through a Power Automate "Workflows" webhook (the "Send webhook alerts to
// a channel" template, which replaced Office 365 connectors): one Adaptive
// Card with the headline, the note, the facts, the next-update promise and
// a button to the status page.
package teams

import (
	"context"
	"fmt"
	"net/http"

	"github.com/keepcool/keepcool/updates"
)

// Channel posts to one Workflows webhook.
type Channel struct{ *updates.Hook }

// New returns a channel posting to the Workflows webhook at rawURL (the
// HTTP POST URL the flow shows; its sig= parameter is the secret). A
// configuration problem does not fail New: every Send returns it as a
// *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL string, hc *http.Client) *Channel {
	return &Channel{updates.NewHook(updates.HookSpec{Type: "teams", Name: name, URL: rawURL, HTTP: hc,
		BadURL: "url must be the Workflows webhook's HTTP POST URL (https://…/workflows/…/triggers/manual/paths/invoke?…)"})}
}

// Send posts m once. Workflows answers 202 Accepted once the flow is
// triggered: a card the flow then fails to post is not seen here (see the
// flow's run history). Errors never contain the URL's path or query.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	body, err := encode(m)
	if err != nil {
		return updates.Permanent(fmt.Errorf("teams channel %q: %w", c.Name(), err))
	}
	return c.Post(ctx, body, http.Header{"Content-Type": {"application/json"}})
}

// The engine uses a Channel through updates.Channel.
var _ updates.Channel = (*Channel)(nil)
