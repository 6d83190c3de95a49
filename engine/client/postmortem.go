package client

import (
	"context"

	"github.com/keepcool/keepcool/engine/api"
)

// Postmortem renders an incident's post-mortem (the latest incident's
// when id is empty) as md or json.
func (c *Client) Postmortem(ctx context.Context, id, format string) ([]byte, error) {
	return c.render(ctx, api.PathPostmortem, id, format)
}
