package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/keepcool/keepcool/engine/api"
)

// Calibration says how past first estimates of severity sev (0: any)
// given as eta ("30m-90m"; "": any range) held.
func (c *Client) Calibration(ctx context.Context, sev int, eta string) (api.Calibration, error) {
	q := url.Values{}
	if sev != 0 {
		q.Set("severity", strconv.Itoa(sev))
	}
	if eta != "" {
		q.Set("eta", eta)
	}
	path := api.PathCalibration
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	var out api.Calibration
	err := c.do(ctx, http.MethodGet, path, nil, &out)
	return out, err
}
