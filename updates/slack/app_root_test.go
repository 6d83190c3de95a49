package slack

import (
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// A root Slack will not edit any more (cant_update_message after a
// reinstall, edit_window_closed) does not cost the update: the reply goes
// in the thread as it always does, the message counts as delivered, and
// the refused edit comes back as a degradation that says what it means.
// Later updates keep going to the same thread.
func TestAppUneditableRootStillThreads(t *testing.T) {
	f, a, root := declared(t)
	k := updatestest.Kinds()

	for i, tc := range []struct{ kind, answer, says string }{
		{"note", "cant_update_message", "may no longer edit it"},
		{"status", "edit_window_closed", "time limit for edits"},
		{"estimate", "invalid_blocks", "invalid_blocks"},
	} {
		m := k[tc.kind].Message
		f.failNext("chat.update", tc.answer)
		err := a.Send(context.Background(), m)
		if !updates.IsDegraded(err) || updates.IsPermanent(err) {
			t.Fatalf("%s with %s: %v; want delivered with a degradation", tc.kind, tc.answer, err)
		}
		for _, want := range []string{`slack channel "ops"`, tc.answer, tc.says, "updates still go in its thread", "have a Slack admin delete it"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q does not say %q", tc.kind, err, want)
			}
		}
		if n := len(updates.Truncate(err.Error(), 300)); n < len(err.Error()) {
			t.Errorf("%s: the warning is %d bytes; LastError keeps 300", tc.kind, len(err.Error()))
		}
		replies := f.replies(root)
		if len(replies) != i+1 {
			t.Fatalf("%s: %d replies, want %d", tc.kind, len(replies), i+1)
		}
		// The reply is the one a working root gets: same blocks, thread,
		// metadata and broadcast.
		r := f.callsOf("chat.postMessage")
		p := r[len(r)-1].Form
		if p.Get("channel") != fakeChannel || p.Get("thread_ts") != root || p.Get("blocks") != mustJSON(t, render(m).Blocks) ||
			!strings.Contains(p.Get("metadata"), m.ID) || (p.Get("reply_broadcast") == "true") != (tc.kind == "status") {
			t.Errorf("%s: reply %v; want the update's blocks in the root's thread", tc.kind, p)
		}
	}
	send(t, a, k["resolved"].Message) // the root can be edited again: a clean delivery
	if n, roots := len(f.replies(root)), f.roots(); n != 4 || len(roots) != 1 || !strings.Contains(roots[0].Blocks, `*Status*\nresolved`) {
		t.Errorf("%d replies, roots %v; want 4 replies under the one root, showing the all-clear", n, roots)
	}
}

// An edit that may work later (Slack's trouble, a rate limit) or a dead
// token stops the reply too: the outbox sends the whole message again, and
// a reply posted now would be posted twice.
func TestAppRootEditFailureThatRetriesHoldsTheReply(t *testing.T) {
	for _, tc := range []struct {
		answer    string
		permanent bool
	}{{"500", false}, {"ratelimited", false}, {"token_revoked", true}} {
		f, a, root := declared(t)
		f.failNext("chat.update", tc.answer)
		err := a.Send(context.Background(), updatestest.Kinds()["note"].Message)
		if err == nil || updates.IsDegraded(err) || updates.IsRejected(err) || updates.IsPermanent(err) != tc.permanent {
			t.Errorf("%s: %v; want a failure (permanent %v)", tc.answer, err, tc.permanent)
		}
		if n := len(f.replies(root)); n != 0 {
			t.Errorf("%s: %d replies; want none until the root is edited", tc.answer, n)
		}
	}
}

// declared is an app channel whose incident was declared: its root's ts.
func declared(t *testing.T) (*fakeAPI, *App, string) {
	f := newFakeAPI(t)
	a := f.app(t, fakeChannel)
	send(t, a, updatestest.Kinds()["declared"].Message)
	return f, a, f.roots()[0].TS
}

// A retry that finds its reply already in the thread (the first answer
// was lost) still reports the root it could not edit.
func TestAppUneditableRootLostReply(t *testing.T) {
	f, a, root := declared(t)
	note := updatestest.Kinds()["note"].Message
	f.failNext("chat.update", "cant_update_message", "cant_update_message")
	f.failNext("chat.postMessage", "lost")
	updatestest.CheckError(t, a.Send(context.Background(), note), false, 0, fakeToken)
	if err := a.Send(context.Background(), note); !updates.IsDegraded(err) {
		t.Errorf("retry: %v; want delivered, degraded by the root", err)
	}
	if n := len(f.replies(root)); n != 1 {
		t.Errorf("%d replies, want 1", n)
	}
}
