package slack

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
		Note:         "Rolled back deploy 4512; error rate falling.",
		Estimate:     incident.Estimate{MinAt: at("10:00"), MaxAt: at("10:45")},
		NextUpdateBy: at("09:45"),
		StatusPage:   "http://127.0.0.1:8725/",
	}
	switch k {
	case updates.KindDeclared:
		m.Note, m.Impact, m.Known = "", "EU customers cannot pay", "500s since the 08:55 deploy"
		m.Unknown, m.Plan = "whether orders were lost", "compare the order log with payments"
	case updates.KindEstimate:
		m.PreviousEstimate = incident.Estimate{MinAt: at("09:50"), MaxAt: at("10:20")}
		m.Why = "The rollback needs a cache flush."
	case updates.KindStatus:
		m.Status, m.Note = "monitoring", ""
	case updates.KindResolved:
		m.Status, m.ResolvedAt, m.NextUpdateBy = "resolved", at("10:12"), time.Time{}
		m.Summary, m.RootCause = "Checkout works again.", "a bad config push"
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
		want []string // substrings of the section and fields
	}{
		{"declared", message(updates.KindDeclared), []string{"We are investigating Checkout returns 500s.", "*Impact*\nEU customers cannot pay", "*What we don't know*", "*How we'll find out*"}},
		{"note", message(updates.KindNote), []string{"*Update*", "Rolled back deploy 4512", "*Fix expected*\n10:00–10:45"}},
		{"no-change", message(updates.KindNoChange), []string{"*No change yet*"}},
		{"holding", message(updates.KindHolding), []string{"*Still working on it*"}},
		{"estimate", message(updates.KindEstimate), []string{"*Estimate revised*", "cache flush", "10:00–10:45 (revised from 09:50–10:20)"}},
		{"status", message(updates.KindStatus), []string{"*Status: monitoring*", "The incident is now monitoring."}},
		{"resolved", message(updates.KindResolved), []string{"*Resolved*", "Checkout works again.", "*Duration*\n1 h 12 min", "*Root cause*"}},
		{"test", message(updates.KindTest), []string{"*Test message*", "If you can read it, this channel works."}},
		{"drill", drill, []string{"*Update*"}},
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
			if got := strings.Contains(ctx, "Next update by 09:45"); got != promised {
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
		reply     reply
		permanent bool
		retry     time.Duration
		hint      string
	}{
		{"bad payload", reply{400, "invalid_payload", nil}, true, 0, "keepcool bug"},
		{"revoked", reply{403, "invalid_token", nil}, true, 0, "create a new incoming webhook"},
		{"prohibited", reply{403, "action_prohibited", nil}, true, 0, "Slack admin"},
		{"gone hook", reply{404, "no_service", nil}, true, 0, "no longer exists"},
		{"gone channel", reply{404, "channel_not_found", nil}, true, 0, "channel was deleted"},
		{"archived", reply{410, "channel_is_archived", nil}, true, 0, "unarchive"},
		{"rate limited", reply{429, "rate_limited", map[string]string{"Retry-After": "30"}}, false, 30 * time.Second, ""},
		{"slack down", reply{500, "rollup_error", nil}, false, 0, ""},
		{"timeout", reply{408, "", nil}, false, 0, ""},
	}
	f := newFakeSlack(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.setReply(tc.reply)
			err := New("ops", f.url(), f.Client()).Send(context.Background(), message(updates.KindNote))
			checkErr(t, err, tc.permanent, tc.retry, tc.hint)
		})
	}
	t.Run("unknown hook path", func(t *testing.T) {
		err := New("ops", f.URL+"/services/T000/B000/WRONGsecret", f.Client()).Send(context.Background(), message(updates.KindNote))
		checkErr(t, err, true, 0, "no longer exists")
		if strings.Contains(err.Error(), "WRONGsecret") {
			t.Errorf("error leaks the URL: %v", err)
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		dead := newFakeSlack(t)
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
	if strings.Contains(err.Error(), "SECRETxyz123") || strings.Contains(err.Error(), "/services/") {
		t.Errorf("error leaks the webhook URL: %v", err)
	}
}

func TestContextCancelled(t *testing.T) {
	f := newFakeSlack(t)
	release := make(chan struct{})
	f.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // hang like a stuck server until the client gives up
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := New("ops", f.url(), f.Client()).Send(ctx, message(updates.KindNote))
	if err == nil || time.Since(start) > 5*time.Second {
		t.Fatalf("Send = %v after %v; want a prompt error", err, time.Since(start))
	}
	checkErr(t, err, false, 0, "")
	if !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Errorf("error %q does not say the deadline passed", err)
	}
}

func TestNoClient(t *testing.T) {
	err := New("ops", "https://hooks.slack.com/services/T/B/SECRETxyz123", nil).Send(context.Background(), message(updates.KindNote))
	checkErr(t, err, true, 0, "no HTTP client")
}

func TestName(t *testing.T) {
	if got := New("ops", "", nil).Name(); got != "ops" {
		t.Errorf("Name = %q", got)
	}
}
