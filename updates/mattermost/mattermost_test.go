package mattermost

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

func TestSendKinds(t *testing.T) {
	kinds := updatestest.Kinds()
	cases := []struct {
		name string
		m    updates.Message
		want []string // lines of the post, in Markdown
	}{
		{"declared", kinds["declared"].Message, []string{"#### SEV2 · Checkout returns 500s", "**Incident declared**", "Checkout returns 500s\\: we are investigating\\.", "**Impact:** EU customers cannot pay", "**What we don't know:** whether orders were lost", "**How we'll find out:** compare the order log with payments"}},
		{"note", kinds["note"].Message, []string{"**Update**", "Rolled back the deploy; error rate falling\\.", "**Status:** investigating", "**Fix expected:** 10\\:00–10\\:30 CET", "**Elapsed:** 30 min, since 09\\:00 CET"}},
		{"no-change", kinds["no-change"].Message, []string{"**No change yet**"}},
		{"holding", kinds["holding"].Message, []string{"**Still working on it**"}},
		{"estimate", kinds["estimate"].Message, []string{"**Estimate revised**", "The rollback needs a cache flush\\.", "**Fix expected:** 10\\:00–10\\:30 CET \\(revised from 09\\:40–10\\:00 CET\\)"}},
		{"status", kinds["status"].Message, []string{"**Status\\: monitoring**", "Checkout returns 500s\\: a fix is in place and we are monitoring it\\."}},
		{"resolved", kinds["resolved"].Message, []string{"**Resolved**", "Checkout works again\\.", "**Duration:** 1 h 05 min", "**Root cause:** A bad config push"}},
		{"test", kinds["test"].Message, []string{"#### \\[TEST\\] keepcool test message — Checkout returns 500s", "**Test message**", "This is a test message from keepcool\\. If you can read it, this channel works\\. No incident is in progress\\."}},
		{"untitled test", updatestest.UntitledTest(), []string{"#### \\[TEST\\] keepcool test message", "**Test message**", "This is a test message from keepcool\\. If you can read it, this channel works\\. No incident is in progress\\."}},
		{"drill", kinds["drill"].Message, []string{"#### \\[DRILL\\] SEV2 · Checkout returns 500s", "**Update**"}},
	}
	f := newFakeMattermost(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := New("ops", f.url(), f.Client()).Send(context.Background(), tc.m); err != nil {
				t.Fatal(err)
			}
			req := f.last(t)
			lines := strings.Split(req.Text, "\n")
			for _, w := range tc.want {
				if !contains(lines, w) {
					t.Errorf("post lacks the line %q:\n%s", w, req.Text)
				}
			}
			promised := tc.m.Kind != updates.KindResolved && tc.m.Kind != updates.KindTest
			if got := strings.Contains(req.Text, "**Next update by 09\\:45 CET**"); got != promised {
				t.Errorf("next update shown = %v, want %v:\n%s", got, promised, req.Text)
			}
			if tc.m.StatusPage != "" && !strings.HasSuffix(req.Text, "[Status page](http://127.0.0.1:8725/)") {
				t.Errorf("post does not end with the status page link:\n%s", req.Text)
			}
			if req.Username != "keepcool" || req.IconURL != "" || req.Channel != "" {
				t.Errorf("username/icon/channel = %q/%q/%q", req.Username, req.IconURL, req.Channel)
			}
		})
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

