package client

import (
	"context"

	"github.com/keepcool/keepcool/engine/api"
)

// Link links the active incident to its counterpart in another tool
// (`keepcool link pagerduty ID`). It carries a Key like every command.
func (c *Client) Link(ctx context.Context, req api.LinkRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathLink, req, req.Key)
}
