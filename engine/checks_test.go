package engine

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// journalLen counts the active incident's events other than delivery
// records, which the outbox appends in the background whenever a send ends.
func (r *running) journalLen(t *testing.T) int {
	t.Helper()
	r.eng.mu.Lock()
	defer r.eng.mu.Unlock()
	n := 0
	for _, ev := range r.eng.liveEvents(t) {
		if ev.Kind != updates.EventDelivered && ev.Kind != updates.EventFailed {
			n++
		}
	}
	return n
}

// liveEvents reads the active incident's journal: the live state keeps no
// events. Callers hold e.mu, so nothing is appended meanwhile.
func (e *Engine) liveEvents(t *testing.T) []incident.Event {
	t.Helper()
	if e.journal == nil {
		return nil
	}
	events, _, err := incident.ReadJournal(e.journal.Path())
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func warningCodes(err error) []string {
	var we *client.WarningsError
	if !errors.As(err, &we) {
		return nil
	}
	var out []string
	for _, w := range we.Warnings {
		out = append(out, w.Code)
	}
	return out
}

// Text that looks like a mistake is refused with its warnings, nothing is
// recorded or sent, and the same request with Force goes out.
func TestChecksRefuseUnlessForced(t *testing.T) {
	ep := &endpoint{name: "ops"}
	r := start(t, testPaths(t), config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	ctx := context.Background()

	_, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30h-40h"})
	if got := warningCodes(err); len(got) != 1 || got[0] != "estimate" {
		t.Fatalf("start with a 40 h estimate: %v (codes %v)", err, got)
	}
	if st, _ := r.c.Status(ctx); st.Incident != nil {
		t.Fatal("a refused declaration declared an incident")
	}
	mustDo(t, func() error {
		_, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h"})
		return err
	})
	poll.For(t, "the declaration to arrive", func() bool { return len(ep.received()) == 1 })

	tests := []struct {
		name string
		do   func(force bool) error
		want string
	}{
		{"note: a command", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "kubectl get pods -n prod", Force: f})
			return err
		}, "command"},
		{"note: a secret, with a status change", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "token is xoxb-123456789012-1234567890123-AbCdEfGhIjKl", Status: "identified", Force: f})
			return err
		}, "secret"},
		{"note: a pasted trace", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "panic: boom\n\ngoroutine 1 [running]:\nmain.go:12", Force: f})
			return err
		}, "paste"},
		{"note: a long line", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: strings.Repeat("word ", 120), Force: f})
			return err
		}, "long"},
		{"note: a log run into one line", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "2026-11-30T06:00:01Z ERROR db timeout 2026-11-30T06:00:02Z ERROR db timeout", Force: f})
			return err
		}, "paste"},
		{"note: keys for another window", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: ":wq", Force: f})
			return err
		}, "stray"},
		{"note: terminal colours", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "\x1b[31mRED\x1b[0m payments failing", Force: f})
			return err
		}, "terminal"},
		{"note: bytes that are not text", func(f bool) error {
			_, err := r.c.Note(ctx, api.NoteRequest{Text: "Caf\xe9 payments are back", Force: f})
			return err
		}, "encoding"},
		{"estimate: a day away", func(f bool) error {
			_, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: "25h-30h", Force: f})
			return err
		}, "estimate"},
		{"estimate: a secret reason", func(f bool) error {
			_, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: "1h-2h", Why: "password=hunter2 expired", Force: f})
			return err
		}, "secret"},
	}
	sent := 1
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := r.journalLen(t)
			err := tt.do(false)
			var we *client.WarningsError
			if !errors.As(err, &we) || !strings.Contains(err.Error(), "not sent") {
				t.Fatalf("without force: %v, want a *client.WarningsError", err)
			}
			if got := warningCodes(err); len(got) == 0 || got[0] != tt.want {
				t.Fatalf("codes %v, want %s first", got, tt.want)
			}
			if n := r.journalLen(t); n != before {
				t.Fatalf("the journal grew from %d to %d events for a refused request", before, n)
			}
			if err := tt.do(true); err != nil {
				t.Fatalf("with force: %v", err)
			}
			sent++
			poll.For(t, "the forced message to arrive", func() bool { return len(ep.received()) == sent })
		})
	}
}

