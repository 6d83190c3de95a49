package client

import (
	"context"
	"net/http"

	"github.com/keepcool/keepcool/engine/api"
)

// Runbooks lists the runbooks in the config's [runbooks] dir.
func (c *Client) Runbooks(ctx context.Context) (api.Runbooks, error) {
	var out api.Runbooks
	err := c.do(ctx, http.MethodGet, api.PathRunbooks, nil, &out)
	return out, err
}

// Tick ticks an item of the incident's checklist (and, with Tell, posts
// a stakeholder note). It carries a Key like every command.
func (c *Client) Tick(ctx context.Context, req api.TickRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathTick, req, req.Key)
}
