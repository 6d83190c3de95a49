package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/postmortem"
)

// An incident run from the CLI with a 3 s cadence: declared with the time
// the trouble began, a note that changes the status, a missed promise (a
// holding message goes), a revised estimate with its reason, resolved with
// its root cause. ID.md, written next to the journal, tells all of it with
// its figures; `keepcool postmortem --format json -o F` writes them as JSON.
func TestPostmortemFromTheCLI(t *testing.T) {
	rcv := newReceiver(t)
	h := newHome(t, "[incident]\ncadence = \"3s\"\ngrace = \"2s\"\n\n"+webhookConfig(rcv.srv.URL))
	d := h.startDaemon()
	defer d.stop(t)

	h.must("start", "Checkout returns 500s", "--eta", "1h-2h", "--started", "25m")
	inc := h.status().Incident
	if inc.StartedAt == nil || time.Since(*inc.StartedAt) < 25*time.Minute {
		t.Fatalf("status --json started_at = %v; want 25 min before now", inc.StartedAt)
	}
	h.must("note", "--status", "monitoring", "Rolled back deploy 412")
	poll.ForWithin(t, 15*time.Second, "a holding message for the missed promise", func() bool {
		return h.status().Incident.MissedUpdates >= 1
	})
	h.must("eta", "10m-20m", "--why", "replica caught up")
	h.must("resolve", "Rolled back", "--root-cause", "Deploy 412 dropped an index")

	md, err := os.ReadFile(filepath.Join(h.dir, "state", "incidents", inc.ID+".md"))
	if err != nil {
		t.Fatalf("no post-mortem next to the journal: %v", err)
	}
	for _, want := range []string{
		"— Status changed to monitoring\n",
		"(was ", "— replica caught up\n",
		"— Holding message sent: the update promised by ",
		"- Time to declare: 25 min\n",
		"missed (a holding message went instead)",
		"**missed**, a holding message went instead",
		"## Root cause\n\n> ", "\nDeploy 412 dropped an index\n",
		"## Follow-ups\n",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("%s.md lacks %q:\n%s", inc.ID, want, md)
		}
	}

	out := filepath.Join(t.TempDir(), "pm.json")
	said := h.must("postmortem", "--format", "json", "-o", out)
	if !strings.Contains(said, out) {
		t.Errorf("postmortem -o said %q; want it to name %s", said, out)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep postmortem.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("postmortem --format json wrote no valid JSON: %v\n%s", err, b)
	}
	f := rep.Figures
	if f.TimeToDeclare == nil || f.MissedPromises < 1 || f.EstimateRevisions != 1 || f.Updates != 1 || f.Duration == nil {
		t.Errorf("figures %+v; want a time to declare, a missed promise, 1 revision, 1 update, a duration", f)
	}
	if r := h.run("postmortem", "--format", "pdf"); r.code != 2 || !strings.Contains(r.stderr, "use md or json") {
		t.Errorf("postmortem --format pdf: exit %d, %q; want 2 and the formats", r.code, r.stderr)
	}
	if r := h.run("start", "Again", "--started", "in an hour"); r.code == 0 || !strings.Contains(r.stderr, "--started") {
		t.Errorf("start --started \"in an hour\": exit %d, %q; want it refused, naming --started", r.code, r.stderr)
	}
}
