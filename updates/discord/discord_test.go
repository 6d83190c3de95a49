package discord

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

func send(t *testing.T, m updates.Message) wireMessage {
	t.Helper()
	f := newFake(t)
	if err := New("ops", f.url(), f.srv.Client()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := f.got.All()
	if len(got) != 1 {
		t.Fatalf("Discord got %d posts, want 1", len(got))
	}
	if am := got[0].AllowedMentions; am == nil || am.Parse == nil || len(am.Parse) != 0 || am.Roles != nil || am.Users != nil {
		t.Errorf("allowed_mentions = %+v, want {parse: []} (no pings)", am)
	}
	return got[0]
}

// visible is everything a reader sees, escapes removed.
func visible(p wireMessage) string {
	s := []string{p.Content}
	for _, e := range p.Embeds {
		s = append(s, e.Title, e.Description)
		for _, f := range e.Fields {
			s = append(s, f.Name+": "+f.Value)
		}
		if e.Footer != nil {
			s = append(s, e.Footer.Text)
		}
	}
	return unescape(strings.Join(s, "\n"))
}

// unescape is how Discord shows escaped text: a backslash before
// punctuation disappears; so does the zero-width space we put after @.
func unescape(s string) string {
	s = strings.ReplaceAll(s, "@\u200b", "@")
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		if rs[i] == '\\' && i+1 < len(rs) && (unicode.IsPunct(rs[i+1]) || unicode.IsSymbol(rs[i+1])) {
			i++
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

func TestSendEveryKind(t *testing.T) {
	for name, tc := range updatestest.Kinds() {
		t.Run(name, func(t *testing.T) {
			p := send(t, tc.Message)
			text := visible(p)
			for _, w := range tc.Want {
				if !strings.Contains(text, w) {
					t.Errorf("message lacks %q:\n%s", w, text)
				}
			}
			e := p.Embeds[0]
			promise := tc.Message.Kind != updates.KindResolved && tc.Message.Kind != updates.KindTest
			if got := e.Footer != nil && e.Footer.Text == "Next update by 09:45 CET"; got != promise {
				t.Errorf("footer %+v; want the next-update promise: %v", e.Footer, promise)
			}
			if strings.Contains(text, "Next update") != promise {
				t.Errorf("promise shown = %v, want %v", !promise, promise)
			}
			if drill := strings.HasPrefix(unescape(e.Title), "[DRILL] "); drill != tc.Message.Drill {
				t.Errorf("title %q: [DRILL] prefix = %v, want %v", e.Title, drill, tc.Message.Drill)
			}
			if e.URL != "http://127.0.0.1:8725/" || !strings.Contains(text, "(http://127.0.0.1:8725/)") {
				t.Errorf("status page link missing: url %q", e.URL)
			}
			if e.Timestamp != "2025-03-14T09:30:00+01:00" {
				t.Errorf("timestamp %q", e.Timestamp)
			}
		})
	}
}

var pingRE = regexp.MustCompile(`@(everyone|here)|<@[!&]?\w+>|<#\w+>`)

// inert reports the first character Discord's markdown would act on.
func inert(s string) error {
	if m := pingRE.FindString(s); m != "" {
		return errors.New("mention " + m)
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '\\':
			i++
		case strings.ContainsRune(markdownChars, rs[i]):
			return errors.New("unescaped " + string(rs[i]) + " in …" + string(rs[max(i-20, 0):i+1]))
		case rs[i] == 0x1b:
			return errors.New("escape character")
		}
	}
	return nil
}

func TestHostileTextIsInertAndReadable(t *testing.T) {
	for name, h := range updatestest.Hostiles() {
		t.Run(name, func(t *testing.T) {
			p := send(t, h.Message) // the fake has checked every limit
			e := p.Embeds[0]
			_, body, _ := strings.Cut(e.Description, "\n") // the first line is keepcool's own bold label
			check := map[string]string{"content": p.Content, "title": e.Title, "description": body}
			for _, f := range e.Fields {
				if f.Name != "Status page" { // keepcool's own link
					check["field "+f.Name] = f.Name + f.Value
				}
			}
			for what, s := range check {
				if err := inert(s); err != nil {
					t.Errorf("%s: %v", what, err)
				}
			}
			if !strings.Contains(unescape(body), h.Readable) {
				t.Errorf("the note is no longer readable: %.300q", unescape(body))
			}
			if !strings.Contains(unescape(e.Title), "SEV2 · "+h.Message.Title[:20]) {
				t.Errorf("title unreadable: %q", e.Title)
			}
			if n := len(visible(p)); n < 3000 && len(h.Message.Title) > 50_000 {
				t.Errorf("only %d bytes shown: the budget is wasted", n)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"@everyone @Here":         "@\u200beveryone @\u200bHere",
		"<@123> <#9> <t:1:R>":     `\<@123\> \<\#9\> \<t:1:R\>`,
		"**b** __u__ ||s|| ~~x~~": `\*\*b\*\* \_\_u\_\_ \|\|s\|\| \~\~x\~\~`,
		"# h\n-# sub\n> q\n1. a":  "\\# h\n\\-\\# sub\n\\> q\n1\\. a",
		"[l](http://e) `c` \\":    `\[l\]\(http://e\) ` + "\\`c\\` \\\\",
		"v1.2 is 3.5% up":         "v1.2 is 3.5% up",
	} {
		if got := escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorsAreClassifiedAndRedacted(t *testing.T) {
	for _, tc := range []struct {
		name      string
		status    int
		header    string
		body      string
		permanent bool
		wait      time.Duration // 0: no RetryAfterError
	}{
		{"bad request", 400, "", `{"code": 50035}`, true, 0},
		{"unknown webhook", 404, "", `{"code": 10015, "message": "Unknown Webhook"}`, true, 0},
		{"429 body longer", 429, "1", `{"message": "You are being rate limited.", "retry_after": 3.25, "global": false}`, false, 3250 * time.Millisecond},
		{"429 header longer", 429, "2", `{"retry_after": 0.5}`, false, 2 * time.Second},
		{"429 header only", 429, "7", `<html>slow down</html>`, false, 7 * time.Second},
		{"429 no hint", 429, "", ``, false, 0},
		{"server error", 500, "", `oops`, false, 0},
		{"bad gateway", 502, "", ``, false, 0},
		{"unavailable", 503, "4", ``, false, 4 * time.Second},
		{"timeout", 408, "", ``, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.reply = func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}
			err := New("ops", f.url(), f.srv.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
			updatestest.CheckError(t, err, tc.permanent, tc.wait, secret)
		})
	}
}

func TestUnreachableAndMisconfigured(t *testing.T) {
	f := newFake(t)
	f.srv.Close()
	for name, c := range map[string]*Channel{
		"refused":   New("ops", f.url(), f.srv.Client()),
		"no scheme": New("ops", "discord.com/api/webhooks/1/"+secret, &http.Client{}),
		"bad url":   New("ops", "https://discord.com/api/webhooks/1/"+secret+"%zz", &http.Client{}),
		"no client": New("ops", "https://discord.com/api/webhooks/1/"+secret, nil),
	} {
		t.Run(name, func(t *testing.T) {
			err := c.Send(context.Background(), updatestest.Message(updates.KindNote))
			updatestest.CheckError(t, err, name != "refused", 0, secret)
		})
	}
}

func TestSendHonoursContext(t *testing.T) {
	f := newFake(t)
	f.reply = updatestest.Stall(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := New("ops", f.url(), f.srv.Client()).Send(ctx, updatestest.Message(updates.KindNote))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send took %v after its deadline", d)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error leaks the token: %v", err)
	}
}
