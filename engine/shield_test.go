package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/focus/slack"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/internal/poll"
)

// desk is a setting on the engineer's desktop that outlives keepcool's
// processes, like GNOME's show-banners.
type desk struct {
	mu      sync.Mutex
	banners bool
}

func (d *desk) get() bool { d.mu.Lock(); defer d.mu.Unlock(); return d.banners }

// bannerBackend turns the desk's banners off; it checks that the engine
// journaled what it saved before it changes anything.
type bannerBackend struct {
	t        *testing.T
	desk     *desk
	journals string // where the incident journals are
	mu       sync.Mutex
	saves    int
	raises   int
	failSave error
	block    chan struct{} // Raise waits on it when set
	failRest error
	refresh  time.Duration
}

func (b *bannerBackend) Name() string { return "banners" }

func (b *bannerBackend) Save(context.Context) (json.RawMessage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.saves++
	if b.failSave != nil {
		return nil, b.failSave
	}
	return json.Marshal(map[string]bool{"banners": b.desk.get()})
}

func (b *bannerBackend) Raise(ctx context.Context, _ focus.Incident) error {
	if b.block != nil {
		select {
		case <-b.block:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if !b.journaled(incident.KindShieldSaved) {
		b.t.Errorf("Raise before the saved state was in the journal")
	}
	b.mu.Lock()
	b.raises++
	b.mu.Unlock()
	b.desk.mu.Lock()
	b.desk.banners = false
	b.desk.mu.Unlock()
	return nil
}

func (b *bannerBackend) Restore(_ context.Context, saved json.RawMessage) error {
	b.mu.Lock()
	fail := b.failRest
	b.mu.Unlock()
	if fail != nil {
		return fail
	}
	var s map[string]bool
	if err := json.Unmarshal(saved, &s); err != nil {
		return err
	}
	b.desk.mu.Lock()
	b.desk.banners = s["banners"]
	b.desk.mu.Unlock()
	return nil
}

func (b *bannerBackend) counts() (saves, raises int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.saves, b.raises
}

// journaled reports whether any incident journal holds an event of kind.
func (b *bannerBackend) journaled(kind string) bool {
	entries, _ := os.ReadDir(b.journals)
	for _, e := range entries {
		if body, err := os.ReadFile(b.journals + "/" + e.Name()); err == nil && strings.Contains(string(body), `"kind":"`+kind+`"`) {
			return true
		}
	}
	return false
}

// refreshing is a bannerBackend whose shield runs out on its own.
type refreshing struct{ *bannerBackend }

func (r refreshing) RefreshEvery() time.Duration { return r.refresh }

func shieldEngine(t *testing.T, paths config.Paths, backends ...focus.Backend) *running {
	return launch(t, Options{
		Paths: paths, Config: config.Default(), Engineer: "Sam", Shield: backends,
		ShieldUnavailable: []focus.Unavailable{{Name: "windows", Why: "Windows has no API for Focus Assist: press Win+N"}},
	})
}

// declareShielded declares an incident and waits for its shield.
func declareShielded(t *testing.T, r *running, d *desk, title string) {
	t.Helper()
	if _, err := r.c.Start(context.Background(), api.StartRequest{Title: title, Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "banners off", func() bool { return !d.get() })
}

func shieldState(t *testing.T, r *running, name string) api.ShieldBackend {
	t.Helper()
	st, err := r.c.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st.Shield {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no %s in status shield %+v", name, st.Shield)
	return api.ShieldBackend{}
}

func TestShieldUpWhileActiveAndBackAfterResolve(t *testing.T) {
	paths := testPaths(t)
	d := &desk{banners: true}
	b := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir()}
	r := shieldEngine(t, paths, b)
	if s := shieldState(t, r, "windows"); s.State != "unavailable" || !strings.Contains(s.Error, "Win+N") {
		t.Fatalf("unavailable back-end shown as %+v", s)
	}
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "banners off", func() bool { return !d.get() && shieldState(t, r, "banners").State == "up" })
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{Summary: "fixed"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "banners back on", func() bool { return d.get() && shieldState(t, r, "banners").State == "down" })
	poll.For(t, "the restore journaled", func() bool { return b.journaled(incident.KindShieldRestored) })
}

// A crash mid-incident keeps the shield up: the next process raises it
// again from the journal and never saves the already-changed value as
// "before", so resolve puts back what was there before the incident.
func TestShieldAcrossRestartMidIncident(t *testing.T) {
	paths := testPaths(t)
	d := &desk{banners: true}
	first := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir()}
	r := shieldEngine(t, paths, first)
	declareShielded(t, r, d, "Checkout down")
	r.stop()
	if d.get() {
		t.Fatal("stopping keepcool mid-incident put the banners back")
	}

	second := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir()}
	r = shieldEngine(t, paths, second)
	poll.For(t, "raised again after restart", func() bool { _, raises := second.counts(); return raises == 1 })
	if saves, _ := second.counts(); saves != 0 {
		t.Fatalf("Save called %d times after restart: it would save the shielded value as the original", saves)
	}
	if _, err := r.c.Resolve(context.Background(), api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "banners back on after resolve", d.get)
}

