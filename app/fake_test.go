//go:build cgo

package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

var _ Engine = (*client.Client)(nil) // the real client fits what the windows need

// fakeEngine records what the windows ask of the engine.
type fakeEngine struct {
	mu        sync.Mutex
	status    api.Status
	statusErr error
	actionErr error // returned by every state-changing call
	export    []byte
	channels  []api.ChannelConfig
	starts    []api.StartRequest
	notes     []api.NoteRequest
	noteKeys  []string      // each note's idempotency key (notes holds the requests without it)
	noted     *api.Incident // what Note answers; nil: an empty incident
	snoozes   []api.SnoozeRequest
	estimates []api.EstimateRequest
	resolves  []api.ResolveRequest
	tests     []string
	reloads   int
	quits     []api.QuitRequest
	runbook   runbookFake    // Runbooks and Tick: runbook_test.go
	history   historyFake    // History and Calibration: history_test.go
	pm        postmortemFake // Postmortem: postmortem_test.go
	drills    api.Drills     // Drills: drill_test.go
}

func (f *fakeEngine) Status(context.Context) (api.Status, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status, f.statusErr
}

// Watch never sees a change: tests that follow the engine use watchingEngine.
func (f *fakeEngine) Watch(ctx context.Context, since uint64) (api.Watched, error) {
	<-ctx.Done()
	return api.Watched{Revision: since}, ctx.Err()
}

func (f *fakeEngine) Start(_ context.Context, r api.StartRequest) (api.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts = append(f.starts, r)
	return api.Incident{Title: r.Title}, f.actionErr
}

func (f *fakeEngine) Note(_ context.Context, r api.NoteRequest) (api.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.noteKeys = append(f.noteKeys, r.Key)
	r.Key = ""
	f.notes = append(f.notes, r)
	if f.noted != nil {
		return *f.noted, f.actionErr
	}
	return api.Incident{}, f.actionErr
}

func (f *fakeEngine) Snooze(_ context.Context, r api.SnoozeRequest) (api.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.snoozes = append(f.snoozes, r)
	return api.Incident{}, f.actionErr
}

func (f *fakeEngine) Estimate(_ context.Context, r api.EstimateRequest) (api.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.estimates = append(f.estimates, r)
	return api.Incident{}, f.actionErr
}

func (f *fakeEngine) Resolve(_ context.Context, r api.ResolveRequest) (api.Incident, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resolves = append(f.resolves, r)
	return api.Incident{}, f.actionErr
}

func (f *fakeEngine) Export(context.Context, string, string) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.export == nil {
		return nil, &client.APIError{Status: 404, Message: "no incidents yet: nothing to export"}
	}
	return f.export, nil
}

func (f *fakeEngine) Channels(context.Context) ([]api.ChannelConfig, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.channels, f.statusErr
}

func (f *fakeEngine) TestChannel(_ context.Context, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tests = append(f.tests, name)
	return f.actionErr
}

func (f *fakeEngine) Reload(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reloads++
	return nil
}

func (f *fakeEngine) Quit(_ context.Context, r api.QuitRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quits = append(f.quits, r)
	return f.actionErr
}

// fakeKeyring is an in-memory keyring.
type fakeKeyring struct {
	secrets map[string]string
	sets    int
	err     error
}

func (k *fakeKeyring) Set(service, user, secret string) error {
	k.sets++
	if k.err != nil {
		return k.err
	}
	k.secrets[service+"/"+user] = secret
	return nil
}

func (k *fakeKeyring) Get(service, user string) (string, error) {
	if v, ok := k.secrets[service+"/"+user]; ok {
		return v, nil
	}
	return "", errors.New("secret not found in keyring")
}

// testNow is the tests' wall clock: 09:50 UTC.
var testNow = time.Date(2026, 3, 14, 9, 50, 0, 0, time.UTC)

// activeIncident is a SEV2 declared at 09:12 whose promised update (09:45)
// has passed.
func activeIncident() *api.Incident {
	due := time.Date(2026, 3, 14, 9, 45, 0, 0, time.UTC)
	return &api.Incident{
		ID: "20260314-091200-checkout", Title: "Checkout returns 500s", Severity: 2, Status: "investigating",
		DeclaredAt: time.Date(2026, 3, 14, 9, 12, 0, 0, time.UTC),
		Estimate: api.Estimate{MinAt: time.Date(2026, 3, 14, 9, 42, 0, 0, time.UTC),
			MaxAt: time.Date(2026, 3, 14, 10, 42, 0, 0, time.UTC)},
		NextUpdateDue: &due,
		Notes: []api.Note{{At: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC), Kind: "note",
			Text: "Rolled back deploy 412, error rate falling"}},
	}
}

