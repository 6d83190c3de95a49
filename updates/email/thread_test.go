package email

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// TestThreadHeadersThroughMailpit: every message of an incident carries
// References, the same Thread-Topic and a Thread-Index whose first 22
// bytes are the declaration's, one 5-byte block longer; the all-clear
// says "Resolved:" in its subject; each message's preview (text part's
// first line, HTML body's first text) says what kind of update it is.
func TestThreadHeadersThroughMailpit(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none"})
	thread := []updates.Message{fixture(updates.KindDeclared, 1), fixture(updates.KindNote, 2), fixture(updates.KindHolding, 3),
		fixture(updates.KindEstimate, 4), fixture(updates.KindStatus, 5), fixture(updates.KindResolved, 6)}
	previews := []string{"Incident declared · next update by 09:45 CET", "Update · next update by 09:45 CET",
		"Holding message: We are still working on it; the next update is coming.",
		"Estimate revised: 10:00–10:30 CET (revised from 09:40–10:00 CET)",
		"Status: monitoring · next update by 09:45 CET", "Resolved after 1 h 05 min"}
	for _, m := range thread {
		send(t, c, m)
	}
	var root []byte
	for i, m := range thread {
		got, h := mp.ByMessageID(t, stripID(messageID(m)))
		if topic := header(h, "Thread-Topic"); topic != "[SEV2] Checkout returns 500s" {
			t.Errorf("%s: Thread-Topic %q, want the incident's base subject", m.Kind, topic)
		}
		idx, err := base64.StdEncoding.DecodeString(header(h, "Thread-Index"))
		if err != nil {
			t.Fatalf("%s: Thread-Index %q: %v", m.Kind, header(h, "Thread-Index"), err)
		}
		if i == 0 {
			root = idx
			if len(idx) != 22 || idx[0] != 0x01 || header(h, "References") != "" {
				t.Errorf("declaration: Thread-Index %x (%d bytes), References %q", idx, len(idx), header(h, "References"))
			}
		} else if len(idx) != 27 || !bytes.Equal(idx[:22], root) || header(h, "References") != "<inc-1@keepcool>" {
			t.Errorf("%s: Thread-Index %x, want %x and one 5-byte block; References %q", m.Kind, idx, root, header(h, "References"))
		}
		wantSubject := "[SEV2] Checkout returns 500s"
		if m.Kind == updates.KindResolved {
			wantSubject = "Resolved: " + wantSubject
		}
		if got.Subject != wantSubject {
			t.Errorf("%s: subject %q, want %q", m.Kind, got.Subject, wantSubject)
		}
		if first, _, _ := strings.Cut(got.Text, "\n"); strings.TrimSpace(first) != previews[i] {
			t.Errorf("%s: text part starts %q, want %q", m.Kind, first, previews[i])
		}
		_, body, _ := strings.Cut(got.HTML, "<body")
		if first := strings.Fields(visible("<body" + body)); strings.Join(first, " ")[:len(previews[i])] != previews[i] {
			t.Errorf("%s: HTML body starts %.80q, want the preheader %q", m.Kind, strings.Join(first, " "), previews[i])
		}
		checkHTML(t, mp, got.ID)
	}
}

// checkHTML runs mailpit's HTML check (caniemail's data) on a message and
// fails when a tag or property is unsupported by most clients, or when
// the preheader's display:none is missing or poorly supported (a client
// that cannot hide it shows it as one more line at the top).
func checkHTML(t *testing.T, mp *mailpit, id string) {
	t.Helper()
	var r struct {
		Total    struct{ Nodes int }
		Warnings []struct {
			Slug, Title, Category string
			Score                 struct{ Found, Supported, Partial, Unsupported float64 }
		}
	}
	mp.Get(t, "/api/v1/message/"+url.PathEscape(id)+"/html-check", &r)
	if r.Total.Nodes == 0 {
		t.Fatal("mailpit's HTML check saw no HTML")
	}
	hidden := false
	for _, w := range r.Warnings {
		if w.Slug == "css-display-none" {
			hidden = w.Score.Supported > 80 // the preheader stays out of sight
		}
		if w.Score.Unsupported > 50 {
			t.Errorf("mailpit's HTML check: %s (%s) unsupported by %.0f%% of clients", w.Title, w.Slug, w.Score.Unsupported)
		}
	}
	if !hidden {
		t.Error("mailpit's HTML check does not find the preheader's display:none, or finds it mostly unsupported")
	}
}

// TestThreadIndexFormat decodes the header as Outlook does (MS-OXOMSG
// 2.2.1.3): the declaration's time in the header block, each reply's time
// since then in its child block; and checks it is the same on a retry.
func TestThreadIndexFormat(t *testing.T) {
	declared, note := fixture(updates.KindDeclared, 1), fixture(updates.KindNote, 2)
	root, _ := base64.StdEncoding.DecodeString(threadIndex(declared))
	reply, _ := base64.StdEncoding.DecodeString(threadIndex(note))
	headTime := binary.BigEndian.Uint64(append(root[:6:6], 0, 0))
	start := time.Unix(int64(headTime/10_000_000)-11644473600, int64(headTime%10_000_000)*100) // FILETIME's 1601 epoch
	if d := start.Sub(declared.DeclaredAt); d > 0 || d < -10*time.Millisecond {
		t.Errorf("header block says %v, want the declaration %v", start, declared.DeclaredAt)
	}
	if g := root[6:22]; g[6]>>4 != 8 || g[8]>>6 != 2 {
		t.Errorf("GUID %x is not an RFC 9562 version 8 UUID", g)
	}
	delta := binary.BigEndian.Uint32(reply[22:26])
	if dc := delta >> 31; dc != 0 {
		t.Fatalf("DC bit %d for a 30-minute delta", dc)
	}
	elapsed := time.Duration(uint64(delta)<<18*100) * time.Nanosecond
	if want := note.At.Sub(declared.DeclaredAt); elapsed > want || want-elapsed > 30*time.Millisecond {
		t.Errorf("child block says %v after the start, want %v", elapsed, want)
	}
	if threadIndex(note) != threadIndex(fixture(updates.KindNote, 2)) {
		t.Error("a retry gets another Thread-Index")
	}
	other := fixture(updates.KindNote, 2)
	other.IncidentID = "inc-2"
	if o, _ := base64.StdEncoding.DecodeString(threadIndex(other)); bytes.Equal(o[6:22], root[6:22]) {
		t.Error("two incidents share a conversation GUID")
	}
	long := fixture(updates.KindNote, 3)
	long.At = long.DeclaredAt.Add(3 * 365 * 24 * time.Hour)
	if b, _ := base64.StdEncoding.DecodeString(threadIndex(long)); b[22]>>7 != 1 {
		t.Error("a 3-year delta does not switch to DC = 1")
	}
}