// Hard limits hold whatever force says, and say which field and by how
// much; a no-change heartbeat carries no text.
func TestHardLimitsAreNotForceable(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	_, err := r.c.Start(ctx, api.StartRequest{Title: strings.Repeat("t", 201), Severity: 2, ETA: "30m", Force: true})
	var ae *client.APIError
	if !errors.As(err, &ae) || !ae.IsUsage() || !strings.Contains(err.Error(), "the title is 201 characters, and at most 200 go out") {
		t.Fatalf("201-character title: %v", err)
	}
	mustDo(t, func() error {
		_, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "30m"})
		return err
	})
	before := r.journalLen(t)
	for _, req := range []api.NoteRequest{
		{Text: strings.Repeat("n", 10000), Force: true},
		{Text: strings.Repeat("n", 2001)},
		{NoChange: true, Text: "still looking"},
	} {
		_, err = r.c.Note(ctx, req)
		if !errors.As(err, &ae) || !ae.IsUsage() {
			t.Fatalf("note of %d characters (no change %v): %v, want 400", len(req.Text), req.NoChange, err)
		}
	}
	if !strings.Contains(err.Error(), "no-change heartbeat carries no text") {
		t.Errorf("no change with text: %v", err)
	}
	if n := r.journalLen(t); n != before {
		t.Fatalf("the journal grew from %d to %d events for refused notes", before, n)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: strings.Repeat("n", 2000), Force: true}); err != nil {
		t.Fatalf("a 2,000-character note: %v", err)
	}
}

// down is a channel whose endpoint refuses every connection.
type down struct{ name string }

func (d down) Name() string { return d.name }
func (d down) Send(context.Context, updates.Message) error {
	return errors.New("POST http://127.0.0.1:9/…: dial tcp 127.0.0.1:9: connect: connection refused")
}

// The answer to a command says which channels are not delivering, as
// they stand at that moment.
func TestReplySaysWhichChannelsAreNotDelivering(t *testing.T) {
	ok := &endpoint{name: "ops"}
	r := start(t, testPaths(t), config.Incident{}, nil,
		Registered{Type: "slack", Channel: ok}, Registered{Type: "webhook", Channel: down{"hook"}})
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "30m"})
	if err != nil {
		t.Fatal(err)
	}
	// Just queued, never tried: on its way, not a failure.
	if d := inc.Delivery; d == nil || d.Channels != 2 || len(d.NotDelivering) > 1 {
		t.Fatalf("delivery right after declaring: %+v", d)
	}
	poll.For(t, "the hook to fail", func() bool {
		st, _ := r.c.Status(ctx)
		return len(st.Channels) == 2 && st.Channels[1].State == "retrying"
	})
	inc, err = r.c.Note(ctx, api.NoteRequest{Text: "Rolled back"})
	if err != nil {
		t.Fatal(err)
	}
	d := inc.Delivery
	if d == nil || d.Channels != 2 || len(d.NotDelivering) != 1 {
		t.Fatalf("delivery after a note: %+v", d)
	}
	if c := d.NotDelivering[0]; c.Name != "hook" || c.Reason != "connection refused" || c.Pending != 2 || c.Delivering() {
		t.Fatalf("not delivering: %+v", c)
	}
	st, _ := r.c.Status(ctx)
	if st.Incident.Delivery == nil || len(st.Incident.Delivery.NotDelivering) != 1 {
		t.Fatalf("status: %+v", st.Incident.Delivery)
	}
}

func TestHoldingAtIsThePromisePlusGrace(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{Cadence: 15 * time.Minute, Grace: 3 * time.Minute}, nil)
	inc, err := r.c.Start(context.Background(), api.StartRequest{Title: "x", Severity: 2, ETA: "30m"})
	if err != nil {
		t.Fatal(err)
	}
	if inc.HoldingAt == nil || inc.NextUpdateDue == nil || !inc.HoldingAt.Equal(inc.NextUpdateDue.Add(3*time.Minute)) {
		t.Fatalf("holding_at %v, next update due %v", inc.HoldingAt, inc.NextUpdateDue)
	}
}
