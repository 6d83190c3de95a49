package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testproc"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/updates"
)

// holdsAllClear takes every message but holds the all-clear until let is
// closed: ID.md is written at resolve, and again when it goes.
type holdsAllClear struct {
	endpoint
	let chan struct{}
}

func (h *holdsAllClear) Send(ctx context.Context, m updates.Message) error {
	if m.Kind == updates.KindResolved {
		select {
		case <-h.let:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return h.endpoint.Send(ctx, m)
}

// editBetweenRewrites resolves an incident whose all-clear is held, edits
// its ID.md with edit once written, lets the all-clear go and waits for
// the rewrite that says so, in ID.md or (when the edit cannot be merged)
// ID.keepcool.md. It returns the engine, the edited text and ID.md's path.
func editBetweenRewrites(t *testing.T, edit func(string) string, rewritten func(pm string) string) (*running, string, string, *testproc.Buffer) {
	t.Helper()
	hook := &holdsAllClear{endpoint: endpoint{name: "hook"}, let: make(chan struct{})}
	var log testproc.Buffer
	r := launch(t, Options{Paths: testPaths(t), Config: config.Default(), Log: &log, Channels: []Registered{{Type: "webhook", Channel: hook}}})
	inc := startAndResolve(t, r)
	pm := r.eng.store.postMortemPath(inc.ID)
	var written []byte
	poll.For(t, "ID.md written at resolve", func() bool {
		var err error
		written, err = os.ReadFile(pm)
		return err == nil
	})
	edited := edit(string(written))
	if err := os.WriteFile(pm, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	close(hook.let)
	poll.For(t, "the post-mortem rewritten with the all-clear's delivery", func() bool {
		b, err := os.ReadFile(rewritten(pm))
		return err == nil && strings.Contains(string(b), "Resolved message delivered")
	})
	return r, edited, pm, &log
}

// The engineer's words in the sections for people survive keepcool's
// rewrite of ID.md, and `keepcool postmortem` prints them as the file has them.
func TestPostMortemEditSurvivesARewrite(t *testing.T) {
	const mine = "The failover runbook worked.\n\n### Paging\n\nOn-call answered in 2 min.\n"
	r, _, pm, _ := editBetweenRewrites(t, func(md string) string {
		md = strings.Replace(md, "## What went well\n\n> What helped: an alert, a runbook, a colleague, a tool? Keep it.\n",
			"## What went well\n\n"+mine, 1)
		return md + "- Action: index check in CI — owner: ana — due: Friday\n"
	}, func(pm string) string { return pm })
	b, _ := os.ReadFile(pm)
	for _, want := range []string{mine, "- Action: index check in CI — owner: ana — due: Friday\n", "Resolved message delivered"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("ID.md after the rewrite lacks %q:\n%s", want, b)
		}
	}
	if _, err := os.Stat(keepcoolCopyPath(pm)); err == nil {
		t.Errorf("%s written, though the edit merged", keepcoolCopyPath(pm))
	}
	printed, err := r.c.Postmortem(context.Background(), "", "md")
	if err != nil || string(printed) != string(b) {
		t.Errorf("keepcool postmortem (%v) prints other than ID.md:\n%s\nID.md:\n%s", err, printed, b)
	}
	// The JSON's sections and follow-ups say what its markdown says.
	js, err := r.c.Postmortem(context.Background(), "", "json")
	if err != nil {
		t.Fatal(err)
	}
	var rep postmortem.Report
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.MarkdownText != string(b) {
		t.Errorf("the JSON's markdown is not ID.md:\n%s", rep.MarkdownText)
	}
	for _, s := range rep.Sections {
		switch s.Title {
		case "What went well":
			if s.Text != strings.TrimSuffix(mine, "\n") || !s.Edited {
				t.Errorf("the JSON's %q: %q (edited %v); want the engineer's words", s.Title, s.Text, s.Edited)
			}
		case "What happened":
			if s.Text != "fixed" || s.Edited {
				t.Errorf("the JSON's %q: %q (edited %v); want resolve's summary, as keepcool wrote it", s.Title, s.Text, s.Edited)
			}
		}
	}
	if want := []postmortem.FollowUp{{Action: "index check in CI", Owner: "ana", Due: "Friday"}}; !slices.Equal(rep.FollowUps, want) {
		t.Errorf("the JSON's follow-ups %+v; want %+v", rep.FollowUps, want)
	}
}

// An edit that cannot be merged (a section for people renamed) is left as
// it is, keepcool's version written beside it and the log saying so.
func TestPostMortemUnmergeableEditLeftAlone(t *testing.T) {
	_, edited, pm, log := editBetweenRewrites(t, func(md string) string {
		return strings.Replace(md, "## What didn't\n", "## What went badly\n\nThe status page lagged.\n", 1)
	}, keepcoolCopyPath)
	if b, _ := os.ReadFile(pm); string(b) != edited {
		t.Errorf("ID.md rewritten over an edit that cannot be merged:\n%s\nwant\n%s", b, edited)
	}
	poll.For(t, "the log to say where keepcool's version went", func() bool {
		return strings.Contains(log.String(), "is not rewritten, so as not to lose an edit (the section “## What didn't” was renamed or removed); keepcool's version is "+keepcoolCopyPath(pm))
	})
}

// A crash between recording a write in ID.md.sums and making it leaves
// ID.md as the record before describes it: an edit of it still merges.
// Without ID.md.sums (a file from an older keepcool), a file that differs
// from the render now outside the people sections is left alone.
func TestPostMortemFileAcrossACrash(t *testing.T) {
	pm := filepath.Join(t.TempDir(), "20261130-140000-checkout-down.md")
	v1 := "# Post-mortem: Checkout down\n\n## What happened\n\n> What did users see?\n\n## Root cause\n\n## Timeline\n\n- 14:00 — Declared\n\n" +
		"## What went well\n\n## What didn't\n\n## Follow-ups\n\n- Action: … — owner: … — due: …\n"
	v2 := strings.Replace(v1, "- 14:00 — Declared\n", "- 14:00 — Declared\n- 14:01 — Resolved\n", 1)
	v3 := strings.Replace(v2, "- 14:01 — Resolved\n", "- 14:01 — Resolved\n- 14:01 — `hook`: Resolved message delivered\n", 1)
	if _, why, err := filePostMortem(pm, v1); err != nil || why != nil {
		t.Fatal(why, err)
	}
	// The crash: v2 recorded, never written.
	sums := readSums(pm)
	sums.Written = append(sums.Written, postmortem.Record(v2, v2))
	b, _ := json.Marshal(sums)
	if err := os.WriteFile(sumsPath(pm), b, 0o600); err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(v1, "## Root cause\n", "## Root cause\n\nA lock on orders.\n", 1)
	if err := os.WriteFile(pm, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if file, why, err := filePostMortem(pm, v3); err != nil || why != nil || file != pm {
		t.Fatalf("rewrite after the crash: %s, %v, %v; want ID.md merged", file, why, err)
	}
	if got, _ := os.ReadFile(pm); string(got) != strings.Replace(v3, "## Root cause\n", "## Root cause\n\nA lock on orders.\n", 1) {
		t.Errorf("ID.md after the crash and a rewrite:\n%s", got)
	}

	if err := os.Remove(sumsPath(pm)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pm, []byte(edited), 0o600); err != nil { // v1 edited, and no record of it
		t.Fatal(err)
	}
	file, why, err := filePostMortem(pm, v3)
	if err != nil || why == nil || file != keepcoolCopyPath(pm) || !strings.Contains(why.Reason, "no record") {
		t.Fatalf("rewrite without a record: %s, %v, %v; want keepcool's version beside ID.md", file, why, err)
	}
	if got, _ := os.ReadFile(pm); string(got) != edited {
		t.Errorf("ID.md without a record rewritten:\n%s", got)
	}
	if got, _ := os.ReadFile(file); string(got) != v3 {
		t.Errorf("%s:\n%s\nwant keepcool's render", file, got)
	}
}

// startAndResolve declares "Checkout down" on r and resolves it.
func startAndResolve(t *testing.T, r *running) api.Incident {
	t.Helper()
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "fixed"}); err != nil {
		t.Fatal(err)
	}
	return inc
}

// resolvedQuietly resolves an incident with no channel (nothing rewrites
// ID.md after resolve on its own) and returns the engine, the incident's
// id and its ID.md once written.
func resolvedQuietly(t *testing.T) (*running, string, string, *testproc.Buffer) {
	t.Helper()
	var log testproc.Buffer
	r := launch(t, Options{Paths: testPaths(t), Config: config.Default(), Log: &log})
	inc := startAndResolve(t, r)
	pm := r.eng.store.postMortemPath(inc.ID)
	poll.For(t, "ID.md written at resolve", func() bool { return fileExists(pm) })
	return r, inc.ID, pm, &log
}

// A failed write says what is true: resume writes only a missing ID.md,
// so an existing one stays until a later rewrite, not "the next start".
func TestPostMortemNotWrittenSaysWhatHappens(t *testing.T) {
	r, id, pm, log := resolvedQuietly(t)
	// ID.md.sums a folder: its write fails, as on a full disk.
	if err := os.Remove(sumsPath(pm)); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(sumsPath(pm), 0o700); err != nil {
		t.Fatal(err)
	}
	r.eng.rewritePostMortem(id)
	poll.For(t, "the log to say ID.md stays as it is", func() bool {
		return strings.Contains(log.String(), "post-mortem "+pm+" not rewritten: record what keepcool writes to ") &&
			strings.Contains(log.String(), "it stays as it is until a later delivery or refusal of this incident rewrites it")
	})
	if strings.Contains(log.String(), "next start") {
		t.Errorf("the log promises a rewrite at the next start, which writes only a missing ID.md:\n%s", log)
	}
	// An edit that cannot be merged, and keepcool's version not written beside it.
	b, err := os.ReadFile(pm)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pm, []byte(strings.Replace(string(b), "## What didn't\n", "## What went badly\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(keepcoolCopyPath(pm), 0o700); err != nil {
		t.Fatal(err)
	}
	r.eng.rewritePostMortem(id)
	poll.For(t, "the log to say why neither file was written", func() bool {
		return strings.Contains(log.String(), "post-mortem "+pm+" not rewritten: so as not to lose an edit (") &&
			strings.Contains(log.String(), "the section “## What didn't” was renamed or removed), and keepcool's version could not be written beside it: ")
	})
	if err := os.Remove(pm); err != nil {
		t.Fatal(err)
	}
	r.eng.rewritePostMortem(id)
	poll.For(t, "the log to say a missing ID.md is written at the next start", func() bool {
		return strings.Contains(log.String(), "post-mortem "+pm+" not written: record what keepcool writes to ") &&
			strings.Contains(log.String(), "keepcool writes it at its next start, and `keepcool postmortem "+id+"` prints it meanwhile")
	})
}

// Tries begun again because the file changed meanwhile add one record,
// not one each: three would push out the record of the file on disk, and
// the next rewrite would leave an edit that merges alone.
func TestPostMortemRetriesRecordOnce(t *testing.T) {
	pm := filepath.Join(t.TempDir(), "20261130-140000-checkout-down.md")
	v1 := "# Post-mortem: Checkout down\n\n## What happened\n\n## Root cause\n\n## Timeline\n\n- 14:00 — Declared\n\n" +
		"## What went well\n\n## What didn't\n\n## Follow-ups\n\n- Action: … — owner: … — due: …\n"
	v2 := strings.Replace(v1, "- 14:00 — Declared\n", "- 14:00 — Declared\n- 14:01 — Resolved\n", 1)
	if _, why, err := filePostMortem(pm, v1); err != nil || why != nil {
		t.Fatal(why, err)
	}
	// An editor saving the people sections while each try is prepared.
	saves := 0
	pmRecorded = func(pm string) {
		saves++
		edit := strings.Replace(v1, "## Root cause\n", fmt.Sprintf("## Root cause\n\nA lock on orders (save %d).\n", saves), 1)
		if err := os.WriteFile(pm, []byte(edit), 0o600); err != nil {
			t.Error(err)
		}
	}
	_, _, err := filePostMortem(pm, v2)
	pmRecorded = nil
	if err == nil || !strings.Contains(err.Error(), "kept changing") {
		t.Fatalf("rewrite while the file keeps changing: %v; want it left as it is", err)
	}
	if got := len(readSums(pm).Written); got != 2 {
		t.Errorf("%d records after %d tries of one rewrite; want 2 (the file's, and this rewrite's)", got, saves)
	}
	if file, why, err := filePostMortem(pm, v2); err != nil || why != nil || file != pm {
		t.Fatalf("the next rewrite: %s, %v, %v; want the edit merged into ID.md", file, why, err)
	}
	if got, _ := os.ReadFile(pm); !strings.Contains(string(got), "A lock on orders (save 3).") || !strings.Contains(string(got), "- 14:01 — Resolved\n") {
		t.Errorf("ID.md after the next rewrite:\n%s", got)
	}
}

// Resume's write of a missing ID.md takes pmMu, as a receipt's rewrite
// does: both read and write ID.md and ID.md.sums.
func TestPostMortemWriteTakesTheLock(t *testing.T) {
	r, id, pm, _ := resolvedQuietly(t)
	st, err := r.eng.recorded(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(pm); err != nil {
		t.Fatal(err)
	}
	r.eng.pmMu.Lock() // a rewrite in progress
	done := make(chan bool)
	go func() { done <- r.eng.writePostMortem(st, r.eng.TimeStyle()) }()
	select {
	case <-done:
		r.eng.pmMu.Unlock()
		t.Fatal("writePostMortem wrote while another write held pmMu")
	case <-time.After(200 * time.Millisecond):
	}
	r.eng.pmMu.Unlock()
	if !<-done || !fileExists(pm) {
		t.Fatal("writePostMortem did not write ID.md once pmMu was free")
	}
}

// Once an edit that could not be merged merges again (the heading put
// back), keepcool's version beside ID.md is out of date: it is removed,
// and the log says so.
func TestPostMortemStaleCopyRemoved(t *testing.T) {
	r, _, pm, log := editBetweenRewrites(t, func(md string) string {
		return strings.Replace(md, "## What didn't\n", "## What went badly\n\nThe status page lagged.\n", 1)
	}, keepcoolCopyPath)
	b, err := os.ReadFile(pm)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(pm, []byte(strings.Replace(string(b), "## What went badly\n", "## What didn't\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSuffix(filepath.Base(pm), ".md")
	r.eng.rewritePostMortem(id)
	if got, _ := os.ReadFile(pm); !strings.Contains(string(got), "The status page lagged.") || !strings.Contains(string(got), "Resolved message delivered") {
		t.Errorf("ID.md with the heading put back, after a rewrite:\n%s", got)
	}
	if fileExists(keepcoolCopyPath(pm)) {
		t.Errorf("%s left beside an ID.md that merges again", keepcoolCopyPath(pm))
	}
	poll.For(t, "the log to say keepcool's version is removed", func() bool {
		return strings.Contains(log.String(), "post-mortem: "+pm+" is written again (your edit merges now), so keepcool's version beside it, "+keepcoolCopyPath(pm)+", is removed")
	})
}