// A run that died between resolve and restore is mended at the next start.
func TestShieldMendedAtStart(t *testing.T) {
	paths := testPaths(t)
	d := &desk{banners: true}
	stuck := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir(), failRest: errors.New("gsettings hung")}
	r := shieldEngine(t, paths, stuck)
	ctx := context.Background()
	declareShielded(t, r, d, "Checkout down")
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the failed restore reported", func() bool {
		s := shieldState(t, r, "banners")
		return s.State == "failed" && strings.Contains(s.Error, "gsettings hung")
	})
	r.stop()
	if d.get() {
		t.Fatal("banners back on, yet the restore failed")
	}

	fixed := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir()}
	shieldEngine(t, paths, fixed)
	poll.For(t, "banners put back at start", d.get)
	if saves, raises := fixed.counts(); saves+raises != 0 {
		t.Fatalf("a resolved incident's shield was raised again (saves %d, raises %d)", saves, raises)
	}
}

// A back-end that fails or hangs never holds up the incident.
func TestShieldFailureNeverBlocks(t *testing.T) {
	paths := testPaths(t)
	d := &desk{banners: true}
	hung := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir(), block: make(chan struct{})}
	defer close(hung.block)
	broken := &brokenBackend{}
	r := shieldEngine(t, paths, hung, broken)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "rolling back"}); err != nil {
		t.Fatal(err)
	}
	if s := shieldState(t, r, "banners"); s.State != "raising" {
		t.Fatalf("hung back-end shown as %+v", s)
	}
	hung.block <- struct{}{}
	poll.For(t, "the broken back-end reported", func() bool {
		s := shieldState(t, r, "broken")
		return s.State == "failed" && strings.Contains(s.Error, "token revoked")
	})
}

type brokenBackend struct{}

func (brokenBackend) Name() string                                  { return "broken" }
func (brokenBackend) Save(context.Context) (json.RawMessage, error) { return nil, nil }
func (brokenBackend) Raise(context.Context, focus.Incident) error {
	return errors.New("token revoked: make a new one")
}
func (brokenBackend) Restore(context.Context, json.RawMessage) error { return nil }

func TestShieldRefreshedWhileUp(t *testing.T) {
	paths := testPaths(t)
	b := refreshing{&bannerBackend{t: t, desk: &desk{banners: true}, journals: paths.IncidentsDir(), refresh: 20 * time.Millisecond}}
	r := shieldEngine(t, paths, b)
	if _, err := r.c.Start(context.Background(), api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "renewed", func() bool { _, raises := b.counts(); return raises >= 3 })
	if _, err := r.c.Resolve(context.Background(), api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "put back", b.desk.get)
	_, before := b.counts()
	time.Sleep(100 * time.Millisecond)
	if _, after := b.counts(); after != before {
		t.Fatalf("renewed %d times after resolve", after-before)
	}
}

// Quitting mid-incident: the user chooses whether the shield stays up.
func TestQuitKeepsOrRestoresTheShield(t *testing.T) {
	for _, restore := range []bool{false, true} {
		paths := testPaths(t)
		d := &desk{banners: true}
		r := shieldEngine(t, paths, &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir()})
		declareShielded(t, r, d, "Checkout down")
		if err := r.c.Quit(context.Background(), api.QuitRequest{RestoreShield: restore}); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-r.done:
			r.done <- err // for the cleanup's stop
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("engine still running after Quit")
		}
		if d.get() != restore {
			t.Errorf("quit with restore_shield=%v: banners on = %v", restore, d.get())
		}
	}
}

