package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

func send(t *testing.T, a *App, m updates.Message) {
	t.Helper()
	if err := a.Send(context.Background(), m); err != nil {
		t.Fatalf("%s: %v", m.Kind, err)
	}
}

// The declaration posts one root message with Block Kit, a text fallback
// and keepcool's metadata; each later message updates the root and
// replies in its thread, broadcast for a status change and the all-clear.
func TestAppThreadsAnIncident(t *testing.T) {
	f := newFakeAPI(t)
	a := f.app(t, "#incidents")
	k := updatestest.Kinds()
	send(t, a, k["declared"].Message)

	posts := f.callsOf("chat.postMessage")
	if len(posts) != 1 {
		t.Fatalf("declaration: %d chat.postMessage calls, want 1", len(posts))
	}
	p := posts[0]
	if p.Auth != "Bearer "+fakeToken || p.Form.Get("token") != "" {
		t.Errorf("Authorization = %q, form token %q; want the bearer header only", p.Auth, p.Form.Get("token"))
	}
	if p.Form.Get("channel") != fakeChannel || p.Form.Get("thread_ts") != "" { // #incidents, looked up
		t.Errorf("root posted to %q in thread %q", p.Form.Get("channel"), p.Form.Get("thread_ts"))
	}
	if want := render(k["declared"].Message); p.Form.Get("text") != want.Text || p.Form.Get("blocks") != mustJSON(t, want.Blocks) {
		t.Errorf("root text/blocks are not updates/slack's layout:\n%s\n%s", p.Form.Get("text"), p.Form.Get("blocks"))
	}
	var meta struct {
		EventType    string            `json:"event_type"`
		EventPayload map[string]string `json:"event_payload"`
	}
	if err := json.Unmarshal([]byte(p.Form.Get("metadata")), &meta); err != nil ||
		meta.EventType != "keepcool_incident" || meta.EventPayload["incident_id"] != "inc-1" {
		t.Errorf("metadata = %s (%v); want keepcool_incident with incident_id inc-1", p.Form.Get("metadata"), err)
	}
	root := f.roots()[0].TS

	for _, tc := range []struct {
		kind      string
		broadcast bool
	}{{"note", false}, {"estimate", false}, {"status", true}, {"holding", false}, {"resolved", true}} {
		m := k[tc.kind].Message
		send(t, a, m)
		ups := f.callsOf("chat.update")
		u := ups[len(ups)-1].Form
		if u.Get("channel") != fakeChannel || u.Get("ts") != root {
			t.Errorf("%s: chat.update of %s/%s, want the root %s/%s", tc.kind, u.Get("channel"), u.Get("ts"), fakeChannel, root)
		}
		if want := mustJSON(t, rootBlocks(m)); u.Get("blocks") != want {
			t.Errorf("%s: root blocks\n%s\nwant\n%s", tc.kind, u.Get("blocks"), want)
		}
		if !strings.Contains(u.Get("blocks"), escape(m.Status)) || !strings.Contains(u.Get("text"), m.Status) {
			t.Errorf("%s: the root does not show status %q: %s / %s", tc.kind, m.Status, u.Get("text"), u.Get("blocks"))
		}
		if strings.Contains(u.Get("blocks"), "*Impact*") {
			t.Errorf("%s: the root still shows the declaration's text", tc.kind)
		}
		if n := m.NextUpdate(); n != "" && !strings.Contains(u.Get("blocks"), escape(n)) {
			t.Errorf("%s: the root does not show the next update %q", tc.kind, n)
		}
		posts := f.callsOf("chat.postMessage")
		r := posts[len(posts)-1].Form
		if r.Get("thread_ts") != root || r.Get("channel") != fakeChannel || r.Get("blocks") != mustJSON(t, render(m).Blocks) {
			t.Errorf("%s: reply %v; want the update's blocks in the root's thread", tc.kind, r)
		}
		if got := r.Get("reply_broadcast") == "true"; got != tc.broadcast {
			t.Errorf("%s: reply_broadcast = %q, want %v", tc.kind, r.Get("reply_broadcast"), tc.broadcast)
		}
		if want := `{"event_type":"keepcool_update","event_payload":{"incident_id":"inc-1","message_id":"` + m.ID + `"}}`; r.Get("metadata") != want {
			t.Errorf("%s: reply metadata %s, want %s", tc.kind, r.Get("metadata"), want)
		}
	}
	if n := len(f.roots()); n != 1 {
		t.Errorf("%d root messages, want 1", n)
	}
	if n := len(f.callsOf("conversations.history")); n != 1 {
		t.Errorf("%d history searches; want 1 (before the root), then the root's ts kept", n)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// After a restart (a new channel) the root is found in the history by its
// metadata: a repeated declaration posts nothing, an update threads under
// it.
func TestAppFindsItsRootAfterARestart(t *testing.T) {
	f := newFakeAPI(t)
	k := updatestest.Kinds()
	send(t, f.app(t, fakeChannel), k["declared"].Message)
	root := f.roots()[0].TS

	again := f.app(t, fakeChannel)
	send(t, again, k["declared"].Message)
	send(t, again, k["note"].Message)
	h := f.callsOf("conversations.history")
	if len(h) != 2 || h[1].Form.Get("include_all_metadata") != "1" || h[1].Form.Get("channel") != fakeChannel {
		t.Fatalf("history calls %v; want one per instance with include_all_metadata", h)
	}
	if n := len(f.roots()); n != 1 {
		t.Fatalf("%d roots after a restart, want 1", n)
	}
	posts := f.callsOf("chat.postMessage")
	if len(posts) != 2 || posts[1].Form.Get("thread_ts") != root {
		t.Errorf("posts %v; want the note in the root's thread", posts)
	}
}

// An answer lost on the way back is retried by the outbox: the retry finds
// the root that was posted and does not post a second.
func TestAppLostAnswerPostsOneRoot(t *testing.T) {
	f := newFakeAPI(t)
	a := f.app(t, "#incidents")
	m := updatestest.Kinds()["declared"].Message
	f.failNext("chat.postMessage", "lost")
	err := a.Send(context.Background(), m)
	updatestest.CheckError(t, err, false, 0, fakeToken)
	send(t, a, m)
	if n := len(f.roots()); n != 1 {
		t.Errorf("%d roots, want 1", n)
	}
	if n := len(f.callsOf("conversations.list")); n != 1 {
		t.Errorf("%d conversations.list calls to find #incidents' id, want 1", n)
	}
}

// Slack's answers in the outbox's classes: wait, dead channel, refused
// message, retry; the token is in none of them.
func TestAppClassifiesErrors(t *testing.T) {
	cases := []struct {
		answer    string
		permanent bool
		rejected  bool
		wait      time.Duration
	}{
		{"429", false, false, 7 * time.Second},
		{"ratelimited", false, false, rateLimitWait},
		{"invalid_auth", true, false, 0},
		{"account_inactive", true, false, 0},
		{"token_revoked", true, false, 0},
		{"channel_not_found", true, false, 0},
		{"not_in_channel", true, false, 0},
		{"msg_too_long", true, true, 0},
		{"invalid_blocks", true, true, 0},
		{"500", false, false, 0},
		{"internal_error", false, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.answer, func(t *testing.T) {
			f := newFakeAPI(t)
			f.failNext("chat.postMessage", tc.answer)
			err := f.app(t, fakeChannel).Send(context.Background(), updatestest.Kinds()["declared"].Message)
			updatestest.CheckError(t, err, tc.permanent, tc.wait, fakeToken)
			if updates.IsRejected(err) != tc.rejected {
				t.Errorf("rejected = %v, want %v: %v", updates.IsRejected(err), tc.rejected, err)
			}
			if !strings.Contains(err.Error(), `slack channel "ops"`) {
				t.Errorf("error %q does not name the channel", err)
			}
		})
	}
	t.Run("network", func(t *testing.T) {
		a := NewApp(AppConfig{Name: "ops", Token: fakeToken, Channel: fakeChannel, APIURL: "http://127.0.0.1:1/api/"}, updatestest.Client())
		updatestest.CheckError(t, a.Send(context.Background(), updatestest.Kinds()["declared"].Message), false, 0, fakeToken)
	})
}

// channels test checks the token and posts a test message in the channel.
func TestAppTestMessage(t *testing.T) {
	f := newFakeAPI(t)
	send(t, f.app(t, "#incidents"), updatestest.Kinds()["test"].Message)
	if len(f.callsOf("auth.test")) != 1 || len(f.callsOf("chat.postMessage")) != 1 {
		t.Fatalf("calls: auth.test %d, chat.postMessage %d; want 1 each", len(f.callsOf("auth.test")), len(f.callsOf("chat.postMessage")))
	}
	if p := f.callsOf("chat.postMessage")[0].Form; p.Get("metadata") != "" || !strings.Contains(p.Get("blocks"), "Test message") {
		t.Errorf("test message %v; want the test blocks without incident metadata", p)
	}
	f.failNext("auth.test", "token_revoked")
	err := f.app(t, "#incidents").Send(context.Background(), updatestest.Kinds()["test"].Message)
	updatestest.CheckError(t, err, true, 0, fakeToken)
	if !strings.Contains(err.Error(), "reinstall the app") {
		t.Errorf("error %q does not say what to do", err)
	}
}

// A missing token or channel is reported at Send, permanently.
func TestAppConfigProblems(t *testing.T) {
	for _, c := range []AppConfig{{Name: "ops", Channel: "#incidents"}, {Name: "ops", Token: fakeToken, Channel: "#"}} {
		err := NewApp(c, updatestest.Client()).Send(context.Background(), updatestest.Kinds()["declared"].Message)
		updatestest.CheckError(t, err, true, 0, fakeToken)
	}
}

// A reply whose answer was lost is not posted twice by the retry, nor by
// a new channel after a restart that sends the same message again.
func TestAppLostReplyPostsOnce(t *testing.T) {
	f := newFakeAPI(t)
	a := f.app(t, fakeChannel)
	k := updatestest.Kinds()
	send(t, a, k["declared"].Message)
	root := f.roots()[0].TS
	note := k["note"].Message
	f.failNext("chat.postMessage", "lost")
	updatestest.CheckError(t, a.Send(context.Background(), note), false, 0, fakeToken)
	send(t, a, note)
	send(t, f.app(t, fakeChannel), note)
	if n := len(f.replies(root)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
	if n := len(f.callsOf("conversations.replies")); n != 2 {
		t.Errorf("%d thread searches, want 2 (the retry, the restart)", n)
	}
	send(t, a, k["status"].Message) // a new message: no search
	if n := len(f.callsOf("conversations.replies")); n != 2 || len(f.replies(root)) != 2 {
		t.Errorf("%d searches, %d replies; want 2 and 2", n, len(f.replies(root)))
	}
}

// A root someone deleted is posted again, with what stands now, rather
// than every later update being refused.
func TestAppDeletedRootIsPostedAgain(t *testing.T) {
	f := newFakeAPI(t)
	a := f.app(t, fakeChannel)
	k := updatestest.Kinds()
	send(t, a, k["declared"].Message)
	f.mu.Lock()
	f.msgs = nil // deleted in Slack
	f.mu.Unlock()
	send(t, a, k["status"].Message)
	roots := f.roots()
	if len(roots) != 1 || !strings.Contains(roots[0].Blocks, "Status: monitoring") || !strings.Contains(roots[0].Metadata, "keepcool_incident") {
		t.Fatalf("roots %v; want a new root showing the status change", roots)
	}
	send(t, a, k["note"].Message)
	if r := f.replies(roots[0].TS); len(r) != 1 {
		t.Errorf("%d replies under the new root, want 1", len(r))
	}
}
