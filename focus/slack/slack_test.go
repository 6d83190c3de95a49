package slack

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/keepcool/keepcool/focus"
)

const testToken = "xoxp-1111-2222-3333-secretsecretsecret"

// call is one request the fake received.
type call struct {
	Method string     // Slack method, e.g. "users.profile.set"
	Form   url.Values // the form body, token removed
}

// fakeSlack speaks the documented Slack Web API shapes for the four
// methods the back-end uses: form-encoded POSTs to /api/<method>, the
// token in "Authorization: Bearer" or the "token" form field, and
// {"ok":true,...} / {"ok":false,"error":"..."} answers.
type fakeSlack struct {
	t   *testing.T
	now func() time.Time

	mu          sync.Mutex
	calls       []call
	text, emoji string
	expiration  int64
	snoozeUntil time.Time                 // zero: no snooze
	fail        map[string]map[string]any // method -> error answer
	limit       map[string]int            // method -> 429s still to send
	retryAfter  string
}

func newFake(t *testing.T, now func() time.Time) (*fakeSlack, *httptest.Server) {
	t.Helper()
	f := &fakeSlack{t: t, now: now, fail: map[string]map[string]any{}, limit: map[string]int{}, retryAfter: "1"}
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeSlack) reply(w http.ResponseWriter, code int, v map[string]any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		f.t.Errorf("fake: encoding answer: %v", err)
	}
}

func failure(code string) map[string]any { return map[string]any{"ok": false, "error": code} }

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/api/")
	if !ok {
		f.t.Errorf("fake: request to %s, want /api/<method>", r.URL.Path)
		f.reply(w, http.StatusNotFound, failure("unknown_method"))
		return
	}
	if r.Method != http.MethodPost {
		f.t.Errorf("fake: %s %s, want POST", r.Method, method)
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		f.t.Errorf("fake: %s Content-Type %q, want application/x-www-form-urlencoded", method, ct)
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("fake: %s: parsing form: %v", method, err)
	}
	if len(r.URL.RawQuery) > 0 {
		f.t.Errorf("fake: %s: query string %q; arguments belong in the body", method, r.URL.RawQuery)
	}
	form := r.PostForm
	token := form.Get("token")
	if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		token = bearer
	}
	form.Del("token")

	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{Method: method, Form: form})

	if token == "" {
		f.reply(w, http.StatusOK, failure("not_authed"))
		return
	}
	if token != testToken {
		f.reply(w, http.StatusOK, failure("invalid_auth"))
		return
	}
	if f.limit[method] > 0 {
		f.limit[method]--
		w.Header().Set("Retry-After", f.retryAfter)
		f.reply(w, http.StatusTooManyRequests, failure("ratelimited"))
		return
	}
	if ans, ok := f.fail[method]; ok {
		f.reply(w, http.StatusOK, ans)
		return
	}

	switch method {
	case "users.profile.get":
		f.reply(w, http.StatusOK, map[string]any{"ok": true, "profile": map[string]any{
			"real_name":         "Ada Lovelace",
			"display_name":      "ada",
			"email":             "ada@example.com",
			"status_text":       f.text,
			"status_emoji":      f.emoji,
			"status_expiration": f.expiration,
		}})
	case "users.profile.set":
		var p map[string]json.RawMessage
		if err := json.Unmarshal([]byte(form.Get("profile")), &p); err != nil {
			f.t.Errorf("fake: users.profile.set: profile %q is not a JSON object: %v", form.Get("profile"), err)
			f.reply(w, http.StatusOK, failure("invalid_profile"))
			return
		}
		want := []string{"status_emoji", "status_expiration", "status_text"}
		var got []string
		for k := range p {
			got = append(got, k)
		}
		if len(got) != len(want) || p["status_text"] == nil || p["status_emoji"] == nil || p["status_expiration"] == nil {
			f.t.Errorf("fake: users.profile.set: profile has fields %v, want exactly %v", got, want)
		}
		var text, emoji string
		var exp int64
		if json.Unmarshal(p["status_text"], &text) != nil || json.Unmarshal(p["status_emoji"], &emoji) != nil ||
			json.Unmarshal(p["status_expiration"], &exp) != nil {
			f.t.Errorf("fake: users.profile.set: profile %s has fields of the wrong type", form.Get("profile"))
		}
		if n := utf8.RuneCountInString(text); n > 100 {
			f.reply(w, http.StatusOK, failure("too_long"))
			return
		}
		f.text, f.emoji, f.expiration = text, emoji, exp
		f.reply(w, http.StatusOK, map[string]any{"ok": true, "profile": map[string]any{
			"status_text": text, "status_emoji": emoji, "status_expiration": exp,
		}})
	case "dnd.setSnooze":
		n, err := strconv.Atoi(form.Get("num_minutes"))
		if err != nil || n <= 0 {
			f.reply(w, http.StatusOK, failure("invalid_arguments"))
			return
		}
		f.snoozeUntil = f.now().Add(time.Duration(n) * time.Minute)
		f.reply(w, http.StatusOK, map[string]any{
			"ok": true, "snooze_enabled": true,
			"snooze_endtime": f.snoozeUntil.Unix(), "snooze_remaining": n * 60,
		})
	case "dnd.endSnooze":
		if f.snoozeUntil.IsZero() || !f.snoozeUntil.After(f.now()) {
			f.reply(w, http.StatusOK, failure("snooze_not_active"))
			return
		}
		f.snoozeUntil = time.Time{}
		f.reply(w, http.StatusOK, map[string]any{
			"ok": true, "dnd_enabled": true, "next_dnd_start_ts": 1, "next_dnd_end_ts": 2, "snooze_enabled": false,
		})
	default:
		f.t.Errorf("fake: unexpected method %s", method)
		f.reply(w, http.StatusOK, failure("unknown_method"))
	}
}

