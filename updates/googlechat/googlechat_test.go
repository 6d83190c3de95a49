package googlechat

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

func send(t *testing.T, ms ...updates.Message) []wireMessage {
	t.Helper()
	f := newFake(t)
	c := New("ops", f.url(), f.srv.Client())
	for _, m := range ms {
		if err := c.Send(context.Background(), m); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	got := f.got.All()
	if len(got) != len(ms) {
		t.Fatalf("Chat got %d posts, want %d", len(got), len(ms))
	}
	return got
}

// ours matches keepcool's own markup: the bold fact labels and promise,
// the status page link; what is left came from the message's strings.
var ours = regexp.MustCompile(`(?m)^\*(Status|Fix expected|Declared|Elapsed|Duration|Root cause|Impact|What we know|What we don't know|How we'll find out):\* ` +
	`|^\*Next update by \d\d:\d\d [A-Z]+\*$|^<http://127\.0\.0\.1:8725/\|Open the live status page>$`)

// userText is the text without keepcool's own markup, headline stars too.
func userText(text string) string {
	head, rest, _ := strings.Cut(text, "\n")
	if len(head) < 2 || head[0] != '*' || head[len(head)-1] != '*' {
		return text // no bold headline: leave the stars to fail the caller
	}
	return head[1:len(head)-1] + "\n" + ours.ReplaceAllString(rest, "")
}

func TestSendEveryKind(t *testing.T) {
	for name, tc := range updatestest.Kinds() {
		t.Run(name, func(t *testing.T) {
			m := send(t, tc.Message)[0]
			text := m.Text + "\n" + strings.Join(paragraphs(t, m), "\n")
			for _, w := range tc.Want {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
			promise := tc.Message.Kind != updates.KindResolved && tc.Message.Kind != updates.KindTest
			if strings.Contains(m.Text, "\n*Next update by 09:45 CET*") != promise || strings.Contains(text, "Next update") != promise {
				t.Errorf("promise shown != %v:\n%s", promise, m.Text)
			}
			if drill := strings.HasPrefix(m.Text, "*[DRILL] "); drill != tc.Message.Drill {
				t.Errorf("[DRILL] prefix = %v, want %v:\n%s", drill, tc.Message.Drill, m.Text)
			}
			if !strings.HasSuffix(m.Text, "\n<http://127.0.0.1:8725/|Open the live status page>") {
				t.Errorf("status page link missing:\n%s", m.Text)
			}
			if m.Thread == nil || m.Thread.ThreadKey != "inc-1" {
				t.Errorf("thread %+v, want key inc-1", m.Thread)
			}
		})
	}
}

func TestUpdatesOfOneIncidentShareAThread(t *testing.T) {
	a1, a2, b := updatestest.Message(updates.KindDeclared), updatestest.Message(updates.KindNote), updatestest.Message(updates.KindNote)
	b.IncidentID = "inc-2"
	got := send(t, a1, a2, b)
	if got[0].Thread.ThreadKey != got[1].Thread.ThreadKey || got[0].Thread.ThreadKey == got[2].Thread.ThreadKey {
		t.Errorf("thread keys %q %q %q: want the first two equal, the third apart",
			got[0].Thread.ThreadKey, got[1].Thread.ThreadKey, got[2].Thread.ThreadKey)
	}
}

// markRE is what Chat's text markup acts on: in the text, only the
// headline line may hold untrusted text, and none of these may survive
// in it.
var markRE = regexp.MustCompile("[*_~`<\x1b]")

// lookalikeRE finds what lookalike puts in text: its twins and the
// zero-width space, which a reader would copy instead of what was typed.
var lookalikeRE = regexp.MustCompile("[∗＿∼ˋ‹›＆\u200b]")

// TestHostileTextIsInertAndReadable: the text carries no markup but
// keepcool's; the note and the facts are in the card, HTML-escaped, and
// read there exactly as typed (cleaned of controls), no look-alike in it.
func TestHostileTextIsInertAndReadable(t *testing.T) {
	for name, h := range updatestest.Hostiles() {
		t.Run(name, func(t *testing.T) {
			m := send(t, h.Message)[0] // the fake has checked the limits
			if bad := markRE.FindString(userText(m.Text)); bad != "" {
				t.Errorf("markup %q survives:\n%.600s", bad, m.Text)
			}
			if strings.Contains(m.Text, "<users/") {
				t.Error("a mention survives")
			}
			card := strings.Join(paragraphs(t, m), "\n")
			if bad := lookalikeRE.FindString(card); bad != "" {
				t.Errorf("look-alike %q in the card: a copy would not be what was typed", bad)
			}
			if !strings.Contains(card, h.Readable) {
				t.Errorf("the note is not in the card as typed: %.400q", card)
			}
			if raw, _ := encode(render(h.Message)); len(raw) < 8<<10 && len(h.Message.Impact) > 50_000 {
				t.Errorf("only %d bytes sent: the budget is wasted", len(raw))
			}
		})
	}
}

// TestCommandsSurviveCopyPaste: a note of commands and markup reads in
// the card exactly as typed, line by line, so what a reader copies runs.
func TestCommandsSurviveCopyPaste(t *testing.T) {
	note := "make build && ./deploy --force\n**bold** _x_ ~s~ `code` [l](http://e) <users/all> <https://e|x> &amp; <!channel>\n- not a list\n* nor this"
	m := updatestest.Message(updates.KindNote)
	m.Note = note
	got := send(t, m)[0]
	if p := paragraphs(t, got); len(p) == 0 || p[0] != note {
		t.Errorf("card reads %q, want the note as typed %q", p, note)
	}
}

// paragraphs is each card text paragraph as a reader sees and copies it:
// keepcool's <b> gone, <br> a line break, entities read.
func paragraphs(t *testing.T, m wireMessage) []string {
	t.Helper()
	var out []string
	for _, p := range rawParagraphs(t, m) {
		out = append(out, plain(p[1]))
	}
	return out
}

func plain(p string) string {
	return html.UnescapeString(strings.NewReplacer("<br>", "\n", "<b>", "", "</b>", "").Replace(p))
}

// rawParagraphs is each card text paragraph as sent, with its section's
// header: {header, text}.
func rawParagraphs(t *testing.T, m wireMessage) [][2]string {
	t.Helper()
	var out [][2]string
	for _, raw := range m.CardsV2 {
		var c wireCard
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("card: %v", err)
		}
		for _, s := range c.Card.Sections {
			for _, w := range s.Widgets {
				out = append(out, [2]string{s.Header, w.TextParagraph.Text})
			}
		}
	}
	return out
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"<users/all> <https://e|x>":    "‹users/all> ‹https://e|x>",
		"*b* _i_ ~s~ `c` &amp; a && b": "∗b∗ ＿i＿ ∼s∼ ˋcˋ &amp; a && b",
		"[l](http://e) {{x}} - a":      "[l](http://e) {{x}} - a",
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
		{"forbidden", 403, "", true, 0},
		{"space gone", 404, "", true, 0},
		{"quota", 429, "", false, 0}, // Chat's RESOURCE_EXHAUSTED comes without Retry-After
		{"quota with hint", 429, "6", false, 6 * time.Second},
		{"server error", 500, "", false, 0},
		{"unavailable", 503, "2", false, 2 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.reply = func(w http.ResponseWriter, r *http.Request) {
				if tc.header != "" {
					w.Header().Set("Retry-After", tc.header)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(`{"error": {"code": 0, "message": "no", "status": "X"}}`))
			}
			err := New("ops", f.url(), f.srv.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
			updatestest.CheckError(t, err, tc.permanent, tc.wait, secret, "K3Y")
		})
	}
}

func TestUnreachableAndMisconfigured(t *testing.T) {
	f := newFake(t)
	f.srv.Close()
	for name, c := range map[string]*Channel{
		"refused":   New("ops", f.url(), f.srv.Client()),
		"no scheme": New("ops", "chat.googleapis.com/v1/spaces/A/messages?token="+secret, &http.Client{}),
		"bad url":   New("ops", "https://chat.googleapis.com/%zz?token="+secret, &http.Client{}),
		"no client": New("ops", "https://chat.googleapis.com/v1/spaces/A/messages?token="+secret, nil),
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
		t.Fatalf("err = %v, want Canceled without the token", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send took %v after cancel", d)
	}
}
