package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

const e2eRunbook = `# Database failover

- [ ] Page the DBA on call
- [ ] Fail over to the replica
- [x] Point the app at the new primary

## Back-out plan
Fail back once the old primary is healthy.
`

// A runbook's checklist through the built binary: declared with
// --runbook, listed, ticked with a note (in status --json and the
// journal), refused when ticked twice, and told to stakeholders only with
// --tell.
func TestRunbookChecklist(t *testing.T) {
	rcv := newReceiver(t)
	dir := filepath.Join(t.TempDir(), "my runbooks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "db-failover.md"), []byte(e2eRunbook), 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHome(t, webhookConfig(rcv.srv.URL)+fmt.Sprintf("\n[runbooks]\ndir = %q\n", dir))
	d := h.startDaemon()
	defer d.stop(t)

	if out := h.must("runbook", "list"); !strings.Contains(out, "db-failover  Database failover (3 items)") {
		t.Fatalf("runbook list:\n%s", out)
	}
	r := h.run("start", "DB down", "--eta", "1h-2h", "--runbook", "db")
	if r.code != 2 || !strings.Contains(r.stderr, `runbook "db" not found in `+dir+`: keepcool runbook list shows them (db-failover)`) {
		t.Fatalf("start with a wrong name: exit %d\n%s", r.code, r.stderr)
	}
	if out := h.must("start", "DB down", "--eta", "1h-2h", "--runbook", "db-failover"); !strings.Contains(out, "Checklist: 3 items from runbook db-failover") {
		t.Fatalf("start:\n%s", out)
	}
	poll.ForWithin(t, 10*time.Second, "the declaration", func() bool { return len(rcv.received()) == 1 })

	out := h.must("runbook")
	for _, want := range []string{"Checklist of runbook db-failover (0/3 done):", "    2. Fail over to the replica\n", "Back-out plan:\n  Fail back once the old primary is healthy."} {
		if !strings.Contains(out, want) {
			t.Fatalf("runbook lacks %q:\n%s", want, out)
		}
	}
	if out := h.must("runbook", "tick", "2", "took 3 min"); !strings.HasPrefix(out, "Ticked 2. Fail over to the replica at ") || !strings.Contains(out, ": took 3 min (1 of 3 done).") {
		t.Fatalf("tick:\n%s", out)
	}
	inc := h.status().Incident
	if inc == nil || len(inc.Checklist) != 3 {
		t.Fatalf("status --json: %+v", inc)
	}
	if it := inc.Checklist[1]; it.N != 2 || !it.Done || it.DoneAt == nil || it.Note != "took 3 min" || inc.Checklist[0].Done || inc.BackOut == "" {
		t.Fatalf("status --json checklist: %+v, back-out %q", inc.Checklist, inc.BackOut)
	}
	if !strings.Contains(h.must("status"), "Checklist  1/3 done (runbook db-failover); next: 1. Page the DBA on call") {
		t.Fatal("status does not show the checklist")
	}
	journal, err := os.ReadFile(filepath.Join(h.dir, "state", "incidents", inc.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(journal), `"kind":"checklist_ticked"`) || !strings.Contains(string(journal), `"note":"took 3 min"`) {
		t.Fatalf("journal:\n%s", journal)
	}

	// The post-mortem (export) has the tick in its timeline and its checklist.
	md := h.must("export", "--format", "md")
	for _, want := range []string{"Checklist item 2 done: Fail over to the replica — took 3 min", "## Checklist (runbook db-failover)", "1. Not done: Page the DBA on call"} {
		if !strings.Contains(md, want) {
			t.Fatalf("export lacks %q:\n%s", want, md)
		}
	}

	r = h.run("runbook", "tick", "2")
	if r.code != 1 || !strings.Contains(r.stderr, `item 2 ("Fail over to the replica") was ticked already, at `) {
		t.Fatalf("tick twice: exit %d\n%s", r.code, r.stderr)
	}
	if r = h.run("runbook", "tick", "7"); r.code != 2 || !strings.Contains(r.stderr, "the checklist has items 1 to 3") {
		t.Fatalf("tick 7: exit %d\n%s", r.code, r.stderr)
	}

	if r = h.run("runbook", "tick", "1", "took", "3 min"); r.code != 2 || !strings.Contains(r.stderr, "at most one NOTE: quote the note") {
		t.Fatalf("tick with an unquoted note: exit %d\n%s", r.code, r.stderr)
	}
	// A note the checks hold back: neither the tick nor the note happen,
	// and the engineer is told both.
	r = h.run("runbook", "tick", "1", "kubectl get pods -n prod", "--tell")
	if r.code != 1 || !strings.Contains(r.stderr, "item 1 not ticked, nothing sent") || !strings.Contains(r.stderr, "leave out --tell") {
		t.Fatalf("tick --tell with a command for a note: exit %d\n%s", r.code, r.stderr)
	}
	if out := h.must("runbook"); strings.Contains(out, "✓ 1.") {
		t.Fatalf("item 1 ticked though its note was held back:\n%s", out)
	}

	if out := h.must("runbook", "tick", "1", "--tell"); !strings.Contains(out, "Told stakeholders.") {
		t.Fatalf("tick --tell:\n%s", out)
	}
	// Delivery is in order per channel: had a plain tick sent anything, it
	// would have arrived before the told note.
	poll.ForWithin(t, 10*time.Second, "the told note", func() bool { return len(rcv.received()) >= 2 })
	got, bodies := rcv.received(), rcv.bodies()
	if len(got) != 2 || !strings.HasSuffix(got[1], " note") || !strings.Contains(bodies[1], "Done: Page the DBA on call") {
		t.Fatalf("sent: %q\n%s", got, strings.Join(bodies, "\n"))
	}
}
