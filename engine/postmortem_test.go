package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/internal/testproc"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/updates"
)

// refusesAllClear refuses the all-clear for good and takes the rest.
type refusesAllClear struct{ endpoint }

func (r *refusesAllClear) Send(ctx context.Context, m updates.Message) error {
	if m.Kind == updates.KindResolved {
		return updates.Permanent(errors.New("http://127.0.0.1/… answered 400 Bad Request: invalid_blocks"))
	}
	return r.endpoint.Send(ctx, m)
}

// The all-clear is refused after the post-mortem was written at resolve:
// the post-mortem is written again and says so.
func TestPostMortemListsARefusedAllClear(t *testing.T) {
	awaitPostMortem(t, &refusesAllClear{endpoint{name: "hook"}}, "the post-mortem to list the refused all-clear", "invalid_blocks")
}

// awaitPostMortem declares an incident with hook as its one channel,
// resolves it, and waits (for what) until its post-mortem contains want.
func awaitPostMortem(t *testing.T, hook updates.Channel, what, want string) {
	t.Helper()
	r := launch(t, Options{Paths: testPaths(t), Config: config.Default(), Channels: []Registered{{Type: "webhook", Channel: hook}}})
	inc := startAndResolve(t, r)
	pm := r.eng.store.postMortemPath(inc.ID)
	poll.For(t, what, func() bool {
		b, err := os.ReadFile(pm)
		return err == nil && strings.Contains(string(b), want)
	})
}

// GET /v1/postmortem renders the latest incident's post-mortem in
// Markdown (as written at resolve) and JSON: the status change and the
// estimate's reason are in its timeline, its figures count from the start
// time given.
func TestPostmortemRoute(t *testing.T) {
	clk := &clock{now: time.Date(2026, 11, 30, 9, 50, 0, 0, time.UTC)}
	cfg := config.Default()
	cfg.Incident.TimeZone = "UTC"
	r := launch(t, Options{Paths: testPaths(t), Config: cfg, Now: clk.Now})
	ctx := context.Background()
	if _, err := r.c.Postmortem(ctx, "", "md"); err == nil || !strings.Contains(err.Error(), "no incidents yet") {
		t.Fatalf("post-mortem with no incident: %v; want one saying there is none", err)
	}
	inc, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-1h", StartedAt: "09:40"})
	if err != nil {
		t.Fatal(err)
	}
	clk.add(5 * time.Minute)
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "Rolled back.", Status: "monitoring"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Estimate(ctx, api.EstimateRequest{ETA: "10m", Why: "The rollback is slow."}); err != nil {
		t.Fatal(err)
	}
	clk.add(10 * time.Minute)
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "Rolled back.", RootCause: "Deploy 412 dropped an index."}); err != nil {
		t.Fatal(err)
	}
	md, err := r.c.Postmortem(ctx, "", "md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"— Status changed to monitoring\n", "— The rollback is slow.\n", "- Time to declare: 10 min\n",
		"## Root cause\n\n> Why did it break, and why then? Ask why until the answer is something you can change.\n\nDeploy 412 dropped an index.\n"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("post-mortem lacks %q:\n%s", want, md)
		}
	}
	written, err := os.ReadFile(r.eng.store.postMortemPath(inc.ID))
	if err != nil || !strings.Contains(string(written), "Status changed to monitoring") {
		t.Errorf("ID.md written at resolve lacks the status change (%v):\n%s", err, written)
	}
	js, err := r.c.Postmortem(ctx, inc.ID, "json")
	if err != nil {
		t.Fatal(err)
	}
	var rep postmortem.Report
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatalf("%v:\n%s", err, js)
	}
	if rep.File != r.eng.store.postMortemPath(inc.ID) {
		t.Errorf("file %q; want the ID.md written at resolve", rep.File)
	}
	if f := rep.Figures; f.TimeToDeclare == nil || *f.TimeToDeclare != 600 || f.Duration == nil || *f.Duration != 900 || f.EstimateRevisions != 1 {
		t.Errorf("figures %+v; want 10 min to declare, 15 min long, 1 revision", f)
	}
	if rep.MarkdownText != string(md) {
		t.Errorf("the JSON's markdown is not what --format md prints:\n%s\nwant\n%s", rep.MarkdownText, md)
	}
	if _, err := r.c.Postmortem(ctx, inc.ID, "pdf"); err == nil || !strings.Contains(err.Error(), "use md or json") {
		t.Errorf("format pdf: %v; want it refused", err)
	}
	// The format is checked first: no journal is read for a request refused anyway.
	var apiErr *client.APIError
	if _, err := r.c.Postmortem(ctx, "20200101-000000-no-such", "pdf"); !errors.As(err, &apiErr) || apiErr.Status != http.StatusBadRequest {
		t.Errorf("format pdf of an unknown incident: %v; want the format refused (400)", err)
	}
}

// When several settled deliveries ask for the post-mortem at once (each
// channel's all-clear receipt, the shield going down), the calls that
// waited behind one write begun after they asked are covered by it: one
// rebuild, not one per channel.
func TestPostMortemRewritesCoalesce(t *testing.T) {
	var log testproc.Buffer
	r := launch(t, Options{Paths: testPaths(t), Config: config.Default(), Log: &log})
	inc := startAndResolve(t, r)
	// The log is written by a goroutine of its own: wait for resolve's
	// write to show, and let any straggler land, before counting.
	writes := func() int { return strings.Count(log.String(), "post-mortem: ") }
	poll.For(t, "resolve's post-mortem in the log", func() bool { return writes() >= 1 })
	time.Sleep(200 * time.Millisecond)
	before := writes()

	r.eng.pmMu.Lock() // a write in progress: five callers queue behind it
	asked := r.eng.pmAsked.Load()
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { r.eng.rewritePostMortem(inc.ID) })
	}
	poll.For(t, "five callers waiting", func() bool { return r.eng.pmAsked.Load() >= asked+5 })
	r.eng.pmMu.Unlock()
	wg.Wait()
	poll.For(t, "the write in the log", func() bool { return writes() > before })
	time.Sleep(200 * time.Millisecond) // a second write, were there one, lands meanwhile
	if got := writes() - before; got != 1 {
		t.Fatalf("%d post-mortem writes for five callers who asked together; want 1", got)
	}
}
