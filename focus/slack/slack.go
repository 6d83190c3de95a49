// Package slack is the Slack part of the focus shield: while an incident
// is active the user's Slack status says so (with where updates go out)
// and their notifications are snoozed; afterwards the status they had is
// put back and the snooze is ended.
//
// It needs a Slack user token (xoxp-…) with the scopes
// users.profile:read, users.profile:write and dnd:write.
package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/keepcool/keepcool/focus"
)

// Name is the back-end's journal key; never rename it.
const Name = "slack"

// Scopes are the user-token scopes the back-end needs.
const Scopes = "users.profile:read, users.profile:write and dnd:write"

const (
	// statusEmoji is shown while the shield is up.
	statusEmoji = ":rotating_light:"
	// statusTTL is how long the incident status lives if nobody renews it
	// (keepcool crashed, the laptop slept): Slack clears it on its own.
	statusTTL = 2 * time.Hour
	// snoozeMinutes is the length of each DND snooze.
	snoozeMinutes = 60
	// refreshEvery renews status and snooze well before either runs out.
	refreshEvery = 30 * time.Minute
	// maxStatusText is Slack's limit on status_text, in characters.
	maxStatusText = 100

	// maxRetries is how often a rate-limited call is retried.
	maxRetries = 3
	// maxRetryWait is the longest Retry-After keepcool waits out; longer
	// ones are left to the next refresh.
	maxRetryWait = 30 * time.Second
	// defaultRetryWait is used when a 429 carries no usable Retry-After.
	defaultRetryWait = 5 * time.Second
	// httpTimeout bounds one HTTP exchange even if ctx has no deadline.
	httpTimeout = 30 * time.Second
)

// Backend sets the Slack status and snooze. Create it with New.
type Backend struct {
	token    string // never printed
	tokenRef string // the config value, e.g. "keyring:slack"; only a reference is kept
	apiURL   string
	now      func() time.Time
	client   *slack.Client
}

// Option configures a Backend.
type Option func(*Backend)

// WithAPIURL points the back-end at another Slack Web API base URL (a
// test server). A missing trailing slash is added: slack-go appends the
// method name to it directly.
func WithAPIURL(u string) Option {
	return func(b *Backend) {
		if u != "" && !strings.HasSuffix(u, "/") {
			u += "/"
		}
		b.apiURL = u
	}
}

// WithClock replaces time.Now, which sets the status expiry and decides
// whether a saved status has expired.
func WithClock(now func() time.Time) Option {
	return func(b *Backend) {
		if now != nil {
			b.now = now
		}
	}
}

// WithTokenRef tells the back-end where the token came from — the value
// of `[focus] slack_token`, such as "keyring:slack" — so that errors about
// a bad token say where to store a new one. A value that is not a
// keyring: or env: reference (a literal token) is never shown.
func WithTokenRef(ref string) Option {
	return func(b *Backend) {
		ref = strings.TrimSpace(ref)
		if strings.HasPrefix(ref, "keyring:") || strings.HasPrefix(ref, "env:") {
			b.tokenRef = ref
		}
	}
}

// New returns the Slack back-end for the user token token.
func New(token string, opts ...Option) *Backend {
	b := &Backend{token: strings.TrimSpace(token), now: time.Now}
	for _, o := range opts {
		o(b)
	}
	copts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: httpTimeout})}
	if b.apiURL != "" {
		copts = append(copts, slack.OptionAPIURL(b.apiURL))
	}
	b.client = slack.New(b.token, copts...)
	return b
}

var (
	_ focus.Backend   = (*Backend)(nil)
	_ focus.Refresher = (*Backend)(nil)
)

// Name implements focus.Backend.
func (b *Backend) Name() string { return Name }

// RefreshEvery implements focus.Refresher: Raise renews the snooze and
// the status expiry this often, well before either runs out.
func (b *Backend) RefreshEvery() time.Duration { return refreshEvery }

// saved is the journaled status.
type saved struct {
	Text       string `json:"status_text"`
	Emoji      string `json:"status_emoji"`
	Expiration int64  `json:"status_expiration"` // Unix seconds; 0 = never
}

