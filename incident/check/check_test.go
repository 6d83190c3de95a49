package check

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func codes(ws []Warning) []Code {
	var out []Code
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func TestCheckNote(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Code // nil: nothing to say
	}{
		// What people write during an incident: never stopped.
		{"plain note", "Rolled back deploy 412, error rate falling", nil},
		{"mentions a tool in prose", "kubectl rollout restart fixed it for now", nil},
		{"git in a sentence", "git push of the fix is done, deploying now", nil},
		{"short sentence after a tool", "git push fixed it", nil},
		{"three words about a tool", "ssh access restored", nil},
		{"tool status", "docker registry down", nil},
		{"kubectl without flags", "kubectl get pods", []Code{Command}},
		{"systemctl restart", "systemctl restart nginx", []Code{Command}},
		{"dash as punctuation", "Restarted the db - waiting for replicas", nil},
		{"number with a dollar", "About $5k of orders failed, refunds queued", nil},
		{"a heading-like note", "# Update: payments are back", nil},
		{"one log line quoted", "Seeing ERROR: connection reset from the gateway", nil},
		{"time in a note", "05:12 the cache warmed up, latency normal", nil},
		{"token mentioned", "API token: rotated, old one revoked", nil},
		{"password mentioned", "password: reset for all admin users", nil},
		{"authorization in prose", "Authorization: failing for SSO users since 05:10", nil},
		{"unicode prose", "Zahlungen laufen wieder – wir beobachten 🙂", nil},
		{"500 characters exactly", strings.Repeat("a", 500), nil},
		{"exactly two thousand spaced", strings.Repeat("word ", 100), nil},

		// Commands and fragments of them.
		{"kubectl with flags", "kubectl get pods -n prod", []Code{Command}},
		{"the stolen-keystroke tail", "t pods -n prod", []Code{Command}},
		{"git status", "git status", []Code{Command}},
		{"dollar prompt", "$ systemctl restart nginx", []Code{Command}},
		{"sudo", "sudo systemctl restart nginx", []Code{Command}},
		{"user@host prompt", "sam@web-3:~$ tail -f /var/log/app.log", []Code{Command}},
		{"root prompt before a tool", "# journalctl -u api --since today", []Code{Command}},
		{"pipe", "grep ERROR app.log | wc -l", []Code{Command}},
		{"tool with a pipe", "docker logs api 2>&1 | tail", []Code{Command}},
		{"long flag", "helm rollback payments 41 --namespace prod", []Code{Command}},

		// Pastes.
		{"stack trace", "panic: runtime error: invalid memory address\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:12 +0x1d", []Code{Paste}},
		{"java trace", "java.lang.NullPointerException: x\n\tat com.acme.Pay.run(Pay.java:42)\n\tat com.acme.Main.main(Main.java:9)", []Code{Paste}},
		{"log lines", "2026-11-30T05:00:01Z ERROR db timeout\n2026-11-30T05:00:02Z ERROR db timeout", []Code{Paste}},
		{"two prose lines", "Rolled back.\nWatching error rates.", []Code{Paste}},
		{"blank lines only around one line", "\n\n  Rolled back  \n\n", nil},
		{"CRLF and U+2028 count as breaks", "one\r\ntwo\u2028three", []Code{Paste}},

		// Secrets.
		{"slack bot token", "use xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp", []Code{Secret}},
		{"github token", "pushed with ghp_" + strings.Repeat("a1B2", 9), []Code{Secret}},
		{"aws key", "key AKIAIOSFODNN7EXAMPLE leaked?", []Code{Secret}},
		{"private key block", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----", []Code{Secret, Paste}},
		{"authorization header", "Authorization: Bearer abc", []Code{Secret}},
		{"bearer token", "the client sent bearer eyJhbGciOiJIUzI1NiJ9abcdef", []Code{Secret}},
		{"password assignment", "db password=hunter2 works again", []Code{Secret}},
		{"json password", `config has {"password": "s3cr3t!"}`, []Code{Secret}},
		{"password colon generated", "password: Tr0ub4dor&3x", []Code{Secret}},
		{"url with credentials", "try postgres://app:s3cr3t@db.internal/orders", []Code{Secret}},
		{"slack webhook url", "posted to https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXX", []Code{Secret}},
		{"jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", []Code{Secret}},
		{"secret in a command", "curl -H 'Authorization: Bearer xyz' https://api", []Code{Secret, Command}},

		// Long.
		{"one line of 501", strings.Repeat("a", 501), []Code{Long}},
		{"long pasted log", strings.Repeat("2026-11-30T05:00:01Z INFO ok\n", 40), []Code{Paste, Long}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := Text(Note, tt.text)
			if err != nil {
				t.Fatalf("error %v", err)
			}
			if got := codes(ws); !slices.Equal(got, tt.want) {
				t.Fatalf("codes %v, want %v (%+v)", got, tt.want, ws)
			}
			for _, w := range ws {
				if w.Field != "note" || w.Message == "" {
					t.Errorf("warning %+v: want field note and a message", w)
				}
			}
		})
	}
}

// A warning never repeats the secret or the command it found: it is shown
// in windows, terminals and logs.
func TestCheckWarningsDoNotRepeatTheText(t *testing.T) {
	for _, text := range []string{
		"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOp",
		"ghp_" + strings.Repeat("Zz9", 12),
		"password=hunter2",
		"mysql -u root -phunter2",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
	} {
		ws, err := Text(Note, text)
		if err != nil || len(ws) == 0 {
			t.Fatalf("%q: %v %v", text, ws, err)
		}
		for _, w := range ws {
			for _, part := range []string{"hunter2", "AbCdEf", "Zz9Zz9", "MIIEow"} {
				if strings.Contains(w.Message, part) {
					t.Errorf("%q: message %q repeats %q", text, w.Message, part)
				}
			}
		}
	}
}

