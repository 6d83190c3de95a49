package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// endpoint is a stakeholder channel that fails its first `fail` tries.
type endpoint struct {
	name string
	mu   sync.Mutex
	fail int
	got  []updates.Message
}

func (p *endpoint) Name() string { return p.name }
func (p *endpoint) Send(_ context.Context, m updates.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail > 0 {
		p.fail--
		return errors.New("503 Service Unavailable")
	}
	p.got = append(p.got, m)
	return nil
}

func (p *endpoint) received() []updates.Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]updates.Message(nil), p.got...)
}

func TestEveryUpdateReachesEveryChannelInOrder(t *testing.T) {
	flaky := &endpoint{name: "ops", fail: 3}
	steady := &endpoint{name: "boss"}
	r := start(t, testPaths(t), config.Incident{}, nil,
		Registered{Type: "slack", Channel: flaky}, Registered{Type: "email", Channel: steady})
	ctx := context.Background()
	mustDo(t, func() error {
		_, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 1, ETA: "30m-1h", Impact: "EU"})
		return err
	})
	for i := 1; i <= 3; i++ {
		mustDo(t, func() error { _, err := r.c.Note(ctx, api.NoteRequest{Text: fmt.Sprint("note ", i)}); return err })
	}
	mustDo(t, func() error {
		_, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: "1h-2h", Why: "slow restore"})
		return err
	})
	mustDo(t, func() error { _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "fixed"}); return err })

	want := []string{"declared", "note", "note", "note", "estimate", "resolved"}
	for _, ep := range []*endpoint{flaky, steady} {
		poll.For(t, ep.name+" to get all six", func() bool { return len(ep.received()) == len(want) })
		got := ep.received()
		for i, m := range got {
			if string(m.Kind) != want[i] {
				t.Fatalf("%s got kinds %v, want %v", ep.name, kinds(got), want)
			}
		}
		if got[0].Impact != "EU" || got[1].Note != "note 1" || got[3].Note != "note 3" || got[4].Why != "slow restore" || got[4].PreviousEstimate.IsZero() {
			t.Fatalf("%s: messages lack their content: %+v", ep.name, got)
		}
		if got[1].NextUpdateBy.IsZero() || !got[5].NextUpdateBy.IsZero() || got[5].Summary != "fixed" {
			t.Fatalf("%s: promise/all-clear wrong: %+v / %+v", ep.name, got[1], got[5])
		}
	}
	poll.For(t, "status to show 6 delivered each", func() bool {
		st, err := r.c.Status(ctx)
		if err != nil || len(st.Channels) != 2 {
			return false
		}
		for _, c := range st.Channels {
			if c.Delivered != 6 || c.Pending != 0 || c.State != "ok" {
				return false
			}
		}
		return true
	})
}

func TestDrillGoesOnlyToDrillChannels(t *testing.T) {
	drill := &endpoint{name: "practice"}
	execs := &endpoint{name: "execs"}
	r := start(t, testPaths(t), config.Incident{}, nil,
		Registered{Type: "slack", Channel: drill, Drill: true}, Registered{Type: "email", Channel: execs})
	ctx := context.Background()
	mustDo(t, func() error {
		_, err := r.c.Start(ctx, api.StartRequest{Title: "Game day", Severity: 3, ETA: "30m", Drill: true})
		return err
	})
	mustDo(t, func() error { _, err := r.c.Resolve(ctx, api.ResolveRequest{}); return err })
	poll.For(t, "the drill channel", func() bool { return len(drill.received()) == 2 })
	if got := drill.received(); !got[0].Drill || !strings.HasPrefix(got[0].Headline(), "[DRILL]") {
		t.Fatalf("drill message not marked: %q", got[0].Headline())
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(execs.received()); n != 0 {
		t.Fatalf("a non-drill channel got %d drill messages", n)
	}
}

func mustDo(t *testing.T, f func() error) {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
}

func kinds(ms []updates.Message) []updates.Kind {
	var out []updates.Kind
	for _, m := range ms {
		out = append(out, m.Kind)
	}
	return out
}

// keepcool died after recording a note but before queuing its message: the
// next start queues it, and the channel gets everything once.
func TestUnqueuedNoteSentAfterRestart(t *testing.T) {
	paths := testPaths(t)
	if err := os.MkdirAll(paths.IncidentsDir(), 0o700); err != nil {
		t.Fatal(err)
	}
	j, err := incident.CreateJournal(filepath.Join(paths.IncidentsDir(), "20261124-090000-db.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, ev := range []struct {
		kind string
		data any
	}{
		{incident.KindDeclared, incident.Declared{ID: "20261124-090000-db", Title: "DB", Severity: 2, Estimate: incident.Estimate{MinAt: now.Add(time.Hour), MaxAt: now.Add(2 * time.Hour)}}},
		{incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "failing over"}},
	} {
		e, _ := incident.NewEvent(now, ev.kind, ev.data)
		if _, err := j.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	ep := &endpoint{name: "ops"}
	start(t, paths, config.Incident{}, nil, Registered{Type: "slack", Channel: ep})
	poll.For(t, "both messages", func() bool { return len(ep.received()) == 2 })
	time.Sleep(100 * time.Millisecond)
	if got := ep.received(); len(got) != 2 || got[0].Kind != updates.KindDeclared || got[1].Note != "failing over" {
		t.Fatalf("got %v", kinds(got))
	}
}

func TestStatusChangeAndReload(t *testing.T) {
	ep := &endpoint{name: "ops"}
	added := &endpoint{name: "later"}
	cfg := config.Default()
	reloaded := config.Default()
	reloaded.Incident.Cadence = 5 * time.Minute
	r := launch(t, Options{
		Paths: testPaths(t), Config: cfg, Channels: []Registered{{Type: "slack", Channel: ep}},
		Reload: func() (config.Config, []Registered, error) {
			return reloaded, []Registered{{Type: "slack", Channel: ep}, {Type: "webhook", Channel: added}}, nil
		},
	})
	changes, cancel := r.eng.Subscribe()
	defer cancel()
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-changes:
	case <-time.After(5 * time.Second):
		t.Fatal("no change signalled after declaring")
	}
	if inc, err = r.c.SetStatus(ctx, "monitoring"); err != nil || inc.Status != "monitoring" {
		t.Fatalf("set status: %v %+v", err, inc)
	}
	if _, err := r.c.SetStatus(ctx, "resolved"); err == nil || !strings.Contains(err.Error(), "keepcool resolve") {
		t.Fatalf("status resolved: %v", err)
	}
	if err := r.c.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := r.c.Status(ctx)
	if due := st.Incident.NextUpdateDue.Sub(inc.DeclaredAt); due > 6*time.Minute {
		t.Fatalf("next update %s after the change; the reloaded cadence is 5m", due)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "after reload"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "both channels", func() bool {
		return len(ep.received()) == 3 && len(added.received()) == 1
	})
	if got := ep.received(); got[1].Kind != updates.KindStatus || got[1].Status != "monitoring" {
		t.Fatalf("status message: %+v", got[1])
	}
}