// downEngine is an engine that is not running.
type downEngine struct{ fakeEngine }

func (*downEngine) Status(context.Context) (api.Status, error) {
	return api.Status{}, client.ErrNotRunning
}
func (*downEngine) Export(context.Context, string, string) ([]byte, error) {
	return nil, client.ErrNotRunning
}
func (*downEngine) Reload(context.Context) error { return client.ErrNotRunning }
func (*downEngine) Channels(context.Context) ([]api.ChannelConfig, error) {
	return nil, client.ErrNotRunning
}

// harness gives a test an app, an empty window and the deps a window gets,
// with engine calls run inline so that every test is deterministic and
// race-free.
func harness(t *testing.T, eng Engine) (*deps, fyne.App, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	d := &deps{eng: eng, now: func() time.Time { return testNow }, spawn: func(f func()) { f() },
		timeout: time.Second, configFile: t.TempDir() + "/config.toml", keyring: &fakeKeyring{secrets: map[string]string{}}}
	w := a.NewWindow("")
	w.Resize(fyne.NewSize(700, 600))
	return d, a, w
}

// isOpen reports whether w is still one of a's windows.
func isOpen(a fyne.App, w fyne.Window) bool {
	for _, o := range a.Driver().AllWindows() {
		if o == w {
			return true
		}
	}
	return false
}

// walk visits every object drawn in w, overlays (menus, dialogs) included.
func walk(w fyne.Window, visit func(fyne.CanvasObject)) {
	var rec func(o fyne.CanvasObject)
	rec = func(o fyne.CanvasObject) {
		if o == nil {
			return
		}
		visit(plain(o))
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				rec(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				rec(c)
			}
		}
	}
	rec(w.Content())
	for _, o := range w.Canvas().Overlays().List() {
		rec(o)
	}
}

// plain is one of keys.go's widgets as the fyne widget it extends, so
// that tests find it as they find any other; anything else as it is.
func plain(o fyne.CanvasObject) fyne.CanvasObject {
	switch x := o.(type) {
	case *keyEntry:
		return &x.Entry
	case *keyButton:
		return &x.Button
	case *keyCheck:
		return &x.Check
	case *keySelect:
		return &x.Select
	}
	return o
}

// texts is every string w shows: labels, entries (text and placeholder),
// buttons, rich text and raw canvas text.
func texts(w fyne.Window) []string {
	var out []string
	walk(w, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.Entry:
			out = append(out, x.Text, x.PlaceHolder)
		case *widget.Button:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.Select:
			out = append(out, x.Selected)
		}
	})
	return out
}

// shows reports whether some text in w contains s.
func shows(w fyne.Window, s string) bool {
	for _, t := range texts(w) {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// button finds the visible button labelled text.
func button(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walk(w, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q in the window; texts: %q", text, texts(w))
	}
	return found
}

// focusedEntry is the entry that has the keyboard.
func focusedEntry(t *testing.T, w fyne.Window) *widget.Entry {
	t.Helper()
	e, ok := asEntry(w.Canvas().Focused())
	if !ok {
		t.Fatalf("focused object is %T, want an entry", w.Canvas().Focused())
	}
	return e
}

// typeLine types text into the focused entry and presses Enter, as a user would.
func typeLine(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	e := focusedEntry(t, w)
	test.Type(e, text)
	e.TypedKey(returnKey())
}

// asEntry is o as a plain Entry, whether it is one or one of keys.go's.
func asEntry(o any) (*widget.Entry, bool) {
	switch x := o.(type) {
	case *widget.Entry:
		return x, true
	case *keyEntry:
		return &x.Entry, true
	}
	return nil, false
}

func returnKey() *fyne.KeyEvent { return &fyne.KeyEvent{Name: fyne.KeyReturn} }

func fatalIf(t *testing.T, cond bool, format string, args ...any) {
	t.Helper()
	if cond {
		t.Fatalf(format, args...)
	}
}