func TestCheckLimits(t *testing.T) {
	tests := []struct {
		name    string
		f       Field
		text    string
		wantErr bool
	}{
		{"title at 200", Title, strings.Repeat("t", 200), false},
		{"title at 201", Title, strings.Repeat("t", 201), true},
		{"note at 2000", Note, strings.Repeat("n", 2000), false},
		{"note at 2001", Note, strings.Repeat("n", 2001), true},
		{"characters, not bytes", Note, strings.Repeat("é", 2000), false},
		{"characters, not bytes: over", Note, strings.Repeat("é", 2001), true},
		{"spaces collapse before counting", Note, strings.Repeat("a    ", 400), false},
		{"control characters do not count", Note, strings.Repeat("a\x00\x1b\x07", 2000), false},
		{"100 KB", Note, strings.Repeat("x", 100<<10), true},
		{"100 KB of invalid UTF-8", Note, strings.Repeat("\xff\xfe", 50<<10), true},
		{"why at 501", Why, strings.Repeat("w", 501), true},
		{"plan at 1000", Plan, strings.Repeat("p", 1000), false},
		{"plan at 1001", Plan, strings.Repeat("p", 1001), true},
		{"summary at 2001", Summary, strings.Repeat("s", 2001), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Text(tt.f, tt.text)
			var le *LimitError
			if got := errors.As(err, &le); got != tt.wantErr {
				t.Fatalf("limit error = %v (%v), want %v", got, err, tt.wantErr)
			}
			if le != nil && (le.Max != tt.f.Max || !strings.Contains(le.Error(), "shorten it") || !strings.Contains(le.Error(), tt.f.Label)) {
				t.Errorf("error %q: want the field, the limit and what to do", le)
			}
		})
	}
	_, err := Text(Note, strings.Repeat("x", 10000))
	if err == nil || !strings.Contains(err.Error(), "10,000 characters") || !strings.Contains(err.Error(), "at most 2,000 go out") {
		t.Errorf("10,000-character note: %v", err)
	}
}

// Hostile input never panics, stays fast, and invalid UTF-8 or control
// characters hide nothing from the checks.
func TestCheckHostileInput(t *testing.T) {
	tests := []struct {
		name string
		f    Field
		text string
		want []Code
	}{
		{"invalid UTF-8 around a token", Note, "\xff\xfexoxb-123456789012-1234567890123-AbCdEfGhIj\xc3", []Code{Secret, Encoding}},
		{"escape sequences before a command", Note, "\x1b[2Jkubectl delete ns prod --force", []Code{Command, Terminal}},
		{"NUL bytes", Note, "Rolled\x00 back\x00", nil},
		{"bidi override", Note, "\u202Erolled back", nil},
		{"only control characters", Note, "\x00\x01\x02\x7f", nil},
		{"title with a command", Title, "kubectl get pods -n prod", []Code{Command}},
		{"plan paragraph with lines", Plan, "Roll back 412.\nWatch errors.\nThen fix forward.", nil},
		{"plan with a pasted trace", Plan, "goroutine 1 [running]:\nmain.go:12 +0x1d", []Code{Paste}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := Text(tt.f, tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(ws); !slices.Equal(got, tt.want) {
				t.Fatalf("codes %v, want %v (%+v)", got, tt.want, ws)
			}
		})
	}
	// Just under the limit, every check runs over the whole text: it must
	// stay quick even for text built to be slow.
	for _, text := range []string{
		strings.Repeat("password=", 220),
		strings.Repeat("a:", 1000),
		strings.Repeat("-----BEGIN ", 180),
		strings.Repeat("x\n", 5000),
		strings.Repeat("eyJ", 660),
		strings.Repeat("2026-11-30T06:00:01Z ", 95),
		strings.Repeat("a_password=", 180),
		strings.Repeat("\x1b]", 100_000),
		strings.Repeat("\x1b[0;", 50_000),
		strings.Repeat("select * from ", 140),
		strings.Repeat("at a.b(c.go:1) ", 130),
		strings.Repeat("git ", 500),
	} {
		start := time.Now()
		if _, err := Text(Note, text); err != nil && !strings.Contains(err.Error(), "at most") {
			t.Fatal(err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%.20q…: %s", text, d)
		}
	}
}

func TestCheckEstimateRange(t *testing.T) {
	now := time.Date(2026, 11, 30, 5, 0, 0, 0, time.UTC)
	tests := []struct {
		max  time.Duration
		want []Code
		says string
	}{
		{90 * time.Minute, nil, ""},
		{24 * time.Hour, nil, ""},
		{24*time.Hour + time.Minute, []Code{Estimate}, "24 h"},
		{40 * time.Hour, []Code{Estimate}, "40 h"},
		{72 * time.Hour, []Code{Estimate}, "3 days"},
	}
	for _, tt := range tests {
		ws := EstimateRange(now.Add(tt.max), now)
		if got := codes(ws); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.max, got, tt.want)
		}
		if tt.says != "" && !strings.Contains(ws[0].Message, tt.says) {
			t.Errorf("%s: %q lacks %q", tt.max, ws[0].Message, tt.says)
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add("kubectl get pods -n prod")
	f.Add("xoxb-1-2\n\x00\xff")
	f.Add("\x1b]0;t\x07SELECT * FROM t; AWS_SECRET_ACCESS_KEY=abc 2026-11-30T06:00:01Z \u009b1m:wq")
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := Text(Note, s)
		if err != nil {
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("not a LimitError: %v", err)
			}
			return
		}
		for _, w := range ws {
			if w.Message == "" || w.Code == "" {
				t.Fatalf("empty warning %+v", w)
			}
		}
	})
}
