package postmortem

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from what the code renders now")

// everything is a drill with every kind of event the timeline knows, on a
// fixed clock: a start time given, a runbook's checklist ticked, a
// scenario's scripted failure, a retried delivery, a missed promise and its
// holding message, a snooze, a status change with a note, a revised
// estimate with its reason, a refused message and a channel given up, the
// shield up and down, and the all-clear with its root cause.
func everything(t *testing.T) incident.State {
	s := newScript(t, t0) // 09:30 UTC
	s.to = []string{"slack", "status-page", "email"}
	min := time.Minute
	declared := s.declare(incident.Declared{
		Title: "Checkout returns 500s", Severity: 2, Engineer: "Sam", Impact: "Nobody can pay.",
		Known: "It started after deploy 412.", Drill: true, Scenario: "db-failover", StartedAt: t0.Add(-12 * min),
		Runbook: &incident.Runbook{Name: "db-failover", Items: []string{"Freeze deploys", "Promote replica `pg-2`", "Check replication lag is under *1 s*"},
			BackOut: "Fail back to the primary:\n\n- [ ] Demote `pg-2`\n- [ ] Send 50% of *writes* to `pg-1`\n\n### Verify\n\nCheckout succeeds."},
		Estimate: s.estimateIn(30*min, 60*min),
	})
	s.add(incident.KindShieldSaved, incident.ShieldSaved{Backend: "gnome", Saved: json.RawMessage(`{"show-banners":true}`)})
	s.after(2*time.Second).add(updates.EventDelivered, updates.Delivered{MessageID: declared, Channel: "slack", Attempt: 1})
	s.add(updates.EventDelivered, updates.Delivered{MessageID: declared, Channel: "status-page", Attempt: 1})
	s.add(updates.EventDelivered, updates.Delivered{MessageID: declared, Channel: "email", Attempt: 1})

	s.now = t0.Add(4 * min)
	s.add(incident.KindChecklistTicked, incident.ChecklistTicked{Item: 1, Text: "Freeze deploys"}) // 09:34
	s.after(min).add(incident.KindScenarioEvent, incident.ScenarioEvent{Kind: "channel_fails", Channel: "slack", Text: "Slack fails from +5 min"})
	s.now = t0.Add(6 * min)
	note := s.note("Failing over to the replica; payments-gw is fine.") // 09:36, promises 09:51
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: note, Channel: "slack", Attempt: 1,
		Error: "post https://hooks.slack.example/…: connection refused", RetryAt: s.now.Add(30 * time.Second)})
	s.after(30*time.Second).add(updates.EventDelivered, updates.Delivered{MessageID: note, Channel: "slack", Attempt: 2})
	s.add(updates.EventDelivered, updates.Delivered{MessageID: note, Channel: "status-page", Attempt: 1})

	promised := t0.Add(21 * min) // 09:51
	s.now = promised
	s.add(incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: promised})
	s.after(min).add(incident.KindSnoozed, incident.Snoozed{Until: s.now.Add(5 * min)}) // 09:52
	holding := s.after(4 * min).holding(promised)                                       // 09:56, promises 10:11
	s.after(time.Second).add(updates.EventDelivered, updates.Delivered{MessageID: holding, Channel: "slack", Attempt: 1})

	s.now = t0.Add(28 * min) // 09:58: note --status monitoring
	s.add(incident.KindStatusChanged, incident.StatusChanged{Status: incident.Monitoring})
	monitoring := s.note("Replica serving; watching the *error rate*.") // promises 10:13
	s.after(time.Second).add(updates.EventFailed, updates.Failed{MessageID: monitoring, Channel: "slack", Attempt: 1, Rejected: true,
		Kind: updates.KindNote, Error: "https://hooks.slack.example/… answered 400 Bad Request: invalid_blocks"})

	s.now = t0.Add(35 * min) // 10:05, promises 10:20
	s.estimate(10*min, 10*min, "Replication lag has to clear first.")
	s.now = t0.Add(50 * min) // 10:20
	s.noChange()
	s.after(2*min).add(incident.KindChecklistTicked, incident.ChecklistTicked{Item: 2, Text: "Promote replica `pg-2`", Note: "took 3 tries"})
	s.now = t0.Add(55 * min) // 10:25: the estimate's upper bound
	s.add(incident.KindPrompted, incident.Prompted{Reason: incident.PromptEstimate, For: s.now})
	s.now = t0.Add(61 * min) // 10:31
	s.add(updates.EventFailed, updates.Failed{MessageID: monitoring, Channel: "email", Attempt: 5, Dead: true,
		Error: "smtp: dial tcp 10.0.0.5:25: connection refused"})
	resolved := s.resolve("Failed over to the replica; checkout is back.", "A migration locked the orders table.")
	s.after(time.Second).add(updates.EventDelivered, updates.Delivered{MessageID: resolved, Channel: "status-page", Attempt: 1})
	s.add(incident.KindShieldRestored, incident.ShieldRestored{Backend: "gnome", Reason: "resolved"})
	return s.state()
}

// The post-mortem of everything, in Markdown and JSON, is as written in
// testdata (go test ./postmortem -update rewrites them; read the diff).
func TestGolden(t *testing.T) {
	st := everything(t)
	ts := timefmt.In(time.UTC)
	js, err := Build(st, ts).JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "everything.md", []byte(Markdown(st, ts)))
	golden(t, "everything.json", js)
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./postmortem -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what is rendered now (go test ./postmortem -update rewrites it):\n%s", path, got)
	}
}
