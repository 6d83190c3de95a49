package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
)

// A drill run end to end from the CLI with a 3 s cadence, from a scenario
// whose script makes the drill channel fail at +1 s for 6 s: every message
// reaches the drill = true webhook marked [DRILL] (the failed one after
// the failure ends), the other webhook gets nothing at all; the scripted
// failure is in the journal and the post-mortem's timeline; the drill is in
// `history --drills` and `history --json` with its scenario.
func TestDrillEndToEnd(t *testing.T) {
	practice, stakeholders := newReceiver(t), newReceiver(t)
	h := newHome(t, fmt.Sprintf(`[incident]
cadence = "3s"
grace = "2s"

[[channel]]
name = "drill-hook"
type = "webhook"
url = %q
drill = true

[[channel]]
name = "stakeholders"
type = "webhook"
url = %q
`, practice.srv.URL+"/hook", stakeholders.srv.URL+"/hook"))
	scenario := `title = "Primary database fails over"
severity = 2
estimate = "30m-90m"
impact = "EU customers cannot check out"

[[event]]
at = "1s"
kind = "channel_fails"
channel = "drill-hook"
for = "6s"

[[event]]
at = "2s"
kind = "message"
text = "Your VP asks: is it fixed yet?"
`
	if err := os.MkdirAll(filepath.Join(h.dir, "drills"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.dir, "drills", "db-failover.toml"), []byte(scenario), 0o600); err != nil {
		t.Fatal(err)
	}
	d := h.startDaemon()
	defer d.stop(t)

	if out := h.must("drills"); !strings.Contains(out, "db-failover") || !strings.Contains(out, "Primary database fails over (2 scripted events)") {
		t.Fatalf("keepcool drills:\n%s", out)
	}
	if r := h.run("drill", "skip"); r.code != 1 || !strings.Contains(r.stderr, "no drill reminder is waiting") {
		t.Errorf("drill skip with none waiting: exit %d, %q", r.code, r.stderr)
	}
	if r := h.run("start", "--drill"); r.code != 2 {
		t.Errorf("start --drill with neither title nor scenario: exit %d, want 2", r.code)
	}
	out := h.must("start", "--drill", "--scenario", "db-failover")
	if !strings.Contains(out, "SEV2 Primary database fails over") {
		t.Fatalf("start --scenario said:\n%s", out)
	}
	inc := h.status().Incident
	if !inc.Drill || inc.Scenario != "db-failover" || inc.Impact != "EU customers cannot check out" {
		t.Fatalf("status --json: drill %v, scenario %q, impact %q", inc.Drill, inc.Scenario, inc.Impact)
	}
	journal := filepath.Join(h.dir, "state", "incidents", inc.ID+".jsonl")
	poll.ForWithin(t, 10*time.Second, "the scripted channel failure in the journal", func() bool {
		b, _ := os.ReadFile(journal)
		return strings.Contains(string(b), `"kind":"scenario_event"`) && strings.Contains(string(b), `"channel_fails"`)
	})
	h.must("note", "Failing over to the replica")
	poll.ForWithin(t, 20*time.Second, "a holding message (a missed promise)", func() bool {
		return h.status().Incident.MissedUpdates >= 1
	})
	h.must("resolve", "Replica promoted", "--root-cause", "a drill")

	// Declared, note, holding, all-clear: each on the drill channel, once.
	poll.ForWithin(t, 30*time.Second, "every message on the drill channel", func() bool { return len(practice.received()) >= 4 })
	for i, body := range practice.bodies() {
		if !strings.Contains(body, "[DRILL]") || !strings.Contains(body, `"drill":true`) {
			t.Errorf("drill channel message %d is not marked [DRILL]:\n%s", i, body)
		}
	}
	if got := stakeholders.attempts(); got != 0 {
		t.Fatalf("the non-drill channel was sent %d requests during a drill: %q", got, stakeholders.bodies())
	}

	if b, _ := os.ReadFile(journal); !strings.Contains(string(b), "fails by the scenario's script") {
		t.Errorf("no delivery to drill-hook failed by the script:\n%s", b)
	}
	md, err := os.ReadFile(filepath.Join(h.dir, "state", "incidents", inc.ID+".md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "channel drill-hook fails for 6s (scripted)") {
		t.Errorf("the post-mortem lacks the scripted failure:\n%s", md)
	}

	var hist []api.HistoryEntry
	if err := json.Unmarshal([]byte(h.must("history", "--json")), &hist); err != nil {
		t.Fatal(err)
	}
	if len(hist) != 1 || !hist[0].Drill || hist[0].Scenario != "db-failover" {
		t.Fatalf("history --json = %+v", hist)
	}
	// Its figures: one update, posted within seconds; at least one promise
	// missed (the holding message); fixed long before the 30 min estimate.
	f := hist[0].Figures
	if f == nil || f.Updates != 1 || f.TimeToFirstUpdate == nil || f.TimeToFirstUpdate.Duration() > time.Minute ||
		f.MissedPromises < 1 || f.FirstEstimateError == nil || *f.FirstEstimateError >= 0 {
		t.Fatalf("history --json figures = %+v", f)
	}
	out = h.must("history", "--drills")
	row := ""
	for line := range strings.Lines(out) {
		if strings.Contains(line, "db-failover: Primary database fails over") {
			row = line
		}
	}
	// The drill's row in the trend, and the trend's sentences, carry its
	// figures as the JSON has them.
	missed := fmt.Sprintf("missed promises: %d (one drill so far)", f.MissedPromises)
	if row == "" || !strings.Contains(row, " "+strconv.Itoa(f.MissedPromises)+" ") || !strings.Contains(out, missed) ||
		!strings.Contains(out, "time to first update: ") || !strings.Contains(out, "estimate error: ") {
		t.Errorf("history --drills lacks the drill's figures (%q):\n%s", missed, out)
	}
}
