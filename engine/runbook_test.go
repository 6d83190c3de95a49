package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/runbook"
	"github.com/keepcool/keepcool/updates"
)

const failoverRunbook = `# Database failover
- [ ] Page the DBA
- [x] Fail over to the replica
- [ ] Point the app at the new primary

## Back-out plan
Fail back once the old primary is healthy.
`

// runbookEngine runs an engine whose default runbooks folder (beside
// config.toml) holds db-failover.md.
func runbookEngine(t *testing.T, paths config.Paths, clk *clock, ep *endpoint) *running {
	t.Helper()
	dir := filepath.Join(filepath.Dir(paths.ConfigFile), "runbooks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "db-failover.md"), []byte(failoverRunbook), 0o600); err != nil {
		t.Fatal(err)
	}
	return launch(t, Options{
		Paths: paths, Config: config.Default(), Engineer: "Sam", Now: clk.Now,
		Channels: []Registered{{Type: "slack", Channel: ep}},
		Retry:    updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond},
	})
}

func apiStatus(err error) int {
	var ae *client.APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// A runbook that cannot be read is listed with why, as its Problem and
// in its Title.
func TestRunbooksSayWhatCannotBeRead(t *testing.T) {
	paths := testPaths(t)
	r := runbookEngine(t, paths, &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}, &endpoint{name: "ops"})
	dir := filepath.Join(filepath.Dir(paths.ConfigFile), "runbooks")
	if err := os.WriteFile(filepath.Join(dir, "broken.md"), []byte(strings.Repeat("- [ ] x\n", runbook.MaxItems+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := r.c.Runbooks(context.Background())
	if err != nil || len(list.Runbooks) != 2 {
		t.Fatalf("runbooks: %+v, %v", list, err)
	}
	b := list.Runbooks[0]
	if b.Name != "broken" || b.Items != 0 || !strings.Contains(b.Problem, "more than 200") || b.Title != "(unreadable: "+b.Problem+")" || list.Runbooks[1].Problem != "" {
		t.Errorf("runbooks: %+v", list.Runbooks)
	}
}

func TestRunbookChecklist(t *testing.T) {
	paths := testPaths(t)
	clk := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	ep := &endpoint{name: "ops"}
	r := runbookEngine(t, paths, clk, ep)
	ctx := context.Background()

	list, err := r.c.Runbooks(ctx)
	if err != nil || len(list.Runbooks) != 1 || list.Runbooks[0] != (api.RunbookInfo{Name: "db-failover", Title: "Database failover", Items: 3}) {
		t.Fatalf("runbooks: %+v, %v", list, err)
	}
	if _, err := r.c.Tick(ctx, api.TickRequest{Item: 1}); apiStatus(err) != http.StatusNotFound || !strings.Contains(err.Error(), "no active incident") {
		t.Fatalf("tick with no incident: %v", err)
	}
	_, err = r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h", Runbook: "db"})
	if apiStatus(err) != http.StatusBadRequest || !strings.Contains(err.Error(), `runbook "db" not found in `) || !strings.Contains(err.Error(), "(db-failover)") {
		t.Fatalf("start with an unknown runbook: %v", err)
	}
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h", Runbook: "../config"}); apiStatus(err) != http.StatusBadRequest {
		t.Fatalf("start with a path: %v", err)
	}
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h", Runbook: "db-failover"})
	if err != nil {
		t.Fatal(err)
	}
	if inc.Runbook != "db-failover" || len(inc.Checklist) != 3 || inc.Checklist[1] != (api.ChecklistItem{N: 2, Text: "Fail over to the replica"}) ||
		inc.BackOut != "Fail back once the old primary is healthy." {
		t.Fatalf("declared: %q %+v %q", inc.Runbook, inc.Checklist, inc.BackOut)
	}

	clk.add(3 * time.Minute)
	inc, err = r.c.Tick(ctx, api.TickRequest{Item: 2, Note: "took 3 min"})
	if err != nil {
		t.Fatal(err)
	}
	if it := inc.Checklist[1]; !it.Done || it.DoneAt == nil || !it.DoneAt.Equal(clk.Now()) || it.Note != "took 3 min" || inc.Checklist[0].Done {
		t.Fatalf("after the tick: %+v", inc.Checklist)
	}
	clk.add(time.Minute)
	_, err = r.c.Tick(ctx, api.TickRequest{Item: 2})
	if apiStatus(err) != http.StatusConflict || !strings.Contains(err.Error(), `item 2 ("Fail over to the replica") was ticked already, at 09:03`) {
		t.Fatalf("ticked twice: %v", err)
	}
	for _, n := range []int{0, 4, -1} {
		if _, err := r.c.Tick(ctx, api.TickRequest{Item: n}); apiStatus(err) != http.StatusBadRequest || !strings.Contains(err.Error(), "the checklist has items 1 to 3") {
			t.Fatalf("item %d: %v", n, err)
		}
	}
	// Nothing went to stakeholders but the declaration.
	poll.For(t, "the declaration", func() bool { return len(ep.received()) == 1 })

	// Tell: one note saying the item is done, also when the request is retried.
	for range 2 {
		if inc, err = r.c.Tick(ctx, api.TickRequest{Item: 1, Tell: true, Key: "tick-1"}); err != nil {
			t.Fatal(err)
		}
	}
	poll.For(t, "the note", func() bool { return len(ep.received()) == 2 })
	if m := ep.received()[1]; m.Kind != updates.KindNote || m.Note != "Done: Page the DBA" {
		t.Fatalf("told: %+v", m)
	}
	if len(inc.Notes) != 1 || inc.Notes[0].Text != "Done: Page the DBA" {
		t.Fatalf("notes after tell: %+v", inc.Notes)
	}
	// A Tell's words are checked as a note's, before the tick is recorded.
	_, err = r.c.Tick(ctx, api.TickRequest{Item: 3, Note: "kubectl delete pod db-0 -n prod", Tell: true})
	if !errors.As(err, new(*client.WarningsError)) {
		t.Fatalf("a command as the note: %v", err)
	}
	if st, _ := r.c.Status(ctx); st.Incident.Checklist[2].Done {
		t.Fatal("a refused tell ticked the item")
	}

	// The journal holds the ticks, and a restart keeps them.
	r.stop()
	r = runbookEngine(t, paths, clk, ep)
	st, err := r.c.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var done []string
	for _, it := range st.Incident.Checklist {
		done = append(done, fmt.Sprint(it.N, it.Done))
	}
	if got := strings.Join(done, " "); got != "1 true 2 true 3 false" || st.Incident.BackOut == "" {
		t.Fatalf("after a restart: %s, back-out %q", got, st.Incident.BackOut)
	}
	var ticks []incident.ChecklistTicked
	for _, ev := range r.eng.incidentEvents(t, st.Incident.ID) {
		if ev.Kind == incident.KindChecklistTicked {
			var d incident.ChecklistTicked
			if err := json.Unmarshal(ev.Data, &d); err != nil {
				t.Fatal(err)
			}
			ticks = append(ticks, d)
		}
	}
	if len(ticks) != 2 || ticks[0] != (incident.ChecklistTicked{Item: 2, Text: "Fail over to the replica", Note: "took 3 min"}) || ticks[1].Item != 1 {
		t.Fatalf("journal: %+v", ticks)
	}
}

// A tick told with a note posts what the Runbook window's Tell
// stakeholders posts for it (api.ToldNote): the item as done, then the
// note, not the note alone.
func TestTickToldWithItsNote(t *testing.T) {
	ep := &endpoint{name: "ops"}
	r := runbookEngine(t, testPaths(t), &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}, ep)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h", Runbook: "db-failover"}); err != nil {
		t.Fatal(err)
	}
	inc, err := r.c.Tick(ctx, api.TickRequest{Item: 3, Note: "the app  reads from\npg-2", Tell: true})
	if err != nil {
		t.Fatal(err)
	}
	const want = "Done: Point the app at the new primary — the app reads from pg-2"
	if it := inc.Checklist[2]; len(inc.Notes) != 1 || inc.Notes[0].Text != want || want != api.ToldNote(it.Text, it.Note) {
		t.Fatalf("notes %+v, checklist item %+v: want the note %q", inc.Notes, it, want)
	}
	poll.For(t, "the told note", func() bool { return len(ep.received()) == 2 })
	if m := ep.received()[1]; m.Note != want {
		t.Fatalf("told %q, want %q", m.Note, want)
	}
}

func TestTickWithoutChecklist(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	r := runbookEngine(t, testPaths(t), clk, &endpoint{name: "ops"})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h"}); err != nil {
		t.Fatal(err)
	}
	_, err := r.c.Tick(ctx, api.TickRequest{Item: 1})
	if apiStatus(err) != http.StatusNotFound || !strings.Contains(err.Error(), "has no checklist") {
		t.Fatalf("%v", err)
	}
	st, _ := r.c.Status(ctx)
	if st.Incident.Runbook != "" || st.Incident.Checklist != nil {
		t.Fatalf("%+v", st.Incident)
	}
}

func TestRunbooksFolderMissing(t *testing.T) {
	paths := testPaths(t)
	r := launch(t, Options{Paths: paths, Config: config.Default(), Engineer: "Sam"})
	list, err := r.c.Runbooks(context.Background())
	if err != nil || len(list.Runbooks) != 0 || list.Dir != filepath.Join(filepath.Dir(paths.ConfigFile), "runbooks") {
		t.Fatalf("%+v, %v", list, err)
	}
}
