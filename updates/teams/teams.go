// Package teams posts stakeholder updates to a Microsoft Teams channel
// through a Power Automate "Workflows" webhook (the "Send webhook alerts to
// a channel" template, which replaced Office 365 connectors): one Adaptive
// Card with the headline, the note, the facts, the next-update promise and
// a button to the status page.
package teams

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// Channel posts to one Workflows webhook.
type Channel struct {
	name string
	url  string
	hc   *http.Client
	err  error // a configuration problem, reported by every Send
}

// New returns a channel posting to the Workflows webhook at rawURL (the
// HTTP POST URL the flow shows; its sig= parameter is the secret). A
// configuration problem does not fail New: every Send returns it as a
// *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL string, hc *http.Client) *Channel {
	c := &Channel{name: name, url: strings.TrimSpace(rawURL), hc: hc}
	if _, ok := updates.ParseWebURL(c.url); !ok {
		c.err = errors.New("url must be the Workflows webhook's HTTP POST URL (https://…/workflows/…/triggers/manual/paths/invoke?…)")
	} else if hc == nil {
		c.err = errors.New("no HTTP client given (a wiring bug)")
	}
	return c
}

// Name is the channel's configured name.
func (c *Channel) Name() string { return c.name }

// Send posts m once. Workflows answers 202 Accepted once the flow is
// triggered: a card the flow then fails to post is not seen here (see the
// flow's run history). Errors never contain the URL's path or query.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if c.err != nil {
		return updates.Permanent(fmt.Errorf("teams channel %q: %w", c.name, c.err))
	}
	body, err := encode(m)
	if err != nil {
		return updates.Permanent(fmt.Errorf("teams channel %q: %w", c.name, err))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	err = updates.Post(ctx, c.hc, c.url, body, h)
	if err != nil && ctx.Err() != nil { // keep errors.Is(err, context.Canceled) working
		return fmt.Errorf("POST %s: %w", updates.RedactURL(c.url), ctx.Err())
	}
	return err
}

// The engine uses a Channel through updates.Channel.
var _ updates.Channel = (*Channel)(nil)
