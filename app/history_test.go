//go:build cgo

package app

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/postmortem"
)

// historyFake is what fakeEngine answers for History and Calibration,
// and the calibrations asked for.
type historyFake struct {
	entries     []api.HistoryEntry
	calibration api.Calibration
	asked       []string // "SEV ETA" per Calibration call
}

func (f *fakeEngine) History(context.Context) ([]api.HistoryEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.history.entries, f.statusErr
}

func (f *fakeEngine) Calibration(_ context.Context, sev int, eta string) (api.Calibration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.history.asked = append(f.history.asked, fmt.Sprintf("SEV%d %s", sev, eta))
	return f.history.calibration, f.statusErr
}

func (*downEngine) History(context.Context) ([]api.HistoryEntry, error) {
	return nil, client.ErrNotRunning
}

func (*downEngine) Calibration(context.Context, int, string) (api.Calibration, error) {
	return api.Calibration{}, client.ErrNotRunning
}

// exportsJSON answers Export with json, and records the ids.
type exportsJSON struct {
	fakeEngine
	json []byte
	mu   sync.Mutex
	ids  []string
}

func (e *exportsJSON) Export(_ context.Context, id, format string) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.ids = append(e.ids, format+" "+id)
	return e.json, nil
}

// pastIncidents is three real SEV2 incidents and two drills, newest first.
func pastIncidents() []api.HistoryEntry {
	entry := func(day int, title string, drill bool, tookMin, ttfuMin, missMin float64, missed int) api.HistoryEntry {
		at := time.Date(2026, 3, day, 9, 12, 0, 0, time.UTC)
		end := at.Add(time.Duration(tookMin) * time.Minute)
		s := func(m float64) *postmortem.Seconds { v := postmortem.Seconds(m * 60); return &v }
		return api.HistoryEntry{ID: at.Format("20060102-150405") + "-x", Title: title, Severity: 2, Status: "resolved", Drill: drill,
			DeclaredAt: at, ResolvedAt: &end, Figures: &postmortem.Figures{Updates: 4, MissedPromises: missed,
				TimeToFirstUpdate: s(ttfuMin), FirstEstimate: postmortem.Range{Min: 1800, Max: 5400}, FirstEstimateError: s(missMin)}}
	}
	return []api.HistoryEntry{
		entry(13, "Database failover practice", true, 50, 3, 0, 0),
		entry(12, "Checkout returns 500s for EU customers", false, 115, 4, 25, 1),
		entry(9, "Login page times out", false, 60, 6, 0, 0),
		entry(5, "Database failover practice", true, 140, 6, 50, 2),
		entry(2, "Search results empty after deploy 388", false, 100, 9, 10, 0),
	}
}

func TestHistoryWindow(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	eng := &exportsJSON{json: raw}
	eng.pm = goldenPostmortem(t, "/home/sam/.local/state/keepcool/incidents/20261123-093000-checkout-down.md")
	eng.history.entries = pastIncidents()
	d, a, w := harness(t, eng)
	v := newHistory(d, w)
	w.Resize(fyne.NewSize(920, 640))
	for _, want := range []string{"Checkout returns 500s for EU customers", "[DRILL] Database failover practice", "25 min late", "held",
		"1 h 55 min", "Thu 12 Mar 09:12", "your SEV2 estimates held 1 of 3 times; median overrun 17 min", "5 incidents shown of 5"} {
		fatalIf(t, !shows(w, want), "history lacks %q; it shows %q", want, texts(w))
	}
	savePNG(t, w, "/tmp/issue11/history.png")

	// Filter by text, then drills only: the trend replaces the calibration.
	test.Type(v.filter, "login")
	fatalIf(t, len(v.shown) != 1 || v.shown[0].Title != "Login page times out", "filtered: %+v", v.shown)
	v.filter.SetText("")
	test.Tap(v.drills)
	fatalIf(t, len(v.shown) != 2, "drills only: %+v", v.shown)
	for _, want := range []string{"time to first update: 6 min → 3 min, improving", "missed promises: 2 → 0, improving", "estimate error: 50 min → 0 s, improving"} {
		fatalIf(t, !shows(w, want), "drills only lacks %q; it shows %q", want, texts(w))
	}
	savePNG(t, w, "/tmp/issue11/history-drills.png")

	// Enter opens the selected one's post-mortem in a window of its own,
	// the tray's post-mortem window (Open in editor, Copy Markdown);
	// Escape closes it, History stays.
	v.list.Select(1)
	v.filter.TypedKey(returnKey())
	pm := newestWindow(t, a, w)
	fatalIf(t, !shows(pm, "A migration locked the orders table.") || pm.Title() != "keepcool — Post-mortem: [DRILL] Checkout returns 500s", "post-mortem %q shows %q", pm.Title(), texts(pm))
	fatalIf(t, eng.pm.asked[len(eng.pm.asked)-1] != "json 20260305-091200-x", "asked %q", eng.pm.asked)
	fatalIf(t, button(t, pm, "Open in editor").Disabled() || button(t, pm, "Copy Markdown").Disabled(), "the post-mortem's buttons are off")
	savePNG(t, pm, "/tmp/issue11/history-postmortem.png")
	pm.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	fatalIf(t, isOpen(a, pm) || !isOpen(a, w), "Escape should close the post-mortem only")

	// Timeline: the selected incident's, not the latest.
	test.Tap(button(t, w, "Timeline"))
	tl := newestWindow(t, a, w)
	fatalIf(t, eng.ids[len(eng.ids)-1] != "json 20260305-091200-x" || !shows(tl, "Rolled back deploy 412"), "timeline of %q shows %q", eng.ids, texts(tl))
}

