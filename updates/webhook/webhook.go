// Package webhook posts stakeholder updates as JSON to a URL of the user's
// own — a chat relay, a ticketing flow, a script — with a documented,
// versioned schema (Payload, and SCHEMA.md beside this file) and, when a
// secret is set, an HMAC-SHA256 signature so the receiver can trust it:
// GitHub-style X-Keepcool-Signature, Standard Webhooks headers (which its
// libraries verify), or both (see the Sign* modes).
package webhook

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Request headers. Their names are part of the documented contract.
const (
	// HeaderSignature carries "sha256=" and the lowercase hex HMAC-SHA256 of
	// the exact body bytes, keyed with the channel's secret. Only sent when
	// a secret is configured.
	HeaderSignature = "X-Keepcool-Signature"
	// HeaderEvent carries the message kind, the same as the body's "kind",
	// so a receiver can route before parsing.
	HeaderEvent = "X-Keepcool-Event"
	// HeaderDelivery carries the message id, the same as the body's "id".
	// Delivery is at-least-once: a retry after a lost answer repeats it, so
	// receivers drop a delivery id they have already seen.
	HeaderDelivery = "X-Keepcool-Delivery"
)

// Channel posts to one webhook URL.
type Channel struct {
	*updates.Hook
	secret []byte           // keys HeaderSignature; nil: not sent
	std    []byte           // keys HeaderWebhookSignature; nil: not sent
	now    func() time.Time // the attempt's time, for HeaderWebhookTimestamp
}

// New returns a channel posting to rawURL that signs as SignKeepcool: a
// non-empty secret signs every body (see HeaderSignature). A problem with
// the URL does not fail New: every Send returns it as a
// *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL, secret string, hc *http.Client) *Channel {
	c := &Channel{Hook: updates.NewHook(updates.HookSpec{Type: "webhook", Name: name, URL: rawURL, HTTP: hc,
		BadURL: "url must be an https:// address (http:// only to loopback)"}), now: time.Now}
	if secret != "" {
		c.secret = []byte(secret)
	}
	return c
}

// NewSigned is New signing as mode ("" is SignKeepcool). SignStandard and
// SignBoth need a whsec_ secret (CheckKeys); X-Keepcool-Signature, when
// sent, is keyed with the secret exactly as written, as before. A bad mode
// or secret fails NewSigned: the channel is shown misconfigured at once.
func NewSigned(name, rawURL, secret, mode string, hc *http.Client) (*Channel, error) {
	if key, err := CheckKeys(mode, secret); err != nil {
		return nil, fmt.Errorf("%s %w", key, err)
	}
	c := New(name, rawURL, secret, hc)
	if !standard(mode) {
		return c, nil
	}
	c.std, _ = standardKey(mode, secret) // checked above
	if mode == SignStandard {
		c.secret = nil
	}
	return c, nil
}

// Send posts m once. It returns a *updates.PermanentError when retrying
// cannot help (bad configuration, a 4xx answer other than 408/429) and a
// *updates.RetryAfterError when the receiver asks to wait; errors never
// contain the URL's path or query, nor the secret.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	body, err := Encode(m)
	if err != nil {
		return updates.Permanent(fmt.Errorf("webhook channel %q: %w", c.Name(), err))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderEvent, string(m.Kind))
	h.Set(HeaderDelivery, m.ID)
	if c.secret != nil {
		h.Set(HeaderSignature, sign(c.secret, body))
	}
	if c.std != nil {
		at := c.now()
		h.Set(HeaderWebhookID, m.ID)
		h.Set(HeaderWebhookTimestamp, strconv.FormatInt(at.Unix(), 10))
		h.Set(HeaderWebhookSignature, signStandard(c.std, m.ID, at, body))
	}
	return c.Post(ctx, body, h)
}

// sign is the HeaderSignature value for body: what a receiver recomputes
// from the bytes it got and compares with hmac.Equal.
func sign(secret, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}
