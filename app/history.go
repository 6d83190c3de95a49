//go:build cgo

package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/calibrate"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// Historian lists past incidents and says how estimates held.
type Historian interface {
	History(ctx context.Context) ([]api.HistoryEntry, error)
	Calibration(ctx context.Context, sev int, eta string) (api.Calibration, error)
}

// historyView is the History window: every past incident and drill with
// its figures, filtered by text and by drill; the selected one opens its
// post-mortem (Enter, double-click) or its timeline, each in a window of
// its own. Below the list: how estimates held, or with "Drills only" the
// drill trend.
type historyView struct {
	d                    *deps
	w                    fyne.Window
	all                  []api.HistoryEntry
	calibration          string             // what all teaches of estimates, said as all loads
	shown                []api.HistoryEntry // all, filtered
	selected             int                // index in shown; -1: none
	filter               *keyEntry
	drills               *keyCheck
	list                 *historyList
	summary              *widget.Label
	count                *widget.Label
	postmortem, timeline *keyButton
}

func newHistory(d *deps, w fyne.Window) *historyView {
	v := &historyView{d: d, w: w, selected: -1, filter: newEntry(), summary: widget.NewLabel(""), count: widget.NewLabel("")}
	v.filter.SetPlaceHolder("Filter: title, id, scenario or SEV2")
	v.filter.OnChanged = func(string) { v.apply() }
	v.filter.OnSubmitted = func(string) { v.openPostmortem() }
	v.drills = newCheck("Drills only", func(bool) { v.apply() })
	v.count.Importance = widget.LowImportance
	v.list = newHistoryList(func() int { return len(v.shown) }, func() fyne.CanvasObject { return newHistoryRow(v.pickRow, v.openRow) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			o.(*historyRow).set(i, v.shown[i], v.d.style(), v.d.now())
		})
	v.list.selected = func() int { return v.selected }
	v.list.open = v.openPostmortem
	v.list.OnSelected = func(i widget.ListItemID) { v.selected = i; v.enable() }
	v.list.OnUnselected = func(widget.ListItemID) { v.selected = -1; v.enable() }
	v.postmortem = newPrimary("Post-mortem", v.openPostmortem)
	v.timeline = newButton("Timeline", v.openTimeline)
	w.SetTitle(title("History"))
	w.SetContent(v.layout())
	w.Resize(fyne.NewSize(920, 640))
	bindKeys(w, keymap{Submit: v.openPostmortem})
	w.Canvas().Focus(v.filter)
	v.enable()
	v.load()
	return v
}

func (v *historyView) layout() fyne.CanvasObject {
	header := container.NewVBox(heading("History"),
		hint("Past incidents and drills, newest first. Pick one (click, or Up/Down), then open its post-mortem (Enter, double-click) or its timeline."),
		container.NewBorder(nil, nil, nil, v.drills, v.filter))
	table := container.NewBorder(historyHeader(), nil, nil, nil, v.list.withRing())
	// Tab follows the order a container holds its objects in, and a Border
	// holds its centre first: hold the list after the filter, before the
	// buttons.
	body := container.NewBorder(header, nil, nil, nil, table)
	body.Objects = []fyne.CanvasObject{header, table}
	footer := container.NewVBox(v.summary, actions([]fyne.CanvasObject{v.count}, newButton("Close", v.w.Close), v.timeline, v.postmortem))
	return page(nil, body, footer)
}

// load reads the history and shows it.
func (v *historyView) load() {
	var h []api.HistoryEntry
	v.d.call(func(ctx context.Context) (err error) {
		h, err = v.d.eng.History(ctx)
		return err
	}, func(err error) {
		switch {
		case engineDown(err):
			notRunning(v.w, func() { newHistory(v.d, v.w) })
		case err != nil:
			failed(v.w, err)
		default:
			v.all = h
			v.calibration = calibrationText(calibrate.BySeverity(h))
			v.apply()
		}
	})
}

