package mattermost

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

var cet = time.FixedZone("CET", 3600)

func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-03-02 "+hhmm, cet)
	if err != nil {
		panic(err)
	}
	return t
}

// message returns a realistic update of kind k, as the engine freezes it.
func message(k updates.Kind) updates.Message {
	m := updates.Message{
		ID: "inc1/7", Kind: k, At: at("09:30"), IncidentID: "inc1",
		Title: "Checkout returns 500s", Severity: 2, Status: "investigating",
		DeclaredAt: at("09:00"), Engineer: "Sam",
		Note:         "Rolled back deploy 4512; error rate falling",
		Estimate:     incident.Estimate{MinAt: at("10:00"), MaxAt: at("10:45")},
		NextUpdateBy: at("09:45"),
		StatusPage:   "http://127.0.0.1:8725/",
	}
	switch k {
	case updates.KindDeclared:
		m.Note, m.Impact, m.Known = "", "EU customers cannot pay", "500s since the deploy"
		m.Unknown, m.Plan = "whether orders were lost", "compare the order log with payments"
	case updates.KindEstimate:
		m.PreviousEstimate = incident.Estimate{MinAt: at("09:50"), MaxAt: at("10:20")}
		m.Why = "The rollback needs a cache flush"
	case updates.KindStatus:
		m.Status, m.Note = "monitoring", ""
	case updates.KindResolved:
		m.Status, m.ResolvedAt, m.NextUpdateBy = "resolved", at("10:12"), time.Time{}
		m.Summary, m.RootCause = "Checkout works again", "a bad config push"
	case updates.KindTest:
		m = updates.Message{ID: "test", Kind: k, At: at("09:30")}
	}
	return m
}

func TestSendKinds(t *testing.T) {
	drill := message(updates.KindNote)
	drill.Drill = true
	cases := []struct {
		name string
		m    updates.Message
		want []string // lines of the post, in Markdown
	}{
		{"declared", message(updates.KindDeclared), []string{"#### SEV2 · Checkout returns 500s", "**Incident declared**", "We are investigating Checkout returns 500s\\.", "**Impact:** EU customers cannot pay", "**What we don't know:** whether orders were lost", "**How we'll find out:** compare the order log with payments"}},
		{"note", message(updates.KindNote), []string{"**Update**", "Rolled back deploy 4512; error rate falling", "**Status:** investigating", "**Fix expected:** 10\\:00–10\\:45", "**Elapsed:** 30 min"}},
		{"no-change", message(updates.KindNoChange), []string{"**No change yet**"}},
		{"holding", message(updates.KindHolding), []string{"**Still working on it**"}},
		{"estimate", message(updates.KindEstimate), []string{"**Estimate revised**", "The rollback needs a cache flush", "**Fix expected:** 10\\:00–10\\:45 \\(revised from 09\\:50–10\\:20\\)"}},
		{"status", message(updates.KindStatus), []string{"**Status\\: monitoring**", "The incident is now monitoring\\."}},
		{"resolved", message(updates.KindResolved), []string{"**Resolved**", "Checkout works again", "**Duration:** 1 h 12 min", "**Root cause:** a bad config push"}},
		{"test", message(updates.KindTest), []string{"#### \\[TEST\\] keepcool test message", "**Test message**", "This is a test message from keepcool\\. If you can read it, this channel works\\. No incident is in progress\\."}},
		{"drill", drill, []string{"#### \\[DRILL\\] SEV2 · Checkout returns 500s", "**Update**"}},
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
			if got := strings.Contains(req.Text, "**Next update by 09\\:45**"); got != promised {
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
		reply     reply
		permanent bool
		retry     time.Duration
		hint      string
	}{
		{"deleted hook", reply{400, invalid, nil}, true, 0, "create a new incoming webhook"},
		{"bad request", reply{400, `{"id":"web.incoming_webhook.text.app_error"}`, nil}, true, 0, "keepcool bug"},
		{"not found", reply{404, "404 page not found", nil}, true, 0, "no longer exists"},
		{"forbidden", reply{403, "", nil}, true, 0, "check this channel's url"},
		{"too large", reply{413, "", nil}, true, 0, "post size"},
		{"disabled", reply{501, `{"id":"web.incoming_webhook.disabled.app_error","status_code":501}`, nil}, true, 0, "ask a Mattermost admin"},
		{"rate limited", reply{429, "", map[string]string{"Retry-After": "7"}}, false, 7 * time.Second, ""},
		{"maintenance", reply{503, "", map[string]string{"Retry-After": "60"}}, false, time.Minute, ""},
		{"server error", reply{500, `{"id":"app.post.save.app_error"}`, nil}, false, 0, ""},
		{"bad gateway", reply{502, "", nil}, false, 0, ""},
	}
	f := newFakeMattermost(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.setReply(tc.reply)
			err := New("ops", f.url(), f.Client()).Send(context.Background(), message(updates.KindNote))
			checkErr(t, err, tc.permanent, tc.retry, tc.hint)
		})
	}
	t.Run("unknown hook", func(t *testing.T) {
		err := New("ops", f.URL+"/hooks/"+strings.Repeat("z", 26), f.Client()).Send(context.Background(), message(updates.KindNote))
		checkErr(t, err, true, 0, "create a new incoming webhook")
		if strings.Contains(err.Error(), "zzzz") {
			t.Errorf("error leaks the URL: %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		dead := newFakeMattermost(t)
		u, hc := dead.url(), dead.Client()
		dead.Close()
		checkErr(t, New("ops", u, hc).Send(context.Background(), message(updates.KindNote)), false, 0, "")
	})
}

func checkErr(t *testing.T, err error, permanent bool, retry time.Duration, hint string) {
	t.Helper()
	if err == nil {
		t.Fatal("Send succeeded")
	}
	if got := updates.IsPermanent(err); got != permanent {
		t.Errorf("IsPermanent = %v, want %v (%v)", got, permanent, err)
	}
	if got, ok := updates.RetryAfter(err); got != retry || ok != (retry > 0) {
		t.Errorf("RetryAfter = %v, %v; want %v (%v)", got, ok, retry, err)
	}
	if !strings.Contains(err.Error(), hint) || !strings.Contains(err.Error(), `"ops"`) {
		t.Errorf("error %q lacks the channel name or hint %q", err, hint)
	}
	if strings.Contains(err.Error(), hookID) || strings.Contains(err.Error(), "/hooks/") {
		t.Errorf("error leaks the webhook URL: %v", err)
	}
}

func TestContextCancelled(t *testing.T) {
	f := newFakeMattermost(t)
	release := make(chan struct{})
	f.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // hang like a stuck server until the client gives up
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := New("ops", f.url(), f.Client()).Send(ctx, message(updates.KindNote))
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Send = %v after %v; want a prompt error", err, time.Since(start))
	}
	checkErr(t, err, false, 0, "")
	if !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %q does not say it was cancelled", err)
	}
}

func TestNoClient(t *testing.T) {
	err := New("ops", "https://chat.example.com/hooks/"+hookID, nil).Send(context.Background(), message(updates.KindNote))
	checkErr(t, err, true, 0, "no HTTP client")
}

func TestName(t *testing.T) {
	if got := New("ops", "", nil).Name(); got != "ops" {
		t.Errorf("Name = %q", got)
	}
}