func TestHistoryDoubleClickOpensPostmortem(t *testing.T) {
	eng := &fakeEngine{pm: goldenPostmortem(t, "")}
	eng.history.entries = pastIncidents()
	d, a, w := harness(t, eng)
	v := newHistory(d, w)
	// A double-click reaches the row alone: the list's selection (the
	// top row) does not move first.
	test.DoubleTap(historyRowOf(t, w, 2))
	fatalIf(t, v.selected != 2, "the double-clicked row is not selected: %d", v.selected)
	fatalIf(t, len(eng.pm.asked) == 0 || eng.pm.asked[len(eng.pm.asked)-1] != "json 20260309-091200-x", "asked %q", eng.pm.asked)
	newestWindow(t, a, w)
}

// A click selects the row clicked, so Post-mortem opens that one; it was
// the top row's, the list never seeing the click.
func TestHistoryClickSelectsTheRow(t *testing.T) {
	eng := &fakeEngine{pm: goldenPostmortem(t, "")}
	eng.history.entries = pastIncidents()
	d, a, w := harness(t, eng)
	v := newHistory(d, w)
	// fyne's driver gives a click to the innermost object that takes a tap
	// or a double-tap: the row, which must then take the tap itself.
	row, ok := any(historyRowOf(t, w, 2)).(fyne.Tappable)
	fatalIf(t, !ok, "a row takes double-clicks but not clicks: a click on it reaches nothing")
	windows := len(a.Driver().AllWindows())
	test.Tap(row)
	fatalIf(t, v.selected != 2, "clicked row 2, selected %d", v.selected)
	fatalIf(t, len(a.Driver().AllWindows()) != windows, "a click opened a window")
	test.Tap(button(t, w, "Post-mortem"))
	fatalIf(t, len(eng.pm.asked) == 0 || eng.pm.asked[len(eng.pm.asked)-1] != "json 20260309-091200-x", "Post-mortem after clicking row 2 asked %q", eng.pm.asked)
}

// From the keyboard: Tab goes from the filter to the list, Up and Down
// move the selection, Enter opens it, Escape closes the window.
func TestHistoryListKeys(t *testing.T) {
	eng := &fakeEngine{pm: goldenPostmortem(t, "")}
	eng.history.entries = pastIncidents()
	d, a, w := harness(t, eng)
	v := newHistory(d, w)
	c := w.Canvas()
	c.FocusNext() // Drills only
	c.FocusNext()
	fatalIf(t, c.Focused() != fyne.Focusable(v.list), "Tab from the filter and Drills only reaches %T, not the list", c.Focused())
	for _, k := range []fyne.KeyName{fyne.KeyDown, fyne.KeyDown, fyne.KeyDown, fyne.KeyUp} {
		c.Focused().TypedKey(&fyne.KeyEvent{Name: k})
	}
	fatalIf(t, v.selected != 2, "Down, Down, Down, Up selected %d, want 2", v.selected)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd})
	fatalIf(t, v.selected != 4, "End selected %d", v.selected)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	fatalIf(t, v.selected != 4, "Down past the end selected %d", v.selected)
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	c.Focused().TypedKey(returnKey())
	fatalIf(t, len(eng.pm.asked) == 0 || eng.pm.asked[len(eng.pm.asked)-1] != "json 20260312-091200-x", "Enter on row 1 asked %q", eng.pm.asked)
	pm := newestWindow(t, a, w)
	pm.Close()
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	fatalIf(t, isOpen(a, w), "Escape in the list does not close History")
}

// historyRowOf is the row widget that shows the list's item i.
func historyRowOf(t *testing.T, w fyne.Window, i int) *historyRow {
	t.Helper()
	var found *historyRow
	walk(w, func(o fyne.CanvasObject) {
		if r, ok := o.(*historyRow); ok && r.item == i && r.Visible() {
			found = r
		}
	})
	fatalIf(t, found == nil, "no row shows item %d", i)
	return found
}

// newestWindow is the window opened after w.
func newestWindow(t *testing.T, a fyne.App, w fyne.Window) fyne.Window {
	t.Helper()
	all := a.Driver().AllWindows()
	last := all[len(all)-1]
	fatalIf(t, last == w, "no new window opened")
	return last
}

// savePNG renders w to path, for a person to look at.
func savePNG(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	if sz := w.Canvas().Size(); sz.Width == 0 || sz.Height == 0 { // "as tall as it needs": its content's size
		w.Resize(w.Content().MinSize().Max(sz))
	}
	f, err := os.Create(path)
	if err != nil {
		t.Logf("no picture: %v", err)
		return
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
