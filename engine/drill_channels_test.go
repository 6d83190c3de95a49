package engine

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
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