func TestStatusPageLink(t *testing.T) {
	cases := []struct{ url, want string }{
		{"http://127.0.0.1:8725/", "[Status page](http://127.0.0.1:8725/)"},
		{"https://status.example.com/a b/(x)?q=<1>", "[Status page](https://status.example.com/a%20b/%28x%29?q=%3C1%3E)"},
		{`https://status.example.com/x?q=a\b(c)`, "[Status page](https://status.example.com/x?q=a%5Cb%28c%29)"},
		{"javascript:alert(1)", ""},
		{"data:text/html,hi", ""},
		{"", ""},
		{"https://x.example/" + strings.Repeat("a", 600), ""},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			if got := link(tc.url, "Status page"); got != tc.want {
				t.Errorf("link(%q) = %q, want %q", tc.url, got, tc.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	const invalid = `{"id":"web.incoming_webhook.invalid.app_error","message":"Invalid webhook.","status_code":400}`
	cases := []struct {
		name      string
		reply     updatestest.Reply
		permanent bool
		retry     time.Duration
		hint      string
	}{
		{"deleted hook", updatestest.Reply{Status: 400, Body: invalid}, true, 0, "create a new incoming webhook"},
		{"bad request", updatestest.Reply{Status: 400, Body: `{"id":"web.incoming_webhook.text.app_error"}`}, true, 0, "keepcool bug"},
		{"not found", updatestest.Reply{Status: 404, Body: "404 page not found"}, true, 0, "no longer exists"},
		{"forbidden", updatestest.Reply{Status: 403}, true, 0, "check this channel's url"},
		{"too large", updatestest.Reply{Status: 413}, true, 0, "post size"},
		{"disabled", updatestest.Reply{Status: 501, Body: `{"id":"web.incoming_webhook.disabled.app_error","status_code":501}`}, true, 0, "ask a Mattermost admin"},
		{"rate limited", updatestest.Reply{Status: 429, Header: map[string]string{"Retry-After": "7"}}, false, 7 * time.Second, ""},
		{"maintenance", updatestest.Reply{Status: 503, Header: map[string]string{"Retry-After": "60"}}, false, time.Minute, ""},
		{"server error", updatestest.Reply{Status: 500, Body: `{"id":"app.post.save.app_error"}`}, false, 0, ""},
		{"bad gateway", updatestest.Reply{Status: 502}, false, 0, ""},
	}
	f := newFakeMattermost(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.setReply(tc.reply)
			err := New("ops", f.url(), f.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
			checkErr(t, err, tc.permanent, tc.retry, tc.hint)
		})
	}
	t.Run("unknown hook", func(t *testing.T) {
		err := New("ops", f.URL+"/hooks/"+strings.Repeat("z", 26), f.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
		checkErr(t, err, true, 0, "create a new incoming webhook")
		if strings.Contains(err.Error(), "zzzz") {
			t.Errorf("error leaks the URL: %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		dead := newFakeMattermost(t)
		u, hc := dead.url(), dead.Client()
		dead.Close()
		checkErr(t, New("ops", u, hc).Send(context.Background(), updatestest.Message(updates.KindNote)), false, 0, "")
	})
}

// checkErr is updatestest.CheckError (the webhook URL is the secret), and
// the error names the channel and says what to do: hint.
func checkErr(t *testing.T, err error, permanent bool, retry time.Duration, hint string) {
	t.Helper()
	updatestest.CheckError(t, err, permanent, retry, hookID, "/hooks/")
	if !strings.Contains(err.Error(), hint) || !strings.Contains(err.Error(), `"ops"`) {
		t.Errorf("error %q lacks the channel name or hint %q", err, hint)
	}
}

func TestContextCancelled(t *testing.T) {
	f := newFakeMattermost(t)
	f.Config.Handler = updatestest.Stall(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := New("ops", f.url(), f.Client()).Send(ctx, updatestest.Message(updates.KindNote))
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Send = %v after %v; want a prompt error", err, time.Since(start))
	}
	checkErr(t, err, false, 0, "")
	if !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %q does not say it was cancelled", err)
	}
}

func TestNoClient(t *testing.T) {
	err := New("ops", "https://chat.example.com/hooks/"+hookID, nil).Send(context.Background(), updatestest.Message(updates.KindNote))
	checkErr(t, err, true, 0, "no HTTP client")
}

func TestName(t *testing.T) {
	if got := New("ops", "", nil).Name(); got != "ops" {
		t.Errorf("Name = %q", got)
	}
}