// A revoked Slack token is reported in status in words the user can act
// on, and the incident carries on: declared, noted, resolved.
func TestRevokedSlackTokenIncidentCarriesOn(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":false,"error":"token_revoked"}`))
	}))
	defer srv.Close()
	paths := testPaths(t)
	token := "xoxp-0000-revoked-token"
	r := shieldEngine(t, paths, slack.New(token, slack.WithAPIURL(srv.URL+"/api/"), slack.WithTokenRef("keyring:slack")))
	ctx := context.Background()
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	var got api.ShieldBackend
	poll.For(t, "the failure reported", func() bool { got = shieldState(t, r, "slack"); return got.State == "failed" })
	if !strings.Contains(got.Error, "revoked") || !strings.Contains(got.Error, "keyring:slack") || strings.Contains(got.Error, token) {
		t.Fatalf("slack shield error %q: want it to say revoked and where to store a new token, without the token", got.Error)
	}
	if _, err := r.c.Note(ctx, api.NoteRequest{Text: "rolled back"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() == 0 {
		t.Fatal("Slack was never called")
	}
}

// A new incident while the last one's shield could not be put back: the
// desk is still shielded, so the new incident carries over the original
// state instead of saving the shielded one, and its resolve puts the
// user's own value back.
func TestShieldCarriedOverWhenRestoreFailed(t *testing.T) {
	paths := testPaths(t)
	d := &desk{banners: true}
	b := &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir(), failRest: errors.New("dconf unreachable")}
	r := shieldEngine(t, paths, b)
	ctx := context.Background()
	declareShielded(t, r, d, "First")
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the failed restore", func() bool { return shieldState(t, r, "banners").State == "failed" })
	if _, err := r.c.Start(ctx, api.StartRequest{Title: "Second", Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the second shield up", func() bool { return shieldState(t, r, "banners").State == "up" })
	if saves, _ := b.counts(); saves != 1 {
		t.Fatalf("Save called %d times: the second incident saved the shielded value", saves)
	}
	b.mu.Lock()
	b.failRest = nil
	b.mu.Unlock()
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the user's own value back", d.get)
}

func TestShieldRetryDelayStaysBounded(t *testing.T) {
	w := newShieldWorker(nil, nil, nil, nil)
	for attempt := range 100 {
		if d := w.retry(attempt); d <= 0 || d > 10*time.Minute {
			t.Fatalf("retry(%d) = %v, want within (0, 10m]", attempt, d)
		}
	}
}

// Resolve, then quit at once: the restore already queued still happens.
func TestShieldRestoreNotLostToQuitting(t *testing.T) {
	paths := testPaths(t)
	d := &desk{banners: true}
	b := &slowRestore{bannerBackend: &bannerBackend{t: t, desk: d, journals: paths.IncidentsDir()}}
	r := shieldEngine(t, paths, b)
	ctx := context.Background()
	declareShielded(t, r, d, "Checkout down")
	if _, err := r.c.Resolve(ctx, api.ResolveRequest{}); err != nil {
		t.Fatal(err)
	}
	r.stop()
	if !d.get() {
		t.Fatal("quitting right after resolve left the banners off")
	}
}

// slowRestore takes a moment to put things back, like a Slack call.
type slowRestore struct{ *bannerBackend }

func (s *slowRestore) Restore(ctx context.Context, saved json.RawMessage) error {
	select {
	case <-time.After(300 * time.Millisecond):
		return s.bannerBackend.Restore(ctx, saved)
	case <-ctx.Done():
		return ctx.Err()
	}
}

// counted is a Refresher that only counts its raises.
type counted struct {
	name   string
	every  time.Duration
	raises atomic.Int32
}

func (c *counted) Name() string                                  { return c.name }
func (c *counted) Save(context.Context) (json.RawMessage, error) { return nil, nil }
func (c *counted) Raise(context.Context, focus.Incident) error   { c.raises.Add(1); return nil }
func (c *counted) Restore(context.Context, json.RawMessage) error {
	return nil
}
func (c *counted) RefreshEvery() time.Duration { return c.every }

// Each Refresher is renewed on its own clock: KDE's minute check must not
// make Slack's half-hourly renewal run every minute.
func TestShieldRefreshersOnTheirOwnClocks(t *testing.T) {
	fast, slow := &counted{name: "fast", every: 20 * time.Millisecond}, &counted{name: "slow", every: time.Hour}
	r := shieldEngine(t, testPaths(t), fast, slow)
	if _, err := r.c.Start(context.Background(), api.StartRequest{Title: "Checkout down", Severity: 2, ETA: "30m-90m"}); err != nil {
		t.Fatal(err)
	}
	poll.For(t, "the fast one renewed", func() bool { return fast.raises.Load() >= 4 })
	if n := slow.raises.Load(); n != 1 {
		t.Fatalf("the hourly Refresher was raised %d times in well under an hour", n)
	}
}
