package ntfy

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

const secretTopic = "kc-s3cr3t-topic"

func TestSendEachKind(t *testing.T) {
	tests := []struct {
		name     string
		msg      func() updates.Message
		title    string
		priority int
		tags     []string
		has      []string // lines the message must contain
		next     bool     // "Next update by 09:45 CET" closes the message
	}{
		{"declared", func() updates.Message {
			m := updatestest.Message(updates.KindDeclared)
			m.Severity, m.Note = 1, ""
			m.Impact, m.Known, m.Unknown, m.Plan = "EU customers cannot pay", "Started 08:55", "Which deploy", "Bisecting deploys"
			return m
		}, "[SEV1] Checkout returns 500s — Incident declared", 5, []string{"rotating_light", "sev1", "keepcool"},
			[]string{"Checkout returns 500s: we are investigating.", "Impact: EU customers cannot pay", "What we know: Started 08:55",
				"What we don't know: Which deploy", "How we'll find out: Bisecting deploys", "Fix expected: 10:00–10:30 CET", "Declared: 09:00 CET"}, true},
		{"note", func() updates.Message { return updatestest.Message(updates.KindNote) },
			"[SEV2] Checkout returns 500s — Update", 4, []string{"construction", "sev2", "keepcool"},
			[]string{"Rolled back the deploy; error rate falling.", "Status: investigating"}, true},
		{"no-change", func() updates.Message { m := updatestest.Message(updates.KindNoChange); m.Note = ""; return m },
			"[SEV2] Checkout returns 500s — No change yet", 4, []string{"construction", "sev2", "keepcool"},
			[]string{"Status: investigating", "Fix expected: 10:00–10:30 CET"}, true},
		{"holding", func() updates.Message {
			m := updatestest.Message(updates.KindHolding)
			m.Severity, m.Note = 3, "We are still working on it; the engineer will update shortly."
			return m
		}, "[SEV3] Checkout returns 500s — Still working on it", 3, []string{"warning", "sev3", "keepcool"},
			[]string{"We are still working on it"}, true},
		{"estimate revised", func() updates.Message {
			m := updatestest.Message(updates.KindEstimate)
			m.Severity, m.Why = 4, "The restore is slower than expected."
			m.PreviousEstimate = incident.Estimate{MinAt: updatestest.Clock("09:40"), MaxAt: updatestest.Clock("10:00")}
			return m
		}, "[SEV4] Checkout returns 500s — Estimate revised", 2, []string{"construction", "sev4", "keepcool"},
			[]string{"The restore is slower than expected.", "Fix expected: 10:00–10:30 CET (revised from 09:40–10:00 CET)"}, true},
		{"status", func() updates.Message {
			m := updatestest.Message(updates.KindStatus)
			m.Status, m.Note = "monitoring", ""
			return m
		},
			"[SEV2] Checkout returns 500s — Status: monitoring", 4, []string{"construction", "sev2", "keepcool"},
			[]string{"Checkout returns 500s: a fix is in place and we are monitoring it.", "Status: monitoring"}, true},
		{"resolved", func() updates.Message {
			m := updatestest.Message(updates.KindResolved)
			m.Status, m.NextUpdateBy, m.ResolvedAt = "resolved", time.Time{}, updatestest.Clock("10:12")
			m.Summary, m.RootCause = "Checkout works again.", "A bad config push"
			return m
		}, "[SEV2] Checkout returns 500s — Resolved", 3, []string{"white_check_mark", "sev2", "keepcool"},
			[]string{"Checkout works again.", "Duration: 1 h 12 min", "Root cause: A bad config push"}, false},
		{"test", func() updates.Message {
			m := updatestest.Message(updates.KindTest)
			m.NextUpdateBy = time.Time{}
			return m
		},
			"[TEST] keepcool test message — Checkout returns 500s", 3, []string{"test_tube", "keepcool"},
			[]string{"This is a test message from keepcool."}, false},
		{"drill", func() updates.Message { m := updatestest.Message(updates.KindNote); m.Drill = true; return m },
			"[DRILL] [SEV2] Checkout returns 500s — Update", 4, []string{"construction", "sev2", "drill", "keepcool"},
			[]string{"Rolled back the deploy"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, "")
			c := New("phones", f.URL+"/"+secretTopic, "", "", f.Client())
			if err := c.Send(context.Background(), tt.msg()); err != nil {
				t.Fatalf("Send: %v", err)
			}
			p := f.last(t)
			j := p.JSON
			if p.Path != "/" || j.Topic != secretTopic {
				t.Errorf("posted to %q with topic %q, want the root and %q", p.Path, j.Topic, secretTopic)
			}
			if j.Title != tt.title || j.Priority != tt.priority || !slices.Equal(j.Tags, tt.tags) {
				t.Errorf("title %q priority %d tags %q, want %q %d %q", j.Title, j.Priority, j.Tags, tt.title, tt.priority, tt.tags)
			}
			if j.Markdown == nil || *j.Markdown || j.Click != "http://127.0.0.1:8725/" || p.ContentType != "application/json" {
				t.Errorf("markdown %v click %q content type %q", j.Markdown, j.Click, p.ContentType)
			}
			msg := *j.Message
			for _, want := range tt.has {
				if !strings.Contains(msg, want) {
					t.Errorf("message lacks %q:\n%s", want, msg)
				}
			}
			if got := strings.HasSuffix(msg, "Next update by 09:45 CET\nStatus page: http://127.0.0.1:8725/"); got != tt.next {
				t.Errorf("ends with the promise = %v, want %v:\n%s", got, tt.next, msg)
			}
			if !tt.next && strings.Contains(msg, "Next update") {
				t.Errorf("promises an update it should not:\n%s", msg)
			}
			if strings.HasPrefix(msg, "\n") || p.Auth != "" {
				t.Errorf("message starts with an empty line or Authorization %q sent without a token", p.Auth)
			}
		})
	}
}

