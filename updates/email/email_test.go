package email

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// fixture is updatestest's message of kind as entry seq of the incident's
// journal, which gives it its own Message-ID. A test message comes as the
// engine sends it: no incident, the channel's name as the title.
func fixture(kind updates.Kind, seq int) updates.Message {
	m := updatestest.Kinds()[string(kind)].Message
	m.ID = fmt.Sprintf("%s/%d", m.IncidentID, seq)
	if kind == updates.KindTest {
		m.ID, m.IncidentID, m.Title = "test/1", "", "leadership"
	}
	return m
}

func newChannel(t *testing.T, cfg Config) *Channel {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "leadership"
	}
	if cfg.From == "" {
		cfg.From = "keepcool <keepcool@example.com>"
	}
	if cfg.To == nil {
		cfg.To = []string{"boss@example.com"}
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func send(t *testing.T, c *Channel, m updates.Message) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := c.Send(ctx, m); err != nil {
		t.Fatalf("Send(%s): %v", m.Kind, err)
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// visible is the HTML part's text as a reader sees it.
func visible(h string) string { return html.UnescapeString(tagRE.ReplaceAllString(h, " ")) }

// stripID turns "<x@y>" into the "x@y" mailpit reports as MessageID.
func stripID(s string) string { return strings.Trim(s, "<> ") }

func TestKinds(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	c := newChannel(t, Config{SMTP: "smtp://" + mp.SMTP, TLS: "none"})
	drill := fixture(updates.KindNote, 20)
	drill.Drill, drill.ID = true, drill.IncidentID+"/drill"
	cases := []struct {
		name string
		m    updates.Message
		next bool
	}{
		{"declared", fixture(updates.KindDeclared, 1), true},
		{"note", fixture(updates.KindNote, 2), true},
		{"no-change", fixture(updates.KindNoChange, 3), true},
		{"holding", fixture(updates.KindHolding, 4), true},
		{"estimate", fixture(updates.KindEstimate, 5), true},
		{"status", fixture(updates.KindStatus, 6), true},
		{"resolved", fixture(updates.KindResolved, 7), false},
		{"test", fixture(updates.KindTest, 8), false},
		{"drill", drill, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			send(t, c, tc.m)
			got, h := mp.ByMessageID(t, stripID(messageID(tc.m)))
			wantSubject := tc.m.ThreadSubject()
			if tc.m.Kind == updates.KindResolved {
				wantSubject = "Resolved: " + wantSubject
			}
			if got.Subject != wantSubject {
				t.Errorf("subject %q, want %q", got.Subject, wantSubject)
			}
			if ct := header(h, "Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
				t.Errorf("Content-Type %q, want multipart/alternative", ct)
			}
			if text := strings.ReplaceAll(got.Text, "\r\n", "\n"); strings.TrimSpace(text) != preheader(tc.m)+"\n\n"+tc.m.Text() {
				t.Errorf("text part:\n%s\nwant the preheader, a blank line and:\n%s", text, tc.m.Text())
			}
			seen := visible(got.HTML)
			want := []string{tc.m.Headline(), tc.m.Label(), tc.m.Body()}
			for _, f := range tc.m.Facts() {
				want = append(want, f.Label, f.Value)
			}
			for _, w := range want {
				if !strings.Contains(seen, w) {
					t.Errorf("HTML part does not show %q", w)
				}
			}
			if has := strings.Contains(got.HTML, "Next update by "+tc.m.NextUpdateBy.Format("15:04")); has != tc.next {
				t.Errorf("HTML has next update: %v, want %v", has, tc.next)
			}
			if !strings.Contains(got.HTML, `href="http://127.0.0.1:8725/"`) {
				t.Error("HTML part has no status page button")
			}
			if header(h, "Auto-Submitted") != "auto-generated" {
				t.Errorf("Auto-Submitted %q", header(h, "Auto-Submitted"))
			}
			if tc.m.Drill && !strings.HasPrefix(got.Subject, "[DRILL] ") {
				t.Errorf("drill subject %q lacks [DRILL]", got.Subject)
			}
		})
	}
}

func TestOneMessageForAllRecipients(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	to := []string{"boss@example.com", "Account Manager <am@example.com>", "cto@example.org"}
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none", To: to})
	send(t, c, fixture(updates.KindNote, 2))
	list := mp.Messages(t)
	if len(list) != 1 {
		t.Fatalf("mailpit holds %d messages, want 1", len(list))
	}
	var got []string
	for _, a := range list[0].To {
		got = append(got, a.Address)
	}
	if strings.Join(got, ",") != "boss@example.com,am@example.com,cto@example.org" {
		t.Errorf("To = %v", got)
	}
}

// TestThreading: declared → note → resolved form one thread in mail
// clients, a retry repeats its Message-ID, and a test message stands alone.
func TestThreading(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "--ignore-duplicate-ids") // a receiver that dedupes by Message-ID
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none"})
	declared, note, resolved := fixture(updates.KindDeclared, 1), fixture(updates.KindNote, 2), fixture(updates.KindResolved, 3)
	for _, m := range []updates.Message{declared, note, note, resolved} { // the note is retried
		send(t, c, m)
	}
	send(t, c, fixture(updates.KindTest, 4))
	if n := len(mp.Messages(t)); n != 4 {
		t.Fatalf("mailpit holds %d messages, want 4 (the retried note deduplicated)", n)
	}
	root := "<" + declared.IncidentID + "@keepcool>"
	_, h := mp.ByMessageID(t, stripID(root))
	if header(h, "In-Reply-To") != "" || header(h, "References") != "" {
		t.Errorf("declared message replies to something: %v", h)
	}
	ids := map[string]bool{root: true}
	for _, m := range []updates.Message{note, resolved} {
		got, h := mp.ByMessageID(t, stripID(messageID(m)))
		id := header(h, "Message-Id")
		if ids[id] {
			t.Errorf("%s reuses Message-ID %s", m.Kind, id)
		}
		ids[id] = true
		if irt, ref := header(h, "In-Reply-To"), header(h, "References"); irt != root || ref != root {
			t.Errorf("%s: In-Reply-To %q, References %q, want %s", m.Kind, irt, ref, root)
		}
		if !strings.HasSuffix(got.Subject, "[SEV2] Checkout returns 500s") {
			t.Errorf("%s subject %q lost the thread's base", m.Kind, got.Subject)
		}
	}
	_, h = mp.ByMessageID(t, stripID(messageID(fixture(updates.KindTest, 4))))
	if header(h, "In-Reply-To") != "" || header(h, "References") != "" {
		t.Errorf("test message is threaded: %v", h)
	}
}

