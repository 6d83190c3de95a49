//go:build cgo

package app

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
)

// The checklist as other windows show it: compactly in the prompt, as a
// choice of runbook when declaring, as quiet entries in the timeline.

// briefOpen is how many open items the prompt lists.
const briefOpen = 2

// checklistBrief is the prompt's view of the checklist: how far along it
// is and the next open items. Text only: the prompt may have been opened
// by the engine, and nothing in it may take keys until the user clicks it.
type checklistBrief struct {
	obj   *fyne.Container
	count *widget.Label
	next  *fyne.Container
}

func newChecklistBrief() *checklistBrief {
	c := &checklistBrief{count: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), next: container.NewVBox()}
	c.obj = container.NewVBox(compact(container.NewVBox(c.count, c.next)))
	c.obj.Hide()
	return c
}

// set shows inc's checklist; hidden when it has none.
func (c *checklistBrief) set(inc api.Incident) {
	if len(inc.Checklist) == 0 {
		c.obj.Hide()
		return
	}
	c.count.SetText(checklistProgress(inc))
	var lines []fyne.CanvasObject
	for _, it := range openItems(inc.Checklist, briefOpen) {
		l := widget.NewLabel(fmt.Sprintf("☐ %d. %s", it.N, it.Text))
		l.Truncation = fyne.TextTruncateEllipsis
		lines = append(lines, l)
	}
	if len(lines) == 0 {
		lines = append(lines, oneLineHint("Every item is ticked. Runbook… in the tray shows the back-out plan."))
	}
	c.next.Objects = lines
	c.next.Refresh()
	c.obj.Show()
}

// checklistProgress is "Checklist 1 of 3 done (db-failover)".
func checklistProgress(inc api.Incident) string {
	return fmt.Sprintf("Checklist %d of %d done (%s)", api.DoneCount(inc.Checklist), len(inc.Checklist), inc.Runbook)
}

// openItems are the first n items not yet ticked.
func openItems(items []api.ChecklistItem, n int) []api.ChecklistItem {
	var out []api.ChecklistItem
	for _, it := range items {
		if !it.Done && len(out) < n {
			out = append(out, it)
		}
	}
	return out
}

// noRunbook is the runbook picker's first choice.
const noRunbook = "No runbook"

// runbookPicker offers the runbooks when declaring; hidden when there are
// none (or the engine cannot list them: declaring must not wait on it).
type runbookPicker struct {
	obj    *fyne.Container
	sel    *keySelect
	byName map[string]string // option → runbook name
}

func newRunbookPicker(d *deps) *runbookPicker {
	p := &runbookPicker{sel: newSelect([]string{noRunbook}, nil), byName: map[string]string{}}
	p.sel.SetSelected(noRunbook)
	p.obj = container.NewVBox(container.NewBorder(nil, nil, fieldLabel("Runbook"), nil, p.sel),
		hint("The runbook's - [ ] items become the incident's checklist; its back-out plan stays in view."))
	p.obj.Hide()
	var list api.Runbooks
	d.call(func(ctx context.Context) (err error) {
		list, err = d.eng.Runbooks(ctx)
		return err
	}, func(err error) {
		if err == nil {
			p.offer(list)
		}
	})
	return p
}

// offer lists the readable runbooks by name and title.
func (p *runbookPicker) offer(list api.Runbooks) {
	opts := []string{noRunbook}
	for _, r := range list.Runbooks {
		if r.Problem != "" {
			continue
		}
		opt := r.Name
		if r.Title != r.Name {
			opt += " — " + r.Title
		}
		opt += fmt.Sprintf(" (%s)", plural(r.Items, "item"))
		p.byName[opt] = r.Name
		opts = append(opts, opt)
	}
	if len(opts) == 1 {
		return
	}
	p.sel.SetOptions(opts)
	p.obj.Show()
}

// value is the chosen runbook's name, "" for none.
func (p *runbookPicker) value() string { return p.byName[p.sel.Selected] }

// tickedText is a tick as the timeline shows it: "✓ 2. Fail over to the
// replica — took 3 min".
func tickedText(t incident.ChecklistTicked) string {
	s := fmt.Sprintf("✓ %d. %s", t.Item, t.Text)
	if t.Note != "" {
		s += " — " + t.Note
	}
	return s
}
