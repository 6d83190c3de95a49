package updates

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
)

// Classifier turns a provider's answer into Send's error: nil for success,
// a *RetryAfterError when it asks to wait, a *PermanentError when retrying
// cannot help, a plain error otherwise. where is the redacted URL, for the
// message. CheckResponse is the default; a provider with its own way of
// saying "wait" (Discord's retry_after) wraps it.
type Classifier func(resp *http.Response, where string) error

// HookSpec is what a webhook channel tells NewHook.
type HookSpec struct {
	Type string // the channel type, naming the channel in errors: `discord channel "ops": …`
	Name string // the configured name
	URL  string // the webhook URL; it is the secret, so it never appears in errors
	HTTP *http.Client
	// BadURL says what the URL should be, for a URL that is not https://
	// (or http:// to loopback): "url must be a Discord webhook URL such as …".
	BadURL string
	// Target, when set, turns the checked URL into the one to post to
	// (Google Chat adds a query parameter, ntfy splits off the topic); its
	// error is a configuration problem like a bad URL.
	Target func(*url.URL) (*url.URL, error)
	// Classify reads the answers; nil is CheckResponse.
	Classify Classifier
}

// Hook is the base of every channel that posts to one web URL: it checks
// the URL once, in NewHook, and posts with the channel's classifier. A
// configuration problem does not fail NewHook: every Post returns it as a
// *PermanentError, so `keepcool channels test` can show it.
type Hook struct {
	typ, name string
	url       string
	hc        *http.Client
	classify  Classifier
	err       error // a configuration problem, reported by every Post
}

// NewHook checks s's URL (https://, or http:// to a loopback host, as the
// config requires) and client, and returns the hook.
func NewHook(s HookSpec) *Hook {
	h := &Hook{typ: s.Type, name: s.Name, hc: s.HTTP, classify: s.Classify}
	if h.classify == nil {
		h.classify = CheckResponse
	}
	u, ok := HookURL(strings.TrimSpace(s.URL))
	switch {
	case !ok:
		h.err = errors.New(s.BadURL)
		return h
	case s.Target != nil:
		var err error
		if u, err = s.Target(u); err != nil {
			h.err = err
			return h
		}
	}
	h.url = u.String()
	if s.HTTP == nil {
		h.err = errors.New("no HTTP client given: a wiring bug in keepcool, please report it")
	}
	return h
}

// HookURL parses raw as a URL a webhook may post to: https://, or http://
// only to a loopback host (a local relay or test server), where a token in
// the URL cannot be read on the way.
func HookURL(raw string) (*url.URL, bool) {
	u, ok := ParseWebURL(raw)
	if !ok || (u.Scheme == "http" && !loopbackHost(u.Hostname())) {
		return nil, false
	}
	return u, true
}

// Name is the channel's configured name.
func (h *Hook) Name() string { return h.name }

// Err is the configuration problem found in NewHook, if any, as every
// Post reports it.
func (h *Hook) Err() error {
	if h.err == nil {
		return nil
	}
	return Permanent(fmt.Errorf("%s channel %q: %w", h.typ, h.name, h.err))
}

// Post sends body once with header and classifies the answer. Errors never
// contain the URL's path or query; a cancelled ctx stays visible to
// errors.Is.
func (h *Hook) Post(ctx context.Context, body []byte, header http.Header) error {
	if err := h.Err(); err != nil {
		return err
	}
	err := post(ctx, h.hc, h.url, body, header, h.classify)
	if err != nil && ctx.Err() != nil {
		return fmt.Errorf("POST %s: %w", RedactURL(h.url), ctx.Err())
	}
	return err
}

// PostJSON encodes v as JSON and posts it with Content-Type set.
func (h *Hook) PostJSON(ctx context.Context, v any, header http.Header) error {
	b, err := json.Marshal(v)
	if err != nil {
		return Permanent(fmt.Errorf("%s channel %q: encode payload: %w", h.typ, h.name, err))
	}
	return h.Post(ctx, b, jsonHeader(header))
}

// jsonHeader is header with Content-Type: application/json.
func jsonHeader(header http.Header) http.Header {
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json")
	return h
}

// loopbackHost reports whether host is localhost or a loopback address.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