func TestHostileNote(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none", To: []string{"boss@example.com", "am@example.com"}})
	m := fixture(updates.KindNote, 2)
	m.Note = updatestest.HostileNote()
	m.Title = "Checkout\r\nBcc: victim@evil.example\r\n<b>x</b>"
	m.StatusPage = `https://status.example/?q="><script>alert(2)</script>`
	send(t, c, m)
	got, h := mp.ByMessageID(t, stripID(messageID(m)))

	if regexp.MustCompile(`(?i)<\s*script`).MatchString(got.HTML) {
		t.Error("HTML part contains a <script element")
	}
	if strings.Contains(got.HTML, `href="http://evil`) || strings.Count(got.HTML, "<a ") != 1 {
		t.Error("HTML part has a link besides the status page button")
	}
	for _, w := range []string{"<script>alert(1)</script> <!channel>", "**bold** _x_ `code` [link](http://evil) & < >"} {
		if !strings.Contains(got.Text, w) {
			t.Errorf("text part does not show %q literally", w)
		}
		if !strings.Contains(visible(got.HTML), w) {
			t.Errorf("HTML part does not show %q as text", w)
		}
	}
	for part, s := range map[string]string{"text": got.Text, "HTML": got.HTML, "subject": got.Subject} {
		s = strings.ReplaceAll(s, "\r\n", "\n") // MIME's line ends
		if i := strings.IndexFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' }); i >= 0 {
			t.Errorf("%s part carries control character %q", part, s[i])
		}
		if !utf8.ValidString(s) {
			t.Errorf("%s part is not valid UTF-8", part)
		}
	}
	if strings.Contains(got.Text, "[31m") || !strings.Contains(got.Text, "& < > lorem") {
		t.Error("the terminal escape is not dropped whole")
	}
	if got.Size > 256<<10 {
		t.Errorf("message is %d bytes; a hostile note should be cut", got.Size)
	}
	head, _, _ := strings.Cut(mp.Raw(t, got.ID), "\r\n\r\n")
	if header(h, "Bcc") != "" || len(got.To) != 2 || strings.Contains(head, "\nBcc:") {
		t.Errorf("title injected a header: To %v, headers %v", got.To, h)
	}
	if want := "[SEV2] Checkout Bcc: victim@evil.example <b>x</b>"; got.Subject != want {
		t.Errorf("subject %q, want %q", got.Subject, want)
	}
}

// TestConcurrentSends: one Channel is used by the outbox from several
// goroutines; each send gets its own connection.
func TestConcurrentSends(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none", Username: "keepcool", Password: "pw-1234"})
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() { send(t, c, fixture(updates.KindNote, 10+i)) })
	}
	wg.Wait()
	if n := len(mp.Messages(t)); n != 5 {
		t.Errorf("mailpit holds %d messages, want 5", n)
	}
}