func (f *fakeSlack) methods() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var m []string
	for _, c := range f.calls {
		m = append(m, c.Method)
	}
	return m
}

func (f *fakeSlack) lastCall(method string) call {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.calls) - 1; i >= 0; i-- {
		if f.calls[i].Method == method {
			return f.calls[i]
		}
	}
	f.t.Fatalf("no %s call", method)
	return call{}
}

func (f *fakeSlack) snooze() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snoozeUntil
}

func (f *fakeSlack) status() saved {
	f.mu.Lock()
	defer f.mu.Unlock()
	return saved{Text: f.text, Emoji: f.emoji, Expiration: f.expiration}
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func setup(t *testing.T, opts ...Option) (*Backend, *fakeSlack, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	f, srv := newFake(t, clk.now)
	b := New(testToken, append([]Option{WithAPIURL(srv.URL + "/api/"), WithClock(clk.now)}, opts...)...)
	return b, f, clk
}

var incident = focus.Incident{
	Title:     "Checkout is down",
	Severity:  1,
	Cadence:   15 * time.Minute,
	UpdatesAt: "https://status.example.com/incidents/42",
}

func noToken(t *testing.T, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "secretsecret") {
		t.Errorf("error contains the token: %v", err)
	}
}

func TestSaveRaiseRestore(t *testing.T) {
	ctx := context.Background()
	b, f, clk := setup(t)
	if b.Name() != "slack" {
		t.Errorf("Name() = %q, want slack", b.Name())
	}
	orig := saved{Text: "In a meeting — back at 11", Emoji: ":calendar:", Expiration: clk.now().Add(3 * time.Hour).Unix()}
	f.text, f.emoji, f.expiration = orig.Text, orig.Emoji, orig.Expiration

	raw, err := b.Save(ctx)
	if err != nil {
		t.Fatalf("Save: %v", err)
	}
	var got saved
	if err := json.Unmarshal(raw, &got); err != nil || got != orig {
		t.Fatalf("Save = %s (%v), want %+v", raw, err, orig)
	}

	if err := b.Raise(ctx, incident); err != nil {
		t.Fatalf("Raise: %v", err)
	}
	want := saved{
		Text:       "Handling an incident — updates every 15 min: https://status.example.com/incidents/42",
		Emoji:      ":rotating_light:",
		Expiration: clk.now().Add(2 * time.Hour).Unix(),
	}
	if st := f.status(); st != want {
		t.Errorf("status after Raise = %+v, want %+v", st, want)
	}
	if n := f.lastCall("dnd.setSnooze").Form.Get("num_minutes"); n != "60" {
		t.Errorf("dnd.setSnooze num_minutes = %q, want 60", n)
	}
	if !f.snooze().Equal(clk.now().Add(time.Hour)) {
		t.Errorf("snoozed until %v, want an hour from now", f.snooze())
	}

	clk.add(40 * time.Minute)
	if err := b.Restore(ctx, raw); err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if st := f.status(); st != orig {
		t.Errorf("status after Restore = %+v, want %+v", st, orig)
	}
	if !f.snooze().IsZero() {
		t.Errorf("snooze still on after Restore")
	}
	wantCalls := []string{"users.profile.get", "users.profile.set", "dnd.setSnooze", "users.profile.set", "dnd.endSnooze"}
	if m := f.methods(); !reflect.DeepEqual(m, wantCalls) {
		t.Errorf("calls = %v, want %v", m, wantCalls)
	}
}