// apply filters the list as the filter and the toggle say, and says what
// the shown incidents teach.
func (v *historyView) apply() {
	v.shown = filterHistory(v.all, v.filter.Text, v.drills.Checked)
	v.list.UnselectAll()
	v.selected = -1
	v.list.Refresh()
	if len(v.shown) > 0 {
		v.list.Select(0) // Enter opens the top one: what was just looked for
	}
	v.count.SetText(fmt.Sprintf("%s of %d", timefmt.Count(len(v.shown), "incident shown", "incidents shown"), len(v.all)))
	if v.drills.Checked {
		v.summary.SetText(trendText(calibrate.Drills(v.shown)))
	} else {
		v.summary.SetText(v.calibration)
	}
	v.w.Content().Refresh() // the summary's lines changed: lay the page out again
	v.enable()
}

func (v *historyView) enable() {
	for _, b := range []*keyButton{v.postmortem, v.timeline} {
		if v.selected < 0 {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// filterHistory is h's entries whose title, id, scenario or severity
// ("sev2") holds text, case aside; only drills with drillsOnly.
func filterHistory(h []api.HistoryEntry, text string, drillsOnly bool) []api.HistoryEntry {
	text = strings.ToLower(strings.TrimSpace(text))
	var out []api.HistoryEntry
	for _, e := range h {
		if drillsOnly && !e.Drill {
			continue
		}
		hay := strings.ToLower(fmt.Sprintf("%s %s %s sev%d", e.Title, e.ID, e.Scenario, e.Severity))
		if e.Drill {
			hay += " drill"
		}
		if strings.Contains(hay, text) {
			out = append(out, e)
		}
	}
	return out
}

// calibrationText is how first estimates held, a line per severity.
func calibrationText(sevs []calibrate.Severity) string {
	if len(sevs) == 0 {
		return "How your estimates held shows here once real incidents are resolved."
	}
	lines := []string{"How your first fix estimates held:"}
	for _, s := range sevs {
		lines = append(lines, "  "+calibrate.Describe(s.All))
	}
	return strings.Join(lines, "\n")
}

// trendText is the drill trend: a sentence per measure.
func trendText(trends []calibrate.Trend) string {
	if len(trends) == 0 {
		return "The trend shows here once a drill is finished: Start drill… in the tray."
	}
	var lines []string
	for _, t := range trends {
		if t.Scenario == "" {
			lines = append(lines, fmt.Sprintf("Across %s, oldest to newest:", timefmt.Count(len(t.Drills), "drill", "drills")))
		} else {
			lines = append(lines, fmt.Sprintf("Scenario %s (%d drills):", t.Scenario, len(t.Drills)))
		}
		for _, m := range t.Measures {
			lines = append(lines, "  "+m.Sentence())
		}
	}
	return strings.Join(lines, "\n")
}

// current is the selected incident.
func (v *historyView) current() (api.HistoryEntry, bool) {
	if v.selected < 0 || v.selected >= len(v.shown) {
		return api.HistoryEntry{}, false
	}
	return v.shown[v.selected], true
}

// pickRow selects row i and gives the list the keyboard, as a click on
// one of fyne's own list items does.
func (v *historyView) pickRow(i widget.ListItemID) {
	v.list.Select(i)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.list); c != nil {
		c.Focus(v.list)
	}
}

// openRow selects row i and opens its post-mortem: a double-click.
func (v *historyView) openRow(i widget.ListItemID) {
	v.pickRow(i)
	v.openPostmortem()
}

// openPostmortem shows the selected incident's post-mortem in a window of
// its own, as the tray's Post-mortem… shows the latest: History stays
// open beside it.
func (v *historyView) openPostmortem() {
	if e, ok := v.current(); ok {
		w := fyne.CurrentApp().NewWindow(title("Post-mortem: " + e.Title))
		w.SetIcon(appIcon())
		newPostmortemOf(v.d.child(), w, e.ID)
		w.Show()
	}
}

func (v *historyView) openTimeline() {
	if e, ok := v.current(); ok {
		w := fyne.CurrentApp().NewWindow(title("Timeline"))
		w.SetIcon(appIcon())
		newTimelineOf(v.d.child(), w, e.ID)
		w.Show()
	}
}

// child is deps for another window of this process (History opens
// post-mortems and timelines): the same engine and clock, its own
// open-window bookkeeping.
func (d *deps) child() *deps {
	return &deps{eng: d.eng, now: d.now, spawn: d.spawn, timeout: d.timeout, refresh: d.refresh, configFile: d.configFile,
		getenv: d.getenv, keyring: d.keyring, settled: d.settled, live: d.live, ui: d.ui, after: d.after}
}
