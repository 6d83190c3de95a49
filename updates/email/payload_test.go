package email

import (
	"regexp"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
)

func TestNew(t *testing.T) {
	cases := []struct {
		name, smtp, tls string
		wantTLS, err    string
	}{
		{"default starttls", "smtp://relay.example.com:587", "", "starttls", ""},
		{"smtps means tls", "smtps://relay.example.com:465", "", "tls", ""},
		{"bare host:port", "relay.example.com:25", "none", "none", ""},
		{"ipv6", "smtp://[::1]:25", "none", "none", ""},
		{"smtps contradicts starttls", "smtps://relay.example.com:465", "starttls", "", "contradicts smtps://"},
		{"unknown mode", "relay.example.com:25", "ssl", "", "not a TLS mode"},
		{"no port", "relay.example.com", "", "", "smtp must be"},
		{"credentials in URL", "smtp://keepcool:" + secret + "@relay.example.com:587", "", "", "without user:password"},
		{"other scheme", "https://relay.example.com:587", "", "", "smtp must be"},
		{"port out of range", "relay.example.com:70000", "", "", "smtp must be"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(Config{Name: "x", SMTP: tc.smtp, TLS: tc.tls, From: "k@example.com", To: []string{"b@example.com"}})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), secret) {
					t.Fatalf("err = %v, want one saying %q without the password", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.cfg.TLS != tc.wantTLS || c.cfg.Timeout != defaultTimeout {
				t.Errorf("TLS %q timeout %v, want %q %v", c.cfg.TLS, c.cfg.Timeout, tc.wantTLS, defaultTimeout)
			}
		})
	}
	if _, err := New(Config{Name: "x", SMTP: "h:25", From: "k@example.com"}); err == nil {
		t.Error("New accepted an empty to")
	}
	if _, err := New(Config{Name: "x", SMTP: "h:25", From: "keepcool", To: []string{"b@example.com"}}); err == nil {
		t.Error("New accepted a bad from")
	}
}

// dotAtom is RFC 5322's id-left as we use it (no quoted forms).
var dotAtom = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_{|}~-]+)*@keepcool$`)

func TestMessageID(t *testing.T) {
	ids := map[string]string{}
	for _, raw := range []string{"inc-1/7", "inc-1=2F7", "inc-1-7", "a b\r\n<>@.", "ünï/1", "", strings.Repeat("x/", 200)} {
		m := updates.Message{ID: raw, Kind: updates.KindNote, IncidentID: "inc-1"}
		id := messageID(m)
		if !dotAtom.MatchString(id) || len(id) > 200 {
			t.Errorf("messageID(%q) = %q, not a valid Message-ID", raw, id)
		}
		if other, dup := ids[id]; dup {
			t.Errorf("ids %q and %q share Message-ID %s", raw, other, id)
		}
		ids[id] = raw
		if messageID(m) != id {
			t.Errorf("messageID(%q) is not stable", raw)
		}
	}
	root := messageID(updates.Message{ID: "inc-1/1", Kind: updates.KindDeclared, IncidentID: "inc-1"})
	if root != "inc-1@keepcool" || ids[root] != "" {
		t.Errorf("root %q collides or is not the incident's", root)
	}
	if got := threadRoot(updates.Message{Kind: updates.KindEstimate, IncidentID: "inc-1"}); got != root {
		t.Errorf("threadRoot = %q, want %q", got, root)
	}
}

func TestClean(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\r\nb\tc", "a\nb\tc"},
		{"\x1b[31mred\x00\x7f", "red␀␡"},
		{"lone\x1b esc", "lone␛ esc"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"\u202eevil\u0085", "\uFFFDevil\uFFFD"},
	}
	for _, tc := range cases {
		if got := cleanText(tc.in); got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := cleanText(strings.Repeat("é", maxField)); len(got) > maxField || !strings.HasSuffix(got, "…") {
		t.Errorf("long text not cut to %d bytes: %d", maxField, len(got))
	}
	for _, u := range []string{"javascript:alert(1)", "data:text/html,x", "//evil", "not a url\x7f"} {
		if got := clean(updates.Message{StatusPage: u}).StatusPage; got != "" {
			t.Errorf("status page %q kept as %q", u, got)
		}
	}
}