func TestSaveRestoreEmptyAndNeverExpiring(t *testing.T) {
	for _, orig := range []saved{
		{},
		{Text: "Working remotely", Emoji: ":house_with_garden:"}, // no expiry
	} {
		t.Run(orig.Text, func(t *testing.T) {
			ctx := context.Background()
			b, f, _ := setup(t)
			f.text, f.emoji, f.expiration = orig.Text, orig.Emoji, orig.Expiration
			raw, err := b.Save(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Raise(ctx, incident); err != nil {
				t.Fatal(err)
			}
			if err := b.Restore(ctx, raw); err != nil {
				t.Fatal(err)
			}
			if st := f.status(); st != orig {
				t.Errorf("status after Restore = %+v, want %+v", st, orig)
			}
			if p := f.lastCall("users.profile.set").Form.Get("profile"); !strings.Contains(p, `"status_expiration":0`) {
				t.Errorf("restoring profile = %s, want status_expiration 0", p)
			}
		})
	}
}

func TestRestoreStatusThatExpiredMeanwhile(t *testing.T) {
	ctx := context.Background()
	b, f, clk := setup(t)
	f.text, f.emoji, f.expiration = "Lunch", ":sandwich:", clk.now().Add(30*time.Minute).Unix()
	raw, err := b.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	clk.add(90 * time.Minute)
	if err := b.Restore(ctx, raw); err != nil {
		t.Fatal(err)
	}
	if st := f.status(); st != (saved{}) {
		t.Errorf("status after Restore = %+v, want it cleared (the saved one has expired)", st)
	}
}

func TestRefreshRenewsSnoozeAndExpiry(t *testing.T) {
	ctx := context.Background()
	b, f, clk := setup(t)
	if got := b.RefreshEvery(); got != 30*time.Minute {
		t.Errorf("RefreshEvery() = %v, want 30m", got)
	}
	var _ focus.Refresher = b
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	clk.add(b.RefreshEvery())
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if got, want := f.status().Expiration, clk.now().Add(2*time.Hour).Unix(); got != want {
		t.Errorf("expiration after refresh = %d, want %d (renewed)", got, want)
	}
	if !f.snooze().Equal(clk.now().Add(time.Hour)) {
		t.Errorf("snooze after refresh ends %v, want %v", f.snooze(), clk.now().Add(time.Hour))
	}
	want := []string{"users.profile.set", "dnd.setSnooze", "users.profile.set", "dnd.setSnooze"}
	if m := f.methods(); !reflect.DeepEqual(m, want) {
		t.Errorf("calls = %v, want %v", m, want)
	}
}

func TestRestoreWithoutActiveSnooze(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	raw, err := b.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// No Raise, or the user ended the snooze by hand: snooze_not_active.
	if err := b.Restore(ctx, raw); err != nil {
		t.Fatalf("Restore with no snooze active: %v", err)
	}
	if m := f.methods(); m[len(m)-1] != "dnd.endSnooze" {
		t.Errorf("calls = %v, want dnd.endSnooze last", m)
	}
}

func TestRestoreNothingSaved(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if err := b.Restore(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if st := f.status(); st != (saved{}) {
		t.Errorf("status = %+v, want cleared", st)
	}
	if err := b.Restore(ctx, json.RawMessage(`{"status_text":`)); err == nil {
		t.Error("Restore of a corrupt journal entry succeeded")
	}
}

func TestRevokedToken(t *testing.T) {
	for _, code := range []string{"token_revoked", "invalid_auth", "account_inactive", "not_authed"} {
		t.Run(code, func(t *testing.T) {
			ctx := context.Background()
			b, f, _ := setup(t, WithTokenRef("keyring:slack-user"))
			for _, m := range []string{"users.profile.get", "users.profile.set", "dnd.setSnooze", "dnd.endSnooze"} {
				f.fail[m] = failure(code)
			}
			_, err1 := b.Save(ctx)
			err2 := b.Raise(ctx, incident)
			err3 := b.Restore(ctx, json.RawMessage(`{"status_text":"","status_emoji":"","status_expiration":0}`))
			for _, err := range []error{err1, err2, err3} {
				if err == nil {
					t.Fatal("no error for a revoked token")
				}
				noToken(t, err)
				msg := err.Error()
				for _, want := range []string{"revoked or is invalid", code, "users.profile:write", "dnd:write", "users.profile:read", "keyring:slack-user"} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q does not mention %q", msg, want)
					}
				}
			}
			// Raise stops at the first failure: no point snoozing with a dead token.
			if m := f.methods(); len(m) != 3 {
				t.Errorf("calls = %v, want one per method", m)
			}
		})
	}
}

