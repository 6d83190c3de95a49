// Package discord posts stakeholder updates to a Discord channel through an
// incoming webhook: a short content line for notifications and one embed
// with the headline, the note, the facts and the next-update promise. It
// never pings anyone: allowed_mentions is empty and mention syntax in the
// text is defused so it does not even look like a mention.
package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Channel posts to one Discord webhook.
type Channel struct{ *updates.Hook }

// New returns a channel posting to the webhook at rawURL
// (https://discord.com/api/webhooks/ID/TOKEN, a query such as ?thread_id=
// kept). A configuration problem does not fail New: every Send returns it
// as a *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL string, hc *http.Client) *Channel {
	return &Channel{updates.NewHook(updates.HookSpec{Type: "discord", Name: name, URL: rawURL, HTTP: hc,
		BadURL:   "url must be a Discord webhook URL such as https://discord.com/api/webhooks/ID/TOKEN",
		Classify: classify})}
}

// Send posts m once. Discord's 429 carries its wait in the JSON body
// (retry_after, fractional seconds) and in Retry-After; the longer one is
// returned as a *updates.RetryAfterError. Errors never contain the webhook
// token.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	return c.PostJSON(ctx, render(m), nil)
}

// classify reads Discord's answers: its 429 by rateLimited, the rest as
// every webhook's.
func classify(resp *http.Response, where string) error {
	if resp.StatusCode == http.StatusTooManyRequests {
		return rateLimited(resp, where)
	}
	return updates.CheckResponse(resp, where)
}

// rateLimited reads Discord's 429: {"message":…, "retry_after": 1.234,
// "global": false} plus a Retry-After header. The wait is the longer of the
// two, rounded up to the millisecond; with neither, the outbox backs off as
// for any retryable error.
func rateLimited(resp *http.Response, where string) error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	var body struct {
		Message    string  `json:"message"`
		RetryAfter float64 `json:"retry_after"`
		Global     bool    `json:"global"`
	}
	_ = json.Unmarshal(raw, &body) // a proxy's HTML 429 still has the header
	wait := max(seconds(body.RetryAfter), seconds(headerSeconds(resp.Header.Get("Retry-After"))))
	err := fmt.Errorf("%s answered %s: %s", where, resp.Status, strings.TrimSpace(updates.Truncate(string(raw), 300)))
	if wait <= 0 {
		return err
	}
	return &updates.RetryAfterError{After: wait, Err: err}
}

// headerSeconds parses Retry-After as (possibly fractional) seconds, the
// form Discord sends; anything else counts as absent.
func headerSeconds(v string) float64 {
	s, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return 0
	}
	return s
}

// seconds converts a wait to a Duration, capped at a day so a garbage value
// cannot overflow or park the channel for ever.
func seconds(s float64) time.Duration {
	if !(s > 0) {
		return 0
	}
	return time.Duration(math.Ceil(min(s, 86400)*1000)) * time.Millisecond
}

// The engine uses a Channel through updates.Channel.
var _ updates.Channel = (*Channel)(nil)
