package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// prompts records what the engine asked the engineer.
type prompts struct {
	mu   sync.Mutex
	got  []Prompt
	seen chan struct{}
}

func newPrompts() *prompts { return &prompts{seen: make(chan struct{}, 16)} }

func (p *prompts) Prompt(_ context.Context, pr Prompt) error {
	p.mu.Lock()
	p.got = append(p.got, pr)
	p.mu.Unlock()
	p.seen <- struct{}{}
	return nil
}

func (p *prompts) list() []Prompt {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Prompt(nil), p.got...)
}

type running struct {
	eng    *Engine
	c      *client.Client
	paths  config.Paths
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func testPaths(t *testing.T) config.Paths {
	p, err := config.Locate(func(k string) string {
		if k == "KEEPCOOL_HOME" {
			return t.TempDir()
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// start runs an engine in this process until the test ends.
func start(t *testing.T, paths config.Paths, inc config.Incident, pr Prompter, chans ...Registered) *running {
	t.Helper()
	cfg := config.Default()
	if inc.Cadence > 0 {
		cfg.Incident = inc
	}
	return launch(t, Options{
		Paths: paths, Config: cfg, Engineer: "Sam", Prompter: pr, Channels: chans,
		Retry: updates.Options{BaseBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond},
	})
}

// launch runs an engine with opts until the test ends.
func launch(t *testing.T, opts Options) *running {
	t.Helper()
	paths := opts.Paths
	eng, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{eng: eng, c: client.New(paths.Socket), paths: paths, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- eng.Run(ctx) }()
	t.Cleanup(r.stop)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := r.c.Status(context.Background()); err == nil {
			return r
		}
		select {
		case err := <-r.done:
			t.Fatalf("engine stopped at start: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("engine not ready after 5s")
		}
	}
}

func (r *running) stop() {
	r.once.Do(func() {
		r.cancel()
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			panic("engine did not stop")
		}
	})
}

// clock is a wall clock the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestPromptOncePerWindow(t *testing.T) {
	pr := newPrompts()
	clk := &clock{now: time.Now()}
	cfg := config.Default()
	r := launch(t, Options{Paths: testPaths(t), Config: cfg, Prompter: pr, Now: clk.Now})
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "DB down", Severity: 1, ETA: "1h-2h"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "failing over"}); err != nil {
		t.Fatal(err)
	}
	clk.add(14 * time.Minute)
	r.eng.poke()
	time.Sleep(50 * time.Millisecond)
	if n := len(pr.list()); n != 0 {
		t.Fatalf("%d prompts a minute before the cadence", n)
	}
	clk.add(time.Minute)
	r.eng.poke()
	select {
	case <-pr.seen:
	case <-time.After(5 * time.Second):
		t.Fatal("no prompt when the cadence passed")
	}
	for range 5 { // wake-ups in the same window ask nothing more
		clk.add(10 * time.Second)
		r.eng.poke()
		time.Sleep(20 * time.Millisecond)
	}
	got := pr.list()
	if len(got) != 1 {
		t.Fatalf("%d prompts in one update window, want 1", len(got))
	}
	p := got[0]
	if p.Reason != incident.PromptUpdate || p.Title != "DB down" || p.LastNote != "failing over" || p.Severity != 1 {
		t.Fatalf("prompt = %+v", p)
	}
	// Answering the prompt opens a new window; its prompt comes 15 min later.
	if _, err := r.c.Note(ctx, api.NoteRequest{NoChange: true}); err != nil {
		t.Fatal(err)
	}
	clk.add(15 * time.Minute)
	r.eng.poke()
	select {
	case <-pr.seen:
	case <-time.After(5 * time.Second):
		t.Fatal("no prompt in the next window")
	}
}

func TestSecondEngineRefused(t *testing.T) {
	paths := testPaths(t)
	start(t, paths, config.Incident{}, nil)
	eng, _ := New(Options{Paths: paths, Config: config.Default()})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := eng.Run(ctx) // a regressed lock would run until the timeout, then fail below
	var running *AlreadyRunningError
	if !errors.As(err, &running) || running.PID != os.Getpid() {
		t.Fatalf("second engine: %v; want already running (pid %d)", err, os.Getpid())
	}
	if !strings.Contains(err.Error(), "already running (pid ") {
		t.Fatalf("message %q", err)
	}
}

func TestSocketIsPrivateAndStaleOneReplaced(t *testing.T) {
	paths := testPaths(t)
	if err := os.MkdirAll(filepath.Dir(paths.Socket), 0o700); err != nil {
		t.Fatal(err)
	}
	// A dead engine's socket file: nothing listens on it.
	if err := os.WriteFile(paths.Socket, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := client.New(paths.Socket).Status(context.Background()); !errors.Is(err, client.ErrNotRunning) {
		t.Fatalf("stale socket: %v, want ErrNotRunning", err)
	}
	start(t, paths, config.Incident{}, nil)
	st, err := os.Stat(paths.Socket)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Type()&os.ModeSocket == 0 || st.Mode().Perm() != 0o600 {
		t.Fatalf("socket mode %s, want a 0600 socket", st.Mode())
	}
}

func TestNotRunning(t *testing.T) {
	_, err := client.New(filepath.Join(t.TempDir(), "none.sock")).Status(context.Background())
	if !errors.Is(err, client.ErrNotRunning) || !strings.Contains(err.Error(), "keepcool daemon") {
		t.Fatalf("no engine: %v", err)
	}
}

func TestHostileNoteStoredWhole(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "30m"}); err != nil {
		t.Fatal(err)
	}
	// As long as a note may be (2,000 characters); forced past the warning
	// that a "one line" this long is likely a mistake.
	hostile := "<script>alert(1)</script> <!channel> @everyone **b** \x1b[2J\x00 \xc3\x28 " + strings.Repeat("é", 1940)
	inc, err := r.c.Note(ctx, api.NoteRequest{Text: hostile, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	got := inc.Notes[0].Text
	if !strings.HasPrefix(got, "<script>alert(1)</script> <!channel> @everyone **b** \uFFFD( éé") || utf8.RuneCountInString(got) < 1990 {
		t.Fatalf("stored note: %.90q (%d bytes)", got, len(got))
	}
	// The journal on disk holds the same text.
	r.stop()
	ids, _ := store{dir: r.paths.IncidentsDir()}.ids()
	st, warnings, err := store{dir: r.paths.IncidentsDir()}.load(ids[0])
	if err != nil || len(warnings) > 0 || st.Notes[0].Text != got {
		t.Fatalf("journal: err %v warnings %v, same text %v", err, warnings, st.Notes[0].Text == got)
	}
}

func TestOversizedRequestRefused(t *testing.T) {
	r := start(t, testPaths(t), config.Incident{}, nil)
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "x", Severity: 2, ETA: "30m"}); err != nil {
		t.Fatal(err)
	}
	_, err := r.c.Note(ctx, api.NoteRequest{Text: strings.Repeat("x", 2<<20)})
	if err == nil || !strings.Contains(err.Error(), "a note may be at most 1024 KiB") {
		t.Fatalf("2 MiB note: %v", err)
	}
}