func TestWrongTokenNeverInError(t *testing.T) {
	clk := &clock{t: time.Now()}
	_, srv := newFake(t, clk.now)
	b := New("xoxp-wrong-secretsecret", WithAPIURL(srv.URL+"/api"), WithTokenRef("xoxp-literal-secretsecret"))
	err := b.Raise(context.Background(), incident)
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("Raise with a wrong token = %v, want invalid_auth", err)
	}
	noToken(t, err)
	if !strings.Contains(err.Error(), `slack_token = "keyring:NAME"`) {
		t.Errorf("error %q does not say where to store the token", err)
	}

	srv.Close() // unreachable Slack
	err = b.Raise(context.Background(), incident)
	if err == nil {
		t.Fatal("Raise against a closed server succeeded")
	}
	noToken(t, err)
	if !strings.Contains(err.Error(), "could not reach Slack") {
		t.Errorf("error = %v, want it to say Slack is unreachable", err)
	}
}

func TestNoToken(t *testing.T) {
	clk := &clock{t: time.Now()}
	f, srv := newFake(t, clk.now)
	b := New("  ", WithAPIURL(srv.URL+"/api/"))
	if _, err := b.Save(context.Background()); err == nil || !strings.Contains(err.Error(), "slack_token") {
		t.Errorf("Save without a token = %v, want an error about slack_token", err)
	}
	if m := f.methods(); len(m) != 0 {
		t.Errorf("calls = %v, want none", m)
	}
}

func TestMissingScope(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	f.fail["dnd.setSnooze"] = map[string]any{"ok": false, "error": "missing_scope", "needed": "dnd:write", "provided": "users.profile:read,users.profile:write"}
	err := b.Raise(ctx, incident)
	if err == nil {
		t.Fatal("Raise succeeded without dnd:write")
	}
	noToken(t, err)
	for _, want := range []string{"lacks the scope dnd:write", "users.profile:read,users.profile:write", "snooze"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}

	// Without Slack's "needed", the scope comes from the method.
	f.fail["users.profile.set"] = failure("missing_scope")
	err = b.Raise(ctx, incident)
	if err == nil || !strings.Contains(err.Error(), "lacks the scope users.profile:write") {
		t.Errorf("Raise = %v, want it to name users.profile:write", err)
	}
}

func TestRateLimitedOnce(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	f.limit["users.profile.set"] = 1
	f.limit["dnd.setSnooze"] = 1
	start := time.Now()
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatalf("Raise after a 429: %v", err)
	}
	if el := time.Since(start); el < 2*time.Second {
		t.Errorf("Raise took %v, want it to wait Retry-After (1s) twice", el)
	}
	want := []string{"users.profile.set", "users.profile.set", "dnd.setSnooze", "dnd.setSnooze"}
	if m := f.methods(); !reflect.DeepEqual(m, want) {
		t.Errorf("calls = %v, want %v", m, want)
	}
	if f.status().Emoji != ":rotating_light:" {
		t.Errorf("status not set after the retry")
	}
}