// inert checks text is plain, valid UTF-8 with no control characters other
// than newline and tab and no bidi overrides, and within limit bytes.
func inert(t *testing.T, what, s string, limit int) {
	t.Helper()
	if !utf8.ValidString(s) || len(s) > limit {
		t.Errorf("%s: valid UTF-8 %v, %d bytes (limit %d)", what, utf8.ValidString(s), len(s), limit)
	}
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || updates.IsBidiOverride(r) {
			t.Errorf("%s contains control character %U", what, r)
			return
		}
	}
}

func TestHostileTextIsInertAndFits(t *testing.T) {
	visible := []string{"<script>alert(1)</script>", "<!channel> <!here> @channel @here @everyone <@U123>",
		"**bold** _x_ `code` [link](http://evil) & < > lorem"}
	tests := []struct {
		name string
		msg  func() updates.Message
	}{
		{"hostile note", func() updates.Message {
			m := updatestest.Message(updates.KindNote)
			m.Note = updatestest.HostileNote()
			return m
		}},
		{"hostile everywhere, declared", func() updates.Message {
			m := updatestest.Message(updates.KindDeclared)
			h := updatestest.HostileNote()
			m.Note, m.Impact, m.Known, m.Unknown, m.Plan, m.Status = h, h, h, h, h, "investigating\x1b[2J"
			m.Title = "=?UTF-8?Q?=1B[31mFAKE?= \u202Eevil" + h
			return m
		}},
		{"quotes double in JSON", func() updates.Message {
			m := updatestest.Message(updates.KindDeclared)
			q := strings.Repeat(`"\`, 5000) // every byte doubles: the message alone would pass 8 KB
			m.Note, m.Impact, m.Known, m.Unknown, m.Plan = q, q, q, q, q
			return m
		}},
		{"hostile status page URL", func() updates.Message {
			m := updatestest.Message(updates.KindNote)
			m.Note, m.StatusPage = updatestest.HostileNote(), "javascript:alert(1)"
			return m
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, "")
			c := New("phones", f.URL, secretTopic, "", f.Client())
			m := tt.msg()
			if err := c.Send(context.Background(), m); err != nil {
				t.Fatalf("Send: %v", err)
			}
			p := f.last(t)
			msg := *p.JSON.Message
			inert(t, "message", msg, 4096)
			inert(t, "title as ntfy shows it", p.ShownTitle, 1024)
			if len(p.Raw) > maxBody || *p.JSON.Markdown {
				t.Errorf("body %d bytes (limit %d), markdown %v", len(p.Raw), maxBody, *p.JSON.Markdown)
			}
			for _, v := range visible {
				if !strings.Contains(msg, v) && !strings.HasPrefix(m.Note, `"`) {
					t.Errorf("message lost %q: first 300 bytes %q", v, msg[:min(300, len(msg))])
				}
			}
			if !strings.Contains(msg, "…") || !strings.Contains(msg, "Next update by 09:45 CET") {
				t.Errorf("message not cut visibly or lost its promise; tail %q", msg[max(0, len(msg)-200):])
			}
			if strings.Contains(p.ShownTitle, "FAKE") && !strings.Contains(p.ShownTitle, "=\u200b?") {
				t.Errorf("an encoded-word in the title was decoded by ntfy: %q", p.ShownTitle)
			}
			if strings.HasPrefix(m.StatusPage, "javascript:") && (p.JSON.Click != "" || strings.Contains(msg, "javascript:")) {
				t.Errorf("a javascript: URL got through: click %q", p.JSON.Click)
			}
		})
	}
}

func TestTokenSentAsBearer(t *testing.T) {
	f := newFake(t, "tk_s3cr3t")
	if err := New("phones", f.URL, secretTopic, " tk_s3cr3t ", f.Client()).Send(context.Background(), updatestest.Message(updates.KindNote)); err != nil {
		t.Fatalf("Send with the token: %v", err)
	}
	err := New("phones", f.URL, secretTopic, "tk_wrong", f.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
	if !updates.IsPermanent(err) || strings.Contains(err.Error(), "tk_wrong") {
		t.Errorf("wrong token: %v, want a permanent error without the token", err)
	}
}
