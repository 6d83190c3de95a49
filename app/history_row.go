//go:build cgo

package app

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// The history list's columns: date, title (what is left), SEV, duration,
// updates, missed promises, estimate error.
var historyColumns = []struct {
	name  string
	width float32 // 0: the rest
	right bool
}{
	{"Declared", 150, false}, {"Incident", 0, false}, {"SEV", 48, false}, {"Took", 96, false},
	{"Updates", 70, true}, {"Missed", 62, true}, {"Est. error", 124, false},
}

// columns lays its objects out side by side at historyColumns' widths.
type columns struct{}

func (columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	const gap = 8
	fixed := float32(0)
	for _, c := range historyColumns {
		fixed += c.width + gap
	}
	x := float32(0)
	for i, o := range objs {
		w := historyColumns[i].width
		if w == 0 {
			w = max(size.Width-fixed, 80)
		}
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + gap
	}
}

func (columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	w := float32(80)
	for _, c := range historyColumns {
		w += c.width + 8
	}
	return fyne.NewSize(w, h)
}

func historyHeader() fyne.CanvasObject {
	var objs []fyne.CanvasObject
	for _, c := range historyColumns {
		l := widget.NewLabelWithStyle(c.name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		if c.right {
			l.Alignment = fyne.TextAlignTrailing
		}
		objs = append(objs, l)
	}
	return &fyne.Container{Layout: columns{}, Objects: objs}
}

// historyRow is one incident in the list: a click selects it, a
// double-click opens it.
type historyRow struct {
	widget.BaseWidget
	cells      []*widget.Label
	item       widget.ListItemID // which row of the list it shows now
	pick, open func(widget.ListItemID)
}

func newHistoryRow(pick, open func(widget.ListItemID)) *historyRow {
	r := &historyRow{pick: pick, open: open}
	for _, c := range historyColumns {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		if c.right {
			l.Alignment = fyne.TextAlignTrailing
		}
		r.cells = append(r.cells, l)
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *historyRow) CreateRenderer() fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(r.cells))
	for i, c := range r.cells {
		objs[i] = c
	}
	return widget.NewSimpleRenderer(&fyne.Container{Layout: columns{}, Objects: objs})
}

// Tapped selects the row. A row that takes double-clicks gets the single
// clicks too: the driver hands a click to the innermost object taking
// either, so the list's own item never sees it.
func (r *historyRow) Tapped(*fyne.PointEvent) { r.pick(r.item) }

// DoubleTapped opens the incident's post-mortem (a double-click is not
// two single ones: Tapped did not run).
func (r *historyRow) DoubleTapped(*fyne.PointEvent) { r.open(r.item) }

// historyList is the history's list as the keyboard uses it: Up, Down,
// Page Up, Page Down, Home and End move the selection (fyne's list moves
// only a highlight of its own, which clicks on historyRow no longer move),
// Enter opens the selected incident, Escape goes to the window. A ring
// round the list shows it has the keyboard.
type historyList struct {
	widget.List
	selected func() int // the selected row; -1: none
	open     func()
	ring     *canvas.Rectangle
}

func newHistoryList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *historyList {
	l := &historyList{List: widget.List{Length: length, CreateItem: create, UpdateItem: update}, ring: canvas.NewRectangle(color.Transparent)}
	l.ring.StrokeColor = theme.Color(theme.ColorNameFocus)
	l.ring.StrokeWidth = 2
	l.ring.Hide()
	l.ExtendBaseWidget(l)
	return l
}

// withRing is the list with its focus ring over it.
func (l *historyList) withRing() fyne.CanvasObject { return container.NewStack(l, l.ring) }

// FocusGained shows the ring, and not fyne's highlight (see historyList).
func (l *historyList) FocusGained() { l.ring.Show() }

func (l *historyList) FocusLost() { l.ring.Hide() }

// Refresh follows a change of theme (light, dark) in the ring too.
func (l *historyList) Refresh() {
	l.ring.StrokeColor = theme.Color(theme.ColorNameFocus)
	l.ring.Refresh()
	l.List.Refresh()
}

func (l *historyList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyUp:
		l.move(-1)
	case fyne.KeyDown:
		l.move(1)
	case fyne.KeyPageUp:
		l.move(-l.page())
	case fyne.KeyPageDown:
		l.move(l.page())
	case fyne.KeyHome:
		l.move(-l.Length())
	case fyne.KeyEnd:
		l.move(l.Length())
	case fyne.KeyReturn, fyne.KeyEnter:
		l.open()
	case fyne.KeyEscape:
		handOn(l, ev)
	}
}

// page is how many rows are in view: what Page Up and Page Down move by.
// (A row is built to measure it: only for those keys.)
func (l *historyList) page() int {
	return max(int(l.Size().Height/(l.CreateItem().MinSize().Height+theme.Padding())), 1)
}

// move selects the row by rows below the selected one (above: negative),
// within the list, and scrolls it into view.
func (l *historyList) move(by int) {
	n := l.Length()
	if n == 0 {
		return
	}
	i := min(max(l.selected()+by, 0), n-1)
	l.Select(i)
	l.ScrollTo(i)
}

// set shows e, the list's row item.
func (r *historyRow) set(item widget.ListItemID, e api.HistoryEntry, ts timefmt.Style, now time.Time) {
	r.item = item
	for i, text := range historyCells(e, ts, now) {
		r.cells[i].SetText(text)
	}
}

// historyCells is e's row as text, a cell per column, read at now.
func historyCells(e api.HistoryEntry, ts timefmt.Style, now time.Time) []string {
	name := e.Title
	if e.Drill {
		name = "[DRILL] " + name
	}
	took := "ongoing"
	if e.ResolvedAt != nil {
		took = timefmt.Span(e.ResolvedAt.Sub(e.DeclaredAt))
	}
	updates, missed, miss := fmt.Sprint(e.Notes), fmt.Sprint(e.MissedUpdates), "—"
	if f := e.Figures; f != nil {
		updates, missed = fmt.Sprint(f.Updates), fmt.Sprint(f.MissedPromises)
		if f.FirstEstimateError != nil {
			switch s := *f.FirstEstimateError; {
			case s > 0:
				miss = timefmt.Span(s.Duration()) + " late"
			case s < 0:
				miss = timefmt.Span(-s.Duration()) + " early"
			default:
				miss = "held"
			}
		}
	}
	return []string{ts.TimeNoZone(e.DeclaredAt, now), name, fmt.Sprintf("SEV%d", e.Severity), took, updates, missed, miss}
}
