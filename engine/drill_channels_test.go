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
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates"
)

// A scenario whose channel_fails names a channel that gets no drills (or
// none at all) would practise nothing: keepcool drills says so under it,
// naming the channel key's line, and a drill of it is refused (400) with
// the same words, so the engineer fixes the file first.
func TestScenarioFailingANonDrillChannel(t *testing.T) {
	paths := testPaths(t)
	writeScenario(t, paths, "ops-down.toml", "title = \"Ops down\"\n\n[[event]]\nat = \"5m\"\nkind = \"channel_fails\"\nchannel = \"ops\"\nfor = \"10m\"\n\n[[event]]\nat = \"6m\"\nkind = \"channel_fails\"\nchannel = \"pager\"\nfor = \"10m\"\n")
	writeScenario(t, paths, "good.toml", "title = \"Good\"\n\n[[event]]\nat = \"5m\"\nkind = \"channel_fails\"\nchannel = \"drills\"\nfor = \"10m\"\n")
	r := start(t, paths, config.Incident{}, nil,
		Registered{Type: "slack", Channel: &endpoint{name: "ops"}},
		Registered{Type: "slack", Drill: true, Channel: &endpoint{name: "drills"}})
	ctx := context.Background()
	want := []string{
		"ops-down.toml:6: event: channel ops does not get drills: set drill = true on it, or name a drill channel (drills)",
		"ops-down.toml:12: event: there is no channel pager: name a drill channel (drills)",
	}
	d, err := r.c.Drills(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Scenarios) != 2 || d.Scenarios[0].Name != "good" || len(d.Scenarios[0].Problems) != 0 ||
		strings.Join(d.Scenarios[1].Problems, "\n") != strings.Join(want, "\n") {
		t.Fatalf("scenarios = %+v\nwant ops-down's problems:\n%s", d.Scenarios, strings.Join(want, "\n"))
	}
	_, err = r.c.Start(ctx, api.StartRequest{Scenario: "ops-down"})
	var ae *client.APIError
	if !errors.As(err, &ae) || !ae.IsUsage() || !strings.Contains(err.Error(), want[0]) || !strings.Contains(err.Error(), want[1]) {
		t.Fatalf("start = %v, want a 400 saying:\n%s", err, strings.Join(want, "\n"))
	}
	if st, err := r.c.Status(ctx); err != nil || st.Incident != nil {
		t.Fatalf("status after the refusal: %+v, %v; want no incident", st, err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Scenario: "good"}); err != nil {
		t.Fatalf("a scenario failing a drill channel: %v", err)
	}
}

// When a drill's scripted fault is dropped at its end, the channel it held
// down tries again at once, not when its backoff (an hour here) runs out:
// the next real incident's first message does not wait on the practice.
func TestDrillFaultDroppedRetriesAtOnce(t *testing.T) {
	_, practice, _ := drillThenRealIncident(t, updates.Options{BaseBackoff: time.Hour, MaxBackoff: time.Hour})
	// The clock stands still: only a retry at once delivers within
	// poll.For's seconds.
	poll.For(t, "the real incident's declaration on the drill channel", func() bool {
		got := practice.received()
		return len(got) == 4 && !got[3].Drill && got[3].Title == "Payments down"
	})
}

// drillThenRealIncident runs a drill whose script fails its only channel
// for a day, posts a note the channel fails (it then waits out retry's
// backoff), resolves the drill and declares a real incident.
func drillThenRealIncident(t *testing.T, retry updates.Options) (*running, *endpoint, *clock) {
	t.Helper()
	paths := testPaths(t)
	writeScenario(t, paths, "dead-channel.toml", "title = \"Dead channel\"\n\n[[event]]\nat = \"1m\"\nkind = \"channel_fails\"\nchannel = \"drills\"\nfor = \"24h\"\n")
	clk := &clock{now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	practice := &endpoint{name: "drills"}
	r := launch(t, Options{
		Paths: paths, Config: config.Default(), Engineer: "Sam", Now: clk.Now, Drills: &drillNotes{},
		Channels: []Registered{{Type: "slack", Drill: true, Channel: practice}}, Retry: retry,
	})
	ctx := context.Background()
	drillInc, err := r.c.Start(ctx, api.StartRequest{Scenario: "dead-channel"})
	if err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the drill's declaration", func() bool { return len(practice.received()) == 1 })
	clk.add(time.Minute)
	r.eng.poke()
	poll.For(t, "the scripted failure", func() bool { return len(scenarioEvents(t, paths, drillInc.ID)) == 1 })
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "checking the replica"}); err != nil {
		t.Fatal(err)
	}
	waitScriptedFailure(t, r.eng, "drills")
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "drill done"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Payments down", Severity: 1, ETA: "30m-1h"}); err != nil {
		t.Fatal(err)
	}
	return r, practice, clk
}
