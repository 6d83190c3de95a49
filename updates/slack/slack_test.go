package slack

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
		want []string // substrings of the section and fields
	}{
		{"declared", kinds["declared"].Message, []string{"Checkout returns 500s: we are investigating.", "*Impact*\nEU customers cannot pay", "*What we don't know*", "*How we'll find out*"}},
		{"note", kinds["note"].Message, []string{"*Update*", "Rolled back the deploy", "*Fix expected*\n10:00–10:30 CET"}},
		{"no-change", kinds["no-change"].Message, []string{"*No change yet*"}},
		{"holding", kinds["holding"].Message, []string{"*Still working on it*"}},
		{"estimate", kinds["estimate"].Message, []string{"*Estimate revised*", "cache flush", "10:00–10:30 CET (revised from 09:40–10:00 CET)"}},
		{"status", kinds["status"].Message, []string{"*Status: monitoring*", "Checkout returns 500s: a fix is in place and we are monitoring it."}},
		{"resolved", kinds["resolved"].Message, []string{"*Resolved*", "Checkout works again.", "*Duration*\n1 h 05 min", "*Root cause*"}},
		{"test", kinds["test"].Message, []string{"*Test message*", "If you can read it, this channel works."}},
		{"untitled test", updatestest.UntitledTest(), []string{"*Test message*", "If you can read it, this channel works."}},
		{"drill", kinds["drill"].Message, []string{"*Update*"}},
	}
	f := newFakeSlack(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := New("ops", f.url(), f.Client()).Send(context.Background(), tc.m); err != nil {
				t.Fatal(err)
			}
			p := f.last(t)
			header, body := p.Blocks[0].Text.Text, sectionAndFields(p)
			if want := plain(headline(tc.m)); header != want {
				t.Errorf("header = %q, want %q", header, want)
			}
			if tc.m.Drill && !strings.HasPrefix(header, "[DRILL] ") || tc.m.Kind == updates.KindTest && !strings.HasPrefix(header, "[TEST] ") {
				t.Errorf("header %q lacks its prefix", header)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("blocks lack %q:\n%s", w, body)
				}
			}
			ctx := contextText(p)
			promised := tc.m.Kind != updates.KindResolved && tc.m.Kind != updates.KindTest
			if got := strings.Contains(ctx, "Next update by 09:45 CET"); got != promised {
				t.Errorf("next update shown = %v, want %v (context %q)", got, promised, ctx)
			}
			if tc.m.StatusPage != "" && !strings.Contains(ctx, "<http://127.0.0.1:8725/|Status page>") {
				t.Errorf("context %q lacks the status page link", ctx)
			}
			if !strings.Contains(*p.Text, header) || !strings.Contains(*p.Text, tc.m.Body()) {
				t.Errorf("fallback text %q lacks the headline or body", *p.Text)
			}
		})
	}
}

func sectionAndFields(p wirePayload) string {
	var parts []string
	for _, b := range p.Blocks {
		if b.Type != "section" {
			continue
		}
		if b.Text != nil {
			parts = append(parts, b.Text.Text)
		}
		for _, f := range b.Fields {
			parts = append(parts, f.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func contextText(p wirePayload) string {
	var parts []string
	for _, b := range p.Blocks {
		for _, e := range b.Elements {
			parts = append(parts, e.Text)
		}
	}
	return strings.Join(parts, " ")
}

func TestStatusPageLink(t *testing.T) {
	cases := []struct{ url, want string }{
		{"http://127.0.0.1:8725/", "<http://127.0.0.1:8725/|Status page>"},
		{"https://status.example.com/x?a=1&b=<2>|3", "<https://status.example.com/x?a=1&amp;b=%3C2%3E%7C3|Status page>"},
		{"javascript:alert(1)", ""},
		{"slack://channel?id=C1", ""},
		{"https://", ""},
		{"", ""},
		{"https://x.example/" + strings.Repeat("a", 3000), ""},
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
	cases := []struct {
		name      string
		reply     updatestest.Reply
		permanent bool
		retry     time.Duration
		hint      string
	}{
		{"bad payload", updatestest.Reply{Status: 400, Body: "invalid_payload"}, true, 0, "keepcool bug"},
		{"revoked", updatestest.Reply{Status: 403, Body: "invalid_token"}, true, 0, "create a new incoming webhook"},
		{"prohibited", updatestest.Reply{Status: 403, Body: "action_prohibited"}, true, 0, "Slack admin"},
		{"gone hook", updatestest.Reply{Status: 404, Body: "no_service"}, true, 0, "no longer exists"},
		{"gone channel", updatestest.Reply{Status: 404, Body: "channel_not_found"}, true, 0, "channel was deleted"},
		{"archived", updatestest.Reply{Status: 410, Body: "channel_is_archived"}, true, 0, "unarchive"},
		{"rate limited", updatestest.Reply{Status: 429, Header: map[string]string{"Retry-After": "30"}, Body: "rate_limited"}, false, 30 * time.Second, ""},
		{"slack down", updatestest.Reply{Status: 500, Body: "rollup_error"}, false, 0, ""},
		{"timeout", updatestest.Reply{Status: 408}, false, 0, ""},
	}
	f := newFakeSlack(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.setReply(tc.reply)
			err := New("ops", f.url(), f.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
			checkErr(t, err, tc.permanent, tc.retry, tc.hint)
		})
	}
	t.Run("unknown hook path", func(t *testing.T) {
		err := New("ops", f.URL+"/services/T000/B000/WRONGsecret", f.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
		checkErr(t, err, true, 0, "no longer exists")
		if strings.Contains(err.Error(), "WRONGsecret") {
			t.Errorf("error leaks the URL: %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		dead := newFakeSlack(t)
		u, hc := dead.url(), dead.Client()
		dead.Close()
		checkErr(t, New("ops", u, hc).Send(context.Background(), updatestest.Message(updates.KindNote)), false, 0, "")
	})
}

// checkErr is updatestest.CheckError (the webhook URL is the secret), and
// the error names the channel and says what to do: hint.
func checkErr(t *testing.T, err error, permanent bool, retry time.Duration, hint string) {
	t.Helper()
	updatestest.CheckError(t, err, permanent, retry, "SECRETxyz123", "/services/")
	if !strings.Contains(err.Error(), hint) || !strings.Contains(err.Error(), `"ops"`) {
		t.Errorf("error %q lacks the channel name or hint %q", err, hint)
	}
}

func TestContextCancelled(t *testing.T) {
	f := newFakeSlack(t)
	f.Config.Handler = updatestest.Stall(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := New("ops", f.url(), f.Client()).Send(ctx, updatestest.Message(updates.KindNote))
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Send = %v after %v; want a prompt error", err, time.Since(start))
	}
	checkErr(t, err, false, 0, "")
	if !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Errorf("error %q does not say the deadline passed", err)
	}
}

func TestNoClient(t *testing.T) {
	err := New("ops", "https://hooks.slack.com/services/T/B/SECRETxyz123", nil).Send(context.Background(), updatestest.Message(updates.KindNote))
	checkErr(t, err, true, 0, "no HTTP client")
}

func TestName(t *testing.T) {
	if got := New("ops", "", nil).Name(); got != "ops" {
		t.Errorf("Name = %q", got)
	}
}
