package app

import (
	"context"

	"github.com/keepcool/keepcool/engine/api"
)

// Runbooker lists the runbooks and ticks the incident's checklist.
type Runbooker interface {
	Runbooks(ctx context.Context) (api.Runbooks, error)
	Tick(ctx context.Context, req api.TickRequest) (api.Incident, error)
}
