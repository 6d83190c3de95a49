package teams

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/lookalike"
	"github.com/keepcool/keepcool/updates/updatestest"
)

func send(t *testing.T, m updates.Message) (wireCard, int) {
	t.Helper()
	f := newFake(t)
	if err := New("ops", f.url(), f.srv.Client()).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := f.got.All()
	if len(got) != 1 {
		t.Fatalf("Teams got %d posts, want 1", len(got))
	}
	return got[0].msg.Attachments[0].Content, got[0].size
}

// texts is every string a reader sees, in order; facts as "Title: Value".
func texts(c wireCard) []string {
	var s []string
	for _, e := range c.Body {
		s = append(s, e.Text)
		for _, f := range e.Facts {
			s = append(s, f.Title+": "+f.Value)
		}
	}
	for _, a := range c.Actions {
		s = append(s, a.Title+" "+a.URL)
	}
	return s
}

func TestSendEveryKind(t *testing.T) {
	for name, tc := range updatestest.Kinds() {
		t.Run(name, func(t *testing.T) {
			c, _ := send(t, tc.Message)
			text := lookalike.Unescape(strings.Join(texts(c), "\n"))
			for _, w := range tc.Want {
				if !strings.Contains(text, w) {
					t.Errorf("card lacks %q:\n%s", w, text)
				}
			}
			head := c.Body[0]
			if head.Weight != "Bolder" || head.Size != "Medium" || !head.Wrap || !c.Body[1].Wrap {
				t.Errorf("headline %+v, body wrap %v", head, c.Body[1].Wrap)
			}
			if drill := strings.HasPrefix(head.Text, "[DRILL] "); drill != tc.Message.Drill {
				t.Errorf("headline %q: [DRILL] prefix = %v, want %v", head.Text, drill, tc.Message.Drill)
			}
			promise := tc.Message.Kind != updates.KindResolved && tc.Message.Kind != updates.KindTest
			last := c.Body[len(c.Body)-1]
			if (last.Text == "Next update by 09:45 CET") != promise || strings.Contains(text, "Next update") != promise {
				t.Errorf("last block %q; want the promise: %v", last.Text, promise)
			}
			if len(c.Actions) != 1 || c.Actions[0].URL != "http://127.0.0.1:8725/" {
				t.Errorf("actions %+v, want the status page", c.Actions)
			}
		})
	}
}

var (
	blockRE = regexp.MustCompile(`(?m)^[ \t]*([-+#]|\d+[.)])`)
	markRE  = regexp.MustCompile("[*_~`<>&\x1b]|\\]\\(|\\{\\{")
)

func TestHostileTextIsInertAndReadable(t *testing.T) {
	for name, h := range updatestest.Hostiles() {
		t.Run(name, func(t *testing.T) {
			c, size := send(t, h.Message) // the fake has checked the size and the schema
			for _, s := range texts(c) {
				if bad := markRE.FindString(s); bad != "" {
					t.Errorf("markup %q survives in %.80q", bad, s)
				}
				if bad := blockRE.FindString(s); bad != "" {
					t.Errorf("a line starts a list or heading: %q", bad)
				}
			}
			if body := lookalike.Unescape(c.Body[1].Text); !strings.Contains(body, h.Readable) {
				t.Errorf("the note is no longer readable: %.300q", body)
			}
			if !strings.Contains(lookalike.Unescape(c.Body[0].Text), "SEV2 · "+h.Message.Title[:20]) {
				t.Errorf("headline unreadable: %.100q", c.Body[0].Text)
			}
			if size < 16<<10 && len(h.Message.Title) > 50_000 {
				t.Errorf("only %d bytes sent: the budget is wasted", size)
			}
		})
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"<at>Sam</at> &lt;":               "‹at›Sam‹/at› ＆lt;",
		"**b** _i_ ~~s~~ `c`":             "∗∗b∗∗ ＿i＿ ∼∼s∼∼ ˋcˋ",
		"[l](http://e)":                   "[l]\u200b(http://e)",
		"{{{DATE(2026-01-01T00:00:00Z)}}": "{\u200b{\u200b{DATE(2026-01-01T00:00:00Z)}}",
		"- a\n 2. b\n# c\nv1.2":           "\u200b- a\n\u200b 2. b\n\u200b# c\nv1.2",
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
		permanent bool
		wait      time.Duration
	}{
		{"bad request", 400, "", true, 0},
		{"flow off", 404, "", true, 0},
		{"too large", 413, "", true, 0},
		{"throttled", 429, "3", false, 3 * time.Second},
		{"throttled without hint", 429, "", false, 0},
		{"server error", 500, "", false, 0},
		{"unavailable", 503, "4", false, 4 * time.Second},
		{"timeout", 408, "", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.reply = func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(`{"error":{"code":"X","message":"no"}}`))
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
		"no scheme": New("ops", "prod.logic.azure.com/workflows/x?sig="+secret, &http.Client{}),
		"bad url":   New("ops", "https://prod.logic.azure.com/%zz?sig="+secret, &http.Client{}),
		"no client": New("ops", "https://prod.logic.azure.com/workflows/x?sig="+secret, nil),
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
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := New("ops", f.url(), f.srv.Client()).Send(ctx, updatestest.Message(updates.KindNote))
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), secret) {
		t.Fatalf("err = %v, want Canceled without the signature", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send took %v after cancel", d)
	}
}
