package slack

import (
	"io"
	"net/http"
	"net/url"
	"strings"
)

// bearer sends the token as Slack recommends, in an Authorization: Bearer
// header, and takes it out of the form body where slack-go puts it, so
// that no request body (in a proxy's or a debug log) carries it.
type bearer struct {
	hc    *http.Client
	token string
}

// Do is slack-go's HTTP client interface.
func (b bearer) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		raw, err := io.ReadAll(io.LimitReader(req.Body, 8<<20))
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body := string(raw)
		if form, err := url.ParseQuery(body); err == nil && form.Has("token") {
			form.Del("token")
			body = form.Encode()
		}
		req.Body = io.NopCloser(strings.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	return b.hc.Do(req)
}
