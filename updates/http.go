package updates

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MarshalPlain is json.Marshal without HTML escaping, for a provider that
// reads the JSON as text and counts its size: Go writes <, > and & as six
// bytes each by default.
func MarshalPlain(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode payload: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// post sends body to rawURL with a copy of header and has classify read
// the answer (Hook.Post's core). Errors never contain the URL's path or
// query, where webhook secrets live.
func post(ctx context.Context, hc *http.Client, rawURL string, body []byte, header http.Header, classify Classifier) error {
	req, err := newRequest(ctx, http.MethodPost, rawURL, bytes.NewReader(body), header)
	if err != nil {
		return Permanent(err)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("POST %s: %w", RedactURL(rawURL), redactErr(err, rawURL))
	}
	defer resp.Body.Close()
	return classify(resp, RedactURL(rawURL))
}

// newRequest is a request with a copy of header and keepcool's User-Agent
// unless header names one; its error (a bad URL) shows the URL redacted.
func newRequest(ctx context.Context, method, rawURL string, body io.Reader, header http.Header) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, body)
	if err != nil {
		return nil, fmt.Errorf("bad URL %s: %v", RedactURL(rawURL), redactErr(err, rawURL))
	}
	if header != nil {
		req.Header = header.Clone()
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", "keepcool")
	}
	return req, nil
}

// CheckResponse classifies an HTTP answer for Hook.Post and API.Do: nil
// for 2xx; a *RetryAfterError for 429 and 503 with Retry-After; a
// *PermanentError for other 4xx but 408; a plain (retryable) error
// otherwise; with up to 300 bytes of the body in the error (providers
// explain themselves there).
func CheckResponse(resp *http.Response, where string) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // keep the connection reusable
		return nil
	}
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	err := fmt.Errorf("%s answered %s: %s", where, resp.Status, strings.TrimSpace(string(snippet)))
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return &RetryAfterError{After: d, Err: err}
		}
		return err
	case code == http.StatusRequestTimeout:
		return err
	case code >= 400 && code < 500:
		return Permanent(err)
	}
	return err
}

// parseRetryAfter reads delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// RedactURL keeps a URL's scheme and host, hiding the path and query where
// webhook tokens live: https://hooks.slack.com/services/T0/B0/X → https://hooks.slack.com/…
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "(url hidden)"
	}
	out := u.Scheme + "://" + u.Host
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		out += "/…"
	}
	return out
}

// ParseWebURL parses raw as an absolute http:// or https:// URL with a
// host: the only kind keepcool posts to or shows as a link. It refuses
// (ok false) anything else — javascript:, data:, mailto:, a relative URL —
// which a receiver might run or a reader follow.
func ParseWebURL(raw string) (u *url.URL, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, false
	}
	return u, true
}

// RedactError is err, from a request to rawURL, with the URL that net/http
// quotes in its errors shown as RedactURL shows it. For channels that make
// their own requests rather than use Hook.Post.
func RedactError(err error, rawURL string) error { return redactErr(err, rawURL) }

// redactErr strips the full URL from net/http's errors, which quote it,
// keeping the cause reachable (errors.Is(err, context.Canceled) still works).
func redactErr(err error, rawURL string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return redacted{msg: strings.ReplaceAll(err.Error(), rawURL, RedactURL(rawURL)), cause: err}
}

type redacted struct {
	msg   string
	cause error
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.cause }