func TestRateLimitedTooLong(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	f.limit["users.profile.get"] = 1
	f.retryAfter = "120"
	start := time.Now()
	_, err := b.Save(ctx)
	if err == nil || !strings.Contains(err.Error(), "rate-limiting") {
		t.Fatalf("Save = %v, want a rate-limit error", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Save waited %v for a 120s Retry-After; it should give up at once", el)
	}
}

func TestRateLimitedForever(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	f.limit["users.profile.get"] = 100
	_, err := b.Save(ctx)
	if err == nil || !strings.Contains(err.Error(), "after 3 retries") {
		t.Fatalf("Save = %v, want it to give up after 3 retries", err)
	}
	if n := len(f.methods()); n != 4 {
		t.Errorf("%d calls, want 4 (1 + 3 retries)", n)
	}
}

func TestRateLimitWaitRespectsContext(t *testing.T) {
	b, f, _ := setup(t)
	f.limit["users.profile.get"] = 1
	f.retryAfter = "20"
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := b.Save(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Save = %v, want context.DeadlineExceeded", err)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("Save took %v after its context ended", el)
	}
}

func TestStatusText(t *testing.T) {
	long := "https://status.example.com/incidents/" + strings.Repeat("a", 50) // 87 chars
	huge := "https://status.example.com/" + strings.Repeat("b", 200)
	cases := []struct {
		in   focus.Incident
		want string
	}{
		{focus.Incident{Cadence: 15 * time.Minute}, "Handling an incident — updates every 15 min"},
		{focus.Incident{Cadence: 30 * time.Minute, UpdatesAt: "#inc-42"}, "Handling an incident — updates every 30 min: #inc-42"},
		{focus.Incident{Cadence: 90 * time.Second, UpdatesAt: "#inc"}, "Handling an incident — updates every 2 min: #inc"},
		{focus.Incident{Cadence: 10 * time.Second, UpdatesAt: "#inc"}, "Handling an incident — updates every 1 min: #inc"},
		{focus.Incident{UpdatesAt: "#inc"}, "Handling an incident — updates: #inc"},
		{focus.Incident{Cadence: 15 * time.Minute, UpdatesAt: "#inc", Drill: true}, "Running an incident drill — updates every 15 min: #inc"},
		{focus.Incident{Cadence: 15 * time.Minute, UpdatesAt: long, Drill: true}, "Drill: " + long},
		{focus.Incident{Cadence: 15 * time.Minute, UpdatesAt: " #inc\n-42\t "}, "Handling an incident — updates every 15 min: #inc -42"},
		{focus.Incident{Cadence: 15 * time.Minute, UpdatesAt: long}, "Updates: " + long},
		{focus.Incident{Cadence: 15 * time.Minute, UpdatesAt: huge}, "Handling an incident — updates every 15 min"},
		{focus.Incident{
			Title:     "<!channel> @here\n*pwned* " + strings.Repeat("x", 500),
			Cadence:   15 * time.Minute,
			UpdatesAt: "#inc",
		}, "Handling an incident — updates every 15 min: #inc"},
	}
	for i := 60; i <= 110; i++ { // every length around the limit
		cases = append(cases, struct {
			in   focus.Incident
			want string
		}{focus.Incident{Cadence: 15 * time.Minute, UpdatesAt: "https://x.io/" + strings.Repeat("c", i-13)}, ""})
	}
	for _, c := range cases {
		got := StatusText(c.in)
		if c.want != "" && got != c.want {
			t.Errorf("StatusText(%+v) = %q, want %q", c.in, got, c.want)
		}
		if n := utf8.RuneCountInString(got); n > 100 {
			t.Errorf("StatusText(UpdatesAt %d chars) is %d chars, over Slack's 100", len(c.in.UpdatesAt), n)
		}
		if c.in.UpdatesAt != "" && utf8.RuneCountInString(c.in.UpdatesAt) <= 91 && !strings.HasSuffix(got, clean(c.in.UpdatesAt)) {
			t.Errorf("StatusText(UpdatesAt %d chars) = %q lost the UpdatesAt part", len(c.in.UpdatesAt), got)
		}
		if strings.Contains(got, "pwned") || strings.Contains(got, "channel") {
			t.Errorf("StatusText carries the title: %q", got)
		}
	}
}

func TestLongUpdatesAtReachesSlackWithinLimit(t *testing.T) {
	ctx := context.Background()
	b, f, _ := setup(t)
	in := incident
	in.UpdatesAt = "https://status.example.com/incidents/" + strings.Repeat("z", 35) + "?utm=" + strings.Repeat("q", 10)
	if err := b.Raise(ctx, in); err != nil {
		t.Fatal(err)
	}
	if n := utf8.RuneCountInString(f.status().Text); n > 100 {
		t.Errorf("status_text sent is %d chars", n)
	}
	if !strings.HasPrefix(f.status().Text, "Updates: https://") {
		t.Errorf("status_text = %q, want the short prefix and the whole URL", f.status().Text)
	}
}
