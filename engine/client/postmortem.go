package client

import (
	"bytes"
	"context"
	"net/http"
	"net/url"

	"github.com/keepcool/keepcool/engine/api"
)

// Postmortem renders an incident's post-mortem (the latest incident's
// when id is empty) as md or json.
func (c *Client) Postmortem(ctx context.Context, id, format string) ([]byte, error) {
	q := url.Values{"id": {id}, "format": {format}}
	var out bytes.Buffer
	if err := c.do(ctx, http.MethodGet, api.PathPostmortem+"?"+q.Encode(), nil, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
