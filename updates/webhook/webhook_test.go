package webhook

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

const secret = "whsec_s3cr3t"

func TestSendEachKind(t *testing.T) {
	tests := []struct {
		name  string
		msg   func() updates.Message
		check func(t *testing.T, p schemaV1)
		next  bool // text ends with "Next update by 09:45 CET"
	}{
		{"declared", func() updates.Message {
			m := updatestest.Message(updates.KindDeclared)
			m.Severity, m.Note = 1, ""
			m.Impact, m.Known, m.Unknown, m.Plan = "EU customers cannot pay", "Started 08:55", "Which deploy", "Bisecting"
			return m
		}, func(t *testing.T, p schemaV1) {
			in := p.Incident
			want(t, in.Severity == 1 && in.Impact == "EU customers cannot pay" && in.Known == "Started 08:55" &&
				in.Unknown == "Which deploy" && in.Plan == "Bisecting" && *p.Note == "", "declared facts: %+v", in)
			want(t, strings.Contains(p.Text, "What we don't know: Which deploy"), "text: %s", p.Text)
		}, true},
		{"note", func() updates.Message { return updatestest.Message(updates.KindNote) }, func(t *testing.T, p schemaV1) {
			in := p.Incident
			want(t, *p.Note == "Rolled back the deploy; error rate falling." && p.Subject == "[SEV2] Checkout returns 500s — Update",
				"note %q subject %q", *p.Note, p.Subject)
			want(t, in.ID == "inc-1" && in.Title == "Checkout returns 500s" && in.Status == "investigating" && !*in.Drill &&
				in.Engineer == "Sam" && in.DeclaredAt == "2025-03-14T09:00:00+01:00" && in.NextUpdateBy == "2025-03-14T09:45:00+01:00",
				"incident: %+v", in)
			want(t, *in.Estimate == windowV1{"2025-03-14T10:00:00+01:00", "2025-03-14T10:30:00+01:00"} && in.PreviousEstimate == nil,
				"estimate %+v previous %+v", in.Estimate, in.PreviousEstimate)
			want(t, p.SentAt == "2025-03-14T09:30:00+01:00" && p.StatusPage == "http://127.0.0.1:8725/" && in.ResolvedAt == "",
				"sent_at %q status_page %q", p.SentAt, p.StatusPage)
		}, true},
		{"no-change", func() updates.Message { m := updatestest.Message(updates.KindNoChange); m.Note = ""; return m },
			func(t *testing.T, p schemaV1) { want(t, *p.Note == "", "note %q", *p.Note) }, true},
		{"holding", func() updates.Message {
			m := updatestest.Message(updates.KindHolding)
			m.Note = "Still working on it."
			return m
		},
			func(t *testing.T, p schemaV1) {
				want(t, *p.Note == "Still working on it." && strings.Contains(p.Subject, "Still working on it"), "holding: %+v", p)
			}, true},
		{"estimate revised", func() updates.Message {
			m := updatestest.Message(updates.KindEstimate)
			m.Why, m.PreviousEstimate = "The restore is slower than expected.", estimate("09:40", "10:00")
			return m
		}, func(t *testing.T, p schemaV1) {
			prev := p.Incident.PreviousEstimate
			want(t, p.Why == "The restore is slower than expected." && prev != nil &&
				*prev == windowV1{"2025-03-14T09:40:00+01:00", "2025-03-14T10:00:00+01:00"}, "why %q previous %+v", p.Why, prev)
			want(t, strings.Contains(p.Text, "Fix expected: 10:00–10:30 CET (revised from 09:40–10:00 CET)"), "text: %s", p.Text)
		}, true},
		{"status", func() updates.Message {
			m := updatestest.Message(updates.KindStatus)
			m.Status = "monitoring"
			return m
		},
			func(t *testing.T, p schemaV1) {
				want(t, p.Incident.Status == "monitoring" && p.Subject == "[SEV2] Checkout returns 500s — Status: monitoring", "%+v", p)
			}, true},
		{"resolved", func() updates.Message {
			m := updatestest.Message(updates.KindResolved)
			m.Status, m.NextUpdateBy, m.ResolvedAt = "resolved", time.Time{}, updatestest.Clock("10:12")
			m.Summary, m.RootCause = "Checkout works again.", "A bad config push"
			return m
		}, func(t *testing.T, p schemaV1) {
			in := p.Incident
			want(t, in.ResolvedAt == "2025-03-14T10:12:00+01:00" && in.NextUpdateBy == "" && in.Summary == "Checkout works again." &&
				in.RootCause == "A bad config push", "resolved: %+v", in)
			want(t, strings.Contains(p.Text, "Duration: 1 h 12 min"), "text: %s", p.Text)
		}, false},
		{"test", func() updates.Message {
			m := updatestest.Message(updates.KindTest)
			m.NextUpdateBy = time.Time{}
			return m
		},
			func(t *testing.T, p schemaV1) {
				want(t, p.Incident == nil && strings.HasPrefix(p.Subject, "[TEST]"), "test: incident %+v subject %q", p.Incident, p.Subject)
			}, false},
		{"drill", func() updates.Message { m := updatestest.Message(updates.KindNote); m.Drill = true; return m },
			func(t *testing.T, p schemaV1) {
				want(t, *p.Incident.Drill && strings.HasPrefix(p.Subject, "[DRILL] ") && strings.HasPrefix(p.Text, "[DRILL] "), "drill: %+v", p)
			}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := newReceiver(t, secret)
			if err := New("automation", rc.URL+"/hook", secret, rc.Client()).Send(context.Background(), tt.msg()); err != nil {
				t.Fatalf("Send: %v", err)
			}
			d := rc.last(t)
			tt.check(t, d.Body)
			if got := strings.HasSuffix(d.Body.Text, "Next update by 09:45 CET\nStatus page: http://127.0.0.1:8725/"); got != tt.next {
				t.Errorf("text ends with the promise = %v, want %v:\n%s", got, tt.next, d.Body.Text)
			}
			if !tt.next && strings.Contains(d.Body.Text, "Next update") {
				t.Errorf("text promises an update it should not:\n%s", d.Body.Text)
			}
		})
	}
}

