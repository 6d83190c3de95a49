package client

import (
	"context"
	"net/http"

	"github.com/keepcool/keepcool/engine/api"
)

// Drills lists the drill scenarios and the scheduled drills.
func (c *Client) Drills(ctx context.Context) (api.Drills, error) {
	var out api.Drills
	err := c.do(ctx, http.MethodGet, api.PathDrills, nil, &out)
	return out, err
}

// SkipDrill records that the engineer skipped the pending reminder of a
// scheduled drill (scenario "": every pending one).
func (c *Client) SkipDrill(ctx context.Context, scenario string) (api.DrillSkipReply, error) {
	var out api.DrillSkipReply
	err := c.do(ctx, http.MethodPost, api.PathDrillSkip, api.DrillSkipRequest{Scenario: scenario}, &out)
	return out, err
}