// Save implements focus.Backend: it reads the current status.
func (b *Backend) Save(ctx context.Context) (json.RawMessage, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	var p *slack.UserProfile
	err := b.call(ctx, "users.profile.get", "read your Slack status", func(ctx context.Context) error {
		var err error
		p, err = b.client.GetUserProfileContext(ctx, &slack.GetUserProfileParameters{})
		return err
	})
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, errors.New("could not read your Slack status: users.profile.get returned no profile; try again, and report it if it persists")
	}
	return json.Marshal(saved{Text: p.StatusText, Emoji: p.StatusEmoji, Expiration: int64(p.StatusExpiration)})
}

// Raise implements focus.Backend: it sets the incident status (expiring
// in two hours) and snoozes notifications for an hour. Calling it again
// renews both.
func (b *Backend) Raise(ctx context.Context, in focus.Incident) error {
	if err := b.check(); err != nil {
		return err
	}
	text := StatusText(in)
	exp := b.now().Add(statusTTL).Unix()
	err := b.call(ctx, "users.profile.set", "set your Slack status", func(ctx context.Context) error {
		return b.client.SetUserCustomStatusContext(ctx, text, statusEmoji, exp)
	})
	if err != nil {
		return err
	}
	return b.call(ctx, "dnd.setSnooze", "snooze your Slack notifications", func(ctx context.Context) error {
		_, err := b.client.SetSnoozeContext(ctx, snoozeMinutes)
		return err
	})
}

// Restore implements focus.Backend: it puts back the status Save read —
// or clears it, if that status would have expired by now — and ends the
// snooze.
func (b *Backend) Restore(ctx context.Context, raw json.RawMessage) error {
	if err := b.check(); err != nil {
		return err
	}
	var s saved
	if len(raw) == 0 || string(raw) == "null" {
		// Nothing was journaled (Save always journals something, so
		// this is a damaged journal): clear the status rather than
		// leave the incident one up for up to two more hours.
		s = saved{}
	} else if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("the saved Slack status is unreadable (%v); set your Slack status by hand", err)
	}
	if s.Expiration > 0 && s.Expiration <= b.now().Unix() {
		// It ran out while the incident was on: it would be gone now.
		s = saved{}
	}
	err := b.call(ctx, "users.profile.set", "put back your Slack status", func(ctx context.Context) error {
		return b.client.SetUserCustomStatusContext(ctx, s.Text, s.Emoji, s.Expiration)
	})
	if err != nil {
		return err
	}
	return b.call(ctx, "dnd.endSnooze", "end the Slack snooze", func(ctx context.Context) error {
		_, err := b.client.EndSnoozeContext(ctx)
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && se.Err == "snooze_not_active" {
			return nil // ended already, by the user or by running out
		}
		return err
	})
}

// StatusText is the status Raise sets for in: "Handling an incident —
// updates every 15 min: <UpdatesAt>", shortened to Slack's 100 characters
// by dropping words before the UpdatesAt part, which is never cut (a
// truncated link is worse than none): when it cannot fit it is left out.
func StatusText(in focus.Incident) string {
	every := "updates"
	if in.Cadence > 0 {
		every = fmt.Sprintf("updates every %d min", max(1, int((in.Cadence+30*time.Second)/time.Minute)))
	}
	long, short, last := "Handling an incident — "+every, "Incident — ", "Updates"
	if in.Drill { // colleagues must not think production is down
		long, short, last = "Running an incident drill — "+every, "Drill — ", "Drill"
	}
	where := clean(in.UpdatesAt)
	if where == "" {
		return long
	}
	for _, prefix := range []string{
		long,
		short + every,
		short + "updates",
		last,
	} {
		if t := prefix + ": " + where; runes(t) <= maxStatusText {
			return t
		}
	}
	return long
}

// clean makes s fit on a status line: control characters become spaces,
// runs of spaces one.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func runes(s string) int { return len([]rune(s)) }

