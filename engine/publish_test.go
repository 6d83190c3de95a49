package engine

import (
	"context"
	"fmt"
	"syscall"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

var errDiskFull = fmt.Errorf("%w: append to journal: %w", incident.ErrNotRecorded, syscall.ENOSPC)

// startFaulty runs an engine delivering to ep whose appends fail as f
// says, until the test clears it (setFaults with none).
func startFaulty(t *testing.T, paths config.Paths, ep *endpoint, f faults) *running {
	t.Helper()
	r := start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	setFaults(r.eng, f)
	return r
}

func setFaults(e *Engine, f faults) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = f
}

// The disk fills between a command's event and its message's EventQueued:
// the command has happened (no error, so no retry records it twice; the
// shield goes up), its message goes out anyway, and the next start, which
// queues it from its event, does not send it again.
func TestUnrecordedQueueDoesNotFailTheCommand(t *testing.T) {
	paths := testPaths(t)
	ep := &endpoint{name: "ops"}
	r := startFaulty(t, paths, ep, faults{queue: errDiskFull})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Disk full", Severity: 2, ETA: "1h"}); err != nil {
		t.Fatalf("start: %v", err)
	}
	inc, err := r.c.Note(ctx, api.NoteRequest{Text: "cleaning up"})
	if err != nil || len(inc.Notes) != 1 {
		t.Fatalf("note: %v, %d notes", err, len(inc.Notes))
	}
	poll.For(t, "both messages, and their delivery records", func() bool {
		return len(ep.received()) == 2 && r.eng.Channels()[0].Status.Delivered == 2
	})
	r.stop()
	setFaults(r.eng, faults{})

	r = start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "space freed"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the note after the restart", func() bool {
		got := ep.received()
		return len(got) > 0 && got[len(got)-1].Note == "space freed"
	})
	if got := fmt.Sprint(kinds(ep.received())); got != "[declared note note]" {
		t.Fatalf("sent %s, want each message once", got)
	}
	// Requeued to the ledger all the same: the status page and the
	// all-clear's recipients know of them.
	st, _, err := r.eng.store.load(inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l := updates.Replay(st.Events); len(l.Messages) != 3 || len(l.Channels["ops"].Pending) != 0 || l.Channels["ops"].Delivered != 3 {
		t.Fatalf("ledger: %d messages, %+v", len(l.Messages), l.Channels["ops"])
	}
}

// Delivery records lost to a full disk: the next record settles them, so a
// restart sends nothing again and keeps the order.
func TestLostDeliveryRecordsSettledByALaterOne(t *testing.T) {
	paths := testPaths(t)
	ep := &endpoint{name: "ops"}
	r := startFaulty(t, paths, ep, faults{record: errDiskFull})
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Disk full", Severity: 2, ETA: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		note(t, r, fmt.Sprint("note ", i))
	}
	poll.For(t, "four messages", func() bool { return len(ep.received()) == 4 })
	setFaults(r.eng, faults{})
	note(t, r, "note 4")
	poll.For(t, "its delivery record", func() bool {
		st, _, err := r.eng.store.load(inc.ID)
		c := updates.Replay(st.Events).Channels["ops"]
		return err == nil && c != nil && c.Delivered == 5 && len(c.Pending) == 0
	})
	r.stop()

	r = start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	note(t, r, "note 5")
	poll.For(t, "the note after the restart", func() bool {
		got := ep.received()
		return len(got) > 0 && got[len(got)-1].Note == "note 5"
	})
	if got := fmt.Sprint(kinds(ep.received())); got != "[declared note note note note note]" {
		t.Fatalf("sent %s, want each message once, in order", got)
	}
}
