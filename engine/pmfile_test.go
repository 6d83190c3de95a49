package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	ctx := context.Background()
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "fixed"}); err != nil {
		t.Fatal(err)
	}
	pm := r.eng.store.postMortemPath(inc.ID)
	var written []byte
	poll.For(t, "ID.md written at resolve", func() bool { written, err = os.ReadFile(pm); return err == nil })
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