// check refuses to call Slack without a token.
func (b *Backend) check() error {
	if b.token == "" {
		return fmt.Errorf("no Slack token is configured: create a Slack user token with the scopes %s, store it in the keyring and set [focus] slack_token = \"keyring:NAME\" in the config", Scopes)
	}
	return nil
}

// call runs one Slack method, waiting out rate limits (up to maxRetries
// times, each wait at most maxRetryWait), and turns its error into one the
// user can act on. what says what the call was for.
func (b *Backend) call(ctx context.Context, method, what string, fn func(context.Context) error) error {
	for attempt := 0; ; attempt++ {
		err := fn(ctx)
		if err == nil {
			return nil
		}
		wait, limited := retryAfter(err)
		if !limited {
			return b.explain(method, what, err)
		}
		if attempt >= maxRetries {
			return fmt.Errorf("could not %s: Slack is rate-limiting %s and still was after %d retries; try again in a few minutes", what, method, maxRetries)
		}
		if wait > maxRetryWait {
			return fmt.Errorf("could not %s: Slack is rate-limiting %s and asks to wait %s; try again once that has passed", what, method, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("could not %s: gave up waiting out Slack's rate limit on %s: %w", what, method, ctx.Err())
		case <-t.C:
		}
	}
}

// retryAfter reports whether err is a rate limit, and how long to wait.
func retryAfter(err error) (time.Duration, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		if rl.RetryAfter <= 0 {
			return time.Second, true
		}
		return rl.RetryAfter, true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code == http.StatusTooManyRequests {
		return defaultRetryWait, true // a 429 without Retry-After
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && se.Err == "ratelimited" {
		return defaultRetryWait, true
	}
	return 0, false
}

// explain turns a Slack error into one that says what to do. It never
// includes the token: slack-go sends it in the request body, which no
// error carries.
func (b *Backend) explain(method, what string, err error) error {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		switch se.Err {
		case "token_revoked", "invalid_auth", "account_inactive", "not_authed", "token_expired":
			return fmt.Errorf("could not %s: Slack says the token was revoked or is invalid (%s); create a new Slack user token with the scopes %s and store it in %s",
				what, se.Err, Scopes, b.storeHint())
		case "missing_scope":
			needed := se.Needed
			if needed == "" {
				needed = scopeFor(method)
			}
			has := ""
			if se.Provided != "" {
				has = fmt.Sprintf(" (it has %s)", se.Provided)
			}
			return fmt.Errorf("could not %s: the Slack token lacks the scope %s%s; add the scopes %s to the Slack app's user token scopes, reinstall the app, and store the new user token in %s",
				what, needed, has, Scopes, b.storeHint())
		case "not_allowed_token_type":
			return fmt.Errorf("could not %s: Slack does not accept this kind of token for %s; use a user token (xoxp-…) with the scopes %s, not a bot token", what, method, Scopes)
		}
		return fmt.Errorf("could not %s: Slack answered %s to %s", what, se.Err, method)
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		return fmt.Errorf("could not %s: Slack answered HTTP %d to %s; Slack is probably having trouble: try again in a few minutes", what, sc.Code, method)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("could not %s: %s timed out or was cancelled: %w", what, method, err)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	if errors.As(err, &syn) || errors.As(err, &typ) {
		return fmt.Errorf("could not %s: Slack's answer to %s was not understood (%v); try again, and report it if it persists", what, method, err)
	}
	return fmt.Errorf("could not %s: could not reach Slack (%w); check the network connection", what, err)
}

// storeHint says where a new token goes.
func (b *Backend) storeHint() string {
	if b.tokenRef != "" {
		return fmt.Sprintf("%s (where [focus] slack_token = %q points)", b.tokenRef, b.tokenRef)
	}
	return `the keyring and set [focus] slack_token = "keyring:NAME" in the config`
}

// scopeFor is the scope method needs, for a missing_scope error that
// does not name it.
func scopeFor(method string) string {
	switch method {
	case "users.profile.get":
		return "users.profile:read"
	case "users.profile.set":
		return "users.profile:write"
	}
	return "dnd:write"
}
