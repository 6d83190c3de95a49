package client

import (
	"bytes"
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

// HistoryJSON is History as the engine sends it, undecoded: a JSON array
// of api.HistoryEntry. `keepcool history` decodes it itself, faster than
// encoding/json does (1,000 entries with their figures are ~700 KB).
func (c *Client) HistoryJSON(ctx context.Context) ([]byte, error) {
	var out bytes.Buffer
	if err := c.do(ctx, http.MethodGet, api.PathHistory, nil, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
