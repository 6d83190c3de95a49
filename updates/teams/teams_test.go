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

// texts is every string a reader sees, in order, as a reader copies it:
// a RichTextBlock's runs joined (a fact reads "Title: Value").
func texts(c wireCard) []string {
	var s []string
	for _, e := range c.Body {
		if e.Text != "" {
			s = append(s, e.Text)
		}
		for _, f := range e.Facts {
			s = append(s, f.Title+": "+f.Value)
		}
		var line strings.Builder
		for _, r := range e.Inlines {
			line.WriteString(r.Text)
		}
		if line.Len() > 0 {
			s = append(s, line.String())
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
			text := strings.Join(texts(c), "\n")
			for _, w := range tc.Want {
				if !strings.Contains(text, w) {
					t.Errorf("card lacks %q:\n%s", w, text)
				}
			}
			head := c.Body[0].Inlines[0]
			if head.Weight != "Bolder" || head.Size != "Medium" || c.Body[1].Type != "RichTextBlock" {
				t.Errorf("headline %+v, body %+v", head, c.Body[1])
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

// TestHostileTextIsInertAndReadable: every untrusted string is in a
// TextRun, which Adaptive Cards show without Markdown, and arrives as
// typed (cleaned of controls), without look-alikes or zero-width
// characters; keepcool's own TextBlock holds none of it.
func TestHostileTextIsInertAndReadable(t *testing.T) {
	for name, h := range updatestest.Hostiles() {
		t.Run(name, func(t *testing.T) {
			c, size := send(t, h.Message) // the fake has checked the size and the schema
			for _, e := range c.Body {
				if e.Type != "RichTextBlock" && e.Text != "Next update by 09:45 CET" {
					t.Errorf("%s element %q: untrusted text may only go in TextRuns", e.Type, e.Text)
				}
			}
			all := substBroken.ReplaceAllString(strings.Join(texts(c), "\n"), "{{$1(")
			if bad := lookalikeRE.FindString(all); bad != "" {
				t.Errorf("look-alike %q in the card: copied text would not be what was typed", bad)
			}
			if strings.ContainsRune(all, '\x1b') {
				t.Error("a terminal escape survives")
			}
			if strings.Contains(all, "{{DATE(") && !substBroken.MatchString(strings.Join(texts(c), "")) {
				t.Error("{{DATE( is not broken")
			}
			body := substBroken.ReplaceAllString(strings.Join(runs(c.Body[1]), ""), "{{$1(")
			if !strings.Contains(body, h.Readable) {
				t.Errorf("the note is not as typed: %.300q", body)
			}
			if !strings.Contains(substBroken.ReplaceAllString(strings.Join(runs(c.Body[0]), ""), "{{$1("), "SEV2 · "+h.Message.Title[:20]) {
				t.Errorf("headline not as typed: %.100q", c.Body[0].Inlines)
			}
			if size < 16<<10 && len(h.Message.Title) > 50_000 {
				t.Errorf("only %d bytes sent: the budget is wasted", size)
			}
		})
	}
}

// substBroken is the one place escape puts a zero-width space.
var substBroken = regexp.MustCompile("\\{\u200b\\{(DATE|TIME)\\(")

// lookalikeRE finds what lookalike.Escape puts in text: its twins and the
// zero-width space.
var lookalikeRE = regexp.MustCompile("[∗＿∼ˋ‹›＆\u200b]")

func runs(e wireElement) []string {
	var s []string
	for _, r := range e.Inlines {
		s = append(s, r.Text)
	}
	return s
}

// TestCommandsSurviveCopyPaste: a note of commands and markup arrives in
// the card as typed, each line, so what a reader copies runs.
func TestCommandsSurviveCopyPaste(t *testing.T) {
	note := "make build && ./deploy --force\n**bold** _x_ ~~s~~ `code` [l](http://e) <at>Sam</at> &amp; <!channel>\n- not a list\n# not a heading\n{{not a date}}"
	m := updatestest.Message(updates.KindNote)
	m.Note = note
	m.Title = "a && b **c**"
	c, _ := send(t, m)
	if got := strings.Join(runs(c.Body[1]), ""); got != note {
		t.Errorf("note arrives as %q, want %q", got, note)
	}
	if got := strings.Join(runs(c.Body[0]), ""); !strings.Contains(got, "a && b **c**") {
		t.Errorf("headline arrives as %q", got)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"<at>Sam</at> &lt; a && b":                    "<at>Sam</at> &lt; a && b",
		"**b** _i_ ~~s~~ `c` [l](http://e)":           "**b** _i_ ~~s~~ `c` [l](http://e)",
		"- a\n 2. b\n# c\n{{x}}":                      "- a\n 2. b\n# c\n{{x}}",
		"{{{DATE(2026-01-01T00:00:00Z)}} {{TIME(x)}}": "{{\u200b{DATE(2026-01-01T00:00:00Z)}} {\u200b{TIME(x)}}",
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
