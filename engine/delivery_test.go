package engine

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// picky is a stakeholder channel that refuses, with 400, every note whose
// text holds refuse, delivers with a warning every note whose text holds
// degrade, and answers 404 to everything while gone.
type picky struct {
	endpoint
	refuse  string
	degrade string
	gone    bool
}

func (p *picky) Send(ctx context.Context, m updates.Message) error {
	p.mu.Lock()
	gone := p.gone
	p.mu.Unlock()
	switch {
	case gone:
		return updates.Permanent(errors.New("http://127.0.0.1/… answered 404 Not Found: no such hook"))
	case p.refuse != "" && strings.Contains(m.Note, p.refuse):
		return updates.Permanent(errors.New("http://127.0.0.1/… answered 400 Bad Request: text too long"))
	case p.degrade != "" && strings.Contains(m.Note, p.degrade):
		if err := p.endpoint.Send(ctx, m); err != nil {
			return err
		}
		return updates.Degraded(errors.New("root message not updated: cant_update_message"))
	}
	return p.endpoint.Send(ctx, m)
}

func (p *picky) setGone(g bool) { p.mu.Lock(); p.gone = g; p.mu.Unlock() }

// A channel that delivered its last message with a warning keeps the
// warning in LastError, and its last refusal apart in LastRefusal (and in
// Reason, which the replies' summary shows).
func TestRefusalAndDegradedDeliveryKeptApart(t *testing.T) {
	hook := &picky{endpoint: endpoint{name: "hook"}, refuse: "BIG", degrade: "root"}
	r := start(t, testPaths(t), config.Incident{}, nil, Registered{Type: "webhook", Channel: hook})
	if _, err := r.c.Start(context.Background(), api.StartRequest{Title: "Search down", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	note(t, r, "BIG paste")
	note(t, r, "root cause found")
	poll.For(t, "the note after the refused one", func() bool { return len(hook.received()) == 2 })
	poll.For(t, "its outcome", func() bool { return r.eng.Channels()[0].Status.LastError != "" })
	c := r.eng.Channels()[0].Status
	if c.Undelivered != 1 || !strings.Contains(c.LastRefusal, "400 Bad Request: text too long") ||
		!strings.Contains(c.LastError, "cant_update_message") || c.Reason != "HTTP 400 Bad Request: text too long" {
		t.Fatalf("status %+v: want the refusal in LastRefusal and Reason, the warning in LastError", c)
	}
}

func note(t *testing.T, r *running, text string) api.Incident {
	t.Helper()
	inc, err := r.c.Note(context.Background(), api.NoteRequest{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// One refused note: the channel goes on, the engineer is told in every
// reply, the post-mortem and export list it, and a restart keeps it.
func TestRejectedNoteReportedAndChannelGoesOn(t *testing.T) {
	hook := &picky{endpoint: endpoint{name: "hook"}, refuse: "BIG"}
	paths := testPaths(t)
	r := start(t, paths, config.Incident{}, nil, Registered{Type: "webhook", Channel: hook})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Search down", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	note(t, r, "BIG paste")
	note(t, r, "reindexing")
	poll.For(t, "the note after the refused one", func() bool { return len(hook.received()) == 2 })
	r.stop() // a restart keeps it refused
	hook = &picky{endpoint: endpoint{name: "hook"}}
	r = start(t, paths, config.Incident{}, nil, Registered{Type: "webhook", Channel: hook})
	if c := r.eng.Channels()[0].Status; c.Undelivered != 1 || c.Delivered != 2 || c.Pending != 0 {
		t.Fatalf("after restart: %+v", c)
	}
	inc := note(t, r, "still reindexing")
	want := "hook rejected 1 message (HTTP 400 Bad Request: text too long)."
	if got := inc.Delivery.Summary(); got != want {
		t.Fatalf("summary %q, want %q", got, want)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "reindexed"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the all-clear", func() bool { return len(hook.received()) == 2 })
	if got := hook.received(); got[1].Kind != updates.KindResolved {
		t.Fatalf("last message %s, want the all-clear", got[1].Kind)
	}
	ids, _ := r.eng.store.ids()
	pm, err := os.ReadFile(r.eng.store.postMortemPath(ids[0]))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{pm, export(t, r)} {
		if s := string(doc); !strings.Contains(s, "## Undelivered messages") || !strings.Contains(s, "`hook`") ||
			!strings.Contains(s, "note message `“BIG paste”`: `http://127.0.0.1/… answered 400 Bad Request: text too long`") {
			t.Fatalf("post-mortem lacks the undelivered note:\n%s", s)
		}
	}
}

func export(t *testing.T, r *running) []byte {
	t.Helper()
	b, err := r.c.Export(context.Background(), "", "md")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// `channels test` tells what became of the backlog it released.
func TestChannelTestReportsTheBacklog(t *testing.T) {
	hook := &picky{endpoint: endpoint{name: "hook"}, refuse: "BIG", gone: true}
	r := start(t, testPaths(t), config.Incident{}, nil, Registered{Type: "webhook", Channel: hook})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Search down", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatal(err)
	}
	note(t, r, "BIG paste")
	note(t, r, "reindexing")
	poll.For(t, "the channel to be dead", func() bool {
		c := r.eng.Channels()
		return c[0].Status.State == api.ChannelDead
	})
	hook.setGone(false)
	err := r.c.TestChannel(ctx, "hook")
	want := "Test message delivered to hook; then 1 queued message was rejected (note: HTTP 400 Bad Request: text too long), and 2 queued messages delivered."
	if err == nil || err.Error() != want {
		t.Fatalf("channels test: %v\nwant %s", err, want)
	}
	reply, err := r.eng.TestChannelReply(ctx, api.TestRequest{Name: "hook"})
	if err != nil || !reply.Clean() || reply.Text != "Test message delivered to hook." {
		t.Fatalf("second test: %+v %v", reply, err)
	}
}

// After a reload removes a channel, each channel shows its own state.
func TestChannelsPairedByNameAfterReload(t *testing.T) {
	gone := &picky{endpoint: endpoint{name: "old"}, gone: true}
	kept := &endpoint{name: "kept"}
	r := declaredReloadingAway(t, gone, kept)
	ctx := context.Background()
	// Both outcomes, not only old's: kept delivers on a worker of its own,
	// maybe after old died (read once, it was sometimes still pending).
	poll.For(t, "old to be dead and kept to deliver", func() bool {
		chans := r.eng.Channels()
		return chans[0].Status.State == api.ChannelDead && chans[1].Status.Delivered == 1
	})
	if err := r.c.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	chans, err := r.c.Channels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(chans) != 1 || chans[0].Name != "kept" || chans[0].Status.Name != "kept" || chans[0].Status.State != api.ChannelOK || chans[0].Status.Delivered != 1 {
		t.Fatalf("channels after reload: %+v", chans)
	}
}
