package e2e

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident/journaltest"
)

// One bad byte must not hide an incident: with its declaration damaged, or
// a note in the middle, the restarted daemon shows the incident, every
// other note and what was lost, in status and in the export, and takes new
// notes. Nothing is set aside.
func TestJournalDamageDoesNotHideTheIncident(t *testing.T) {
	for _, tt := range []struct {
		name  string
		line  int    // of the journal, 1-based
		old   string // flipped to new on that line
		new   string
		title string
		notes string
	}{
		{"declaration", 1, `"kind":"declared"`, `"kind":"declarEd"`, "Checkout returns 500s", "Rolled back deploy 412,DB failover done,Error rate normal"},
		{"middle note", 0, `"DB failover done"`, `"DB failover dune"`, "Checkout returns 500s", "Rolled back deploy 412,Error rate normal"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHome(t, "")
			d := h.startDaemon()
			h.must("start", "Checkout returns 500s", "--eta", "30m-90m", "--severity", "1")
			for _, n := range []string{"Rolled back deploy 412", "DB failover done", "Error rate normal"} {
				h.must("note", n)
			}
			id := h.status().Incident.ID
			d.stop(t)

			dir := filepath.Join(h.dir, "state", "incidents")
			journal := filepath.Join(dir, id+".jsonl")
			line := tt.line
			if line == 0 {
				line = journaltest.LineHolding(t, journal, tt.old)
			}
			journaltest.Flip(t, journal, line, tt.old, tt.new)

			d = h.startDaemon()
			inc := h.status().Incident
			if inc == nil {
				t.Fatalf("the incident is hidden by one damaged line; daemon said:\n%s", d.Output())
			}
			if inc.ID != id || inc.Title != tt.title || texts(inc) != tt.notes {
				t.Fatalf("after restart: %s %q notes %q", inc.ID, inc.Title, texts(inc))
			}
			said := "line " + strconv.Itoa(line) + " of the journal is damaged and was skipped"
			if len(inc.Damage) == 0 || !strings.HasPrefix(inc.Damage[0], said) {
				t.Fatalf("damage %q, want %q first", inc.Damage, said)
			}
			if out := h.must("status"); !strings.Contains(out, said) {
				t.Fatalf("status does not say the damage:\n%s", out)
			}
			h.must("note", "After the restart")
			md := h.must("export")
			if !strings.Contains(md, "## Damaged journal") || !strings.Contains(md, said) || !strings.Contains(md, "After the restart") {
				t.Fatalf("export:\n%s", md)
			}
			var doc struct{ Incident api.Incident }
			if err := json.Unmarshal([]byte(h.must("export", "--format", "json")), &doc); err != nil || len(doc.Incident.Damage) == 0 {
				t.Fatalf("export json: %v %+v", err, doc.Incident.Damage)
			}
			if empty, _ := filepath.Glob(filepath.Join(dir, "*.empty")); len(empty) > 0 {
				t.Fatalf("set aside: %v", empty)
			}
			if n := strings.Count(d.Output(), "damaged line skipped"); n != 1 {
				t.Fatalf("the daemon said the damage %d times:\n%s", n, d.Output())
			}
			d.stop(t)
		})
	}
}

func texts(inc *api.Incident) string {
	var out []string
	for _, n := range inc.Notes {
		out = append(out, n.Text)
	}
	return strings.Join(out, ",")
}