func want(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}

func TestSignature(t *testing.T) {
	rc := newReceiver(t, "")
	if err := New("automation", rc.URL, secret, rc.Client()).Send(context.Background(), updatestest.Message(updates.KindNote)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	d := rc.last(t)
	sig := d.Header.Get("X-Keepcool-Signature")
	if !regexp.MustCompile(`^sha256=[0-9a-f]{64}$`).MatchString(sig) {
		t.Fatalf("signature header %q, want sha256=<64 hex digits>", sig)
	}
	tampered := bytes.Replace(d.Raw, []byte("Rolled back"), []byte("Rolled out "), 1)
	tests := []struct {
		name   string
		secret string
		body   []byte
		ok     bool
	}{
		{"right secret", secret, d.Raw, true},
		{"wrong secret", "whsec_guess", d.Raw, false},
		{"empty secret", "", d.Raw, false},
		{"tampered body", secret, tampered, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := verify(tt.secret, tt.body, sig); got != tt.ok {
				t.Errorf("verify = %v, want %v", got, tt.ok)
			}
		})
	}
	if err := New("automation", rc.URL, "", rc.Client()).Send(context.Background(), updatestest.Message(updates.KindNote)); err != nil {
		t.Fatalf("Send unsigned: %v", err)
	}
	if h := rc.last(t).Header.Get("X-Keepcool-Signature"); h != "" {
		t.Errorf("no secret, yet signature %q", h)
	}
	// A receiver holding another secret refuses the request: a 4xx, so permanent.
	strict := newReceiver(t, "whsec_other")
	if err := New("automation", strict.URL, secret, strict.Client()).Send(context.Background(), updatestest.Message(updates.KindNote)); !updates.IsPermanent(err) {
		t.Errorf("receiver with another secret: %v, want a permanent error", err)
	}
}

// TestNoteSurvivesExactly: JSON encoding is the only escaping, so a note
// full of characters other formats care about arrives as typed.
func TestNoteSurvivesExactly(t *testing.T) {
	note := "Deploy <b>x</b> & \"quoted\" 'single' \\back\\slash **bold** _x_ `code` [l](http://e) @channel <!here> " +
		"&amp; </script> {{.}} ${x} 😀 naïve 中文\nsecond line\twith tab \u2028 U+2028 too"
	rc := newReceiver(t, secret)
	m := updatestest.Message(updates.KindNote)
	m.Note = note
	if err := New("automation", rc.URL, secret, rc.Client()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	d := rc.last(t)
	wantNote := strings.ReplaceAll(note, "\u2028", "\n") // a line separator is a new line
	if *d.Body.Note != wantNote || !strings.Contains(d.Body.Text, wantNote) {
		t.Errorf("note changed on the way:\n got %q\nwant %q", *d.Body.Note, wantNote)
	}
	for _, raw := range []string{"<b>", "</script>", "&amp;"} { // HTML-safe bytes, by choice
		if bytes.Contains(d.Raw, []byte(raw)) {
			t.Errorf("raw body contains %q unescaped", raw)
		}
	}
}

func TestHostileTextIsInertAndBounded(t *testing.T) {
	rc := newReceiver(t, secret)
	m := updatestest.Message(updates.KindDeclared)
	h := updatestest.HostileNote()
	m.Note, m.Impact, m.Known, m.Unknown, m.Plan, m.Why = h, h, h, h, h, h
	m.Title, m.Status, m.Engineer = "\u202Eevil\x1b[2J"+h, "investigating\x1b[2J"+h, h
	m.StatusPage = "javascript:alert(1)"
	if err := New("automation", rc.URL, secret, rc.Client()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	d := rc.last(t)
	p := d.Body
	if !utf8.Valid(d.Raw) || len(d.Raw) > 256<<10 || p.StatusPage != "" {
		t.Errorf("body: valid UTF-8 %v, %d bytes (limit 256 KB), status_page %q", utf8.Valid(d.Raw), len(d.Raw), p.StatusPage)
	}
	fields := map[string]struct {
		s     string
		limit int
	}{
		"note": {*p.Note, maxText}, "impact": {p.Incident.Impact, maxText}, "title": {p.Incident.Title, maxTitle},
		"status": {p.Incident.Status, maxShort}, "engineer": {p.Incident.Engineer, maxShort}, "text": {p.Text, 1 << 20},
	}
	for name, f := range fields {
		if len(f.s) > f.limit {
			t.Errorf("%s is %d bytes, limit %d", name, len(f.s), f.limit)
		}
		for _, r := range f.s {
			if (unicode.IsControl(r) && r != '\n' && r != '\t') || updates.IsBidiOverride(r) {
				t.Errorf("%s contains control character %U", name, r)
				break
			}
		}
	}
	visible := "<script>alert(1)</script> <!channel> <!here> @channel @here @everyone <@U123> **bold** _x_ `code` [link](http://evil) & < > lorem"
	if !strings.HasPrefix(*p.Note, visible) || !strings.HasSuffix(*p.Note, "…") {
		t.Errorf("note not readable as typed or not visibly cut: %q…%q", (*p.Note)[:80], (*p.Note)[len(*p.Note)-20:])
	}
	if !strings.HasSuffix(p.Text, "Next update by 09:45 CET") {
		t.Errorf("text lost its promise: …%q", p.Text[len(p.Text)-80:])
	}
}
