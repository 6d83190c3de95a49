// Package tray is keepcool's tray icon and menu (fyne.io/systray), run in the
// engine's process. Build turns the engine's status into what the tray
// shows; the systray glue only applies that model, so everything the user
// sees is decided by a pure function that tests call directly.
package tray

import (
	"fmt"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
)

// Kind is the state the icon shows.
type Kind int

// The icon's states.
const (
	Idle    Kind = iota // no incident
	Active              // an incident, next update not yet due
	Due                 // the promised update time has come
	Overdue             // the promised update time passed by more than Params.OverdueAfter
	Drill               // a drill, whatever its schedule says: practice must not look like an outage
	numKinds
)

var kindNames = [numKinds]string{"idle", "active", "due", "overdue", "drill"}

func (k Kind) String() string { return kindNames[k] }

// Params are the inputs of Build that are not in api.Status.
type Params struct {
	// OverdueAfter is how long past the promised time the icon turns from
	// due to overdue.
	OverdueAfter time.Duration
	// StatusPage says whether the status page is served (it can be "off").
	StatusPage bool
	// Times is how the user reads times: the configured [incident]
	// timezone and clock (zero: the machine's zone, 24-hour).
	Times timefmt.Style
}

// Model is everything the tray shows.
type Model struct {
	Kind    Kind
	Title   string
	Tooltip string
	Items   [NumItems]ItemState
	// Next is when the model changes by the clock alone (a minute counter, a
	// due instant); zero when only a change of state can change it, so an
	// idle tray sets no timer at all.
	Next time.Time
}

// ItemState is how one menu item looks.
type ItemState struct {
	Visible, Enabled, Checked bool
	Label                     string // "": the item's own label
}

// Build decides what the tray shows for st at now.
func Build(st api.Status, now time.Time, p Params) Model {
	var m Model
	inc := st.Incident
	active := inc != nil && inc.ResolvedAt == nil
	for it := range m.Items {
		spec := menuSpec[it]
		m.Items[it] = ItemState{Visible: spec.Show.shown(active), Enabled: true}
	}
	m.Items[ItemStatusPage].Enabled = p.StatusPage
	failing, label := delivery(st.Channels)
	m.Items[ItemDelivery] = ItemState{Visible: failing != "", Enabled: true, Label: label}
	if !active {
		m.Title = "keepcool · no incident"
		m.Tooltip = m.Title + "\nIncident mode… declares one and keeps stakeholders posted." + failing
		return m
	}
	for _, it := range []Item{ItemInvestigating, ItemIdentified, ItemMonitoring} {
		m.Items[it].Checked = menuSpec[it].Status == inc.Status
	}
	m.Items[ItemRunbook].Visible = len(inc.Checklist) > 0 // no runbook, no checklist to show
	m.Kind, m.Title, m.Next = schedule(inc, now, p)
	m.Tooltip = m.Title + "\n" + details(inc, now, p.Times) + failing
	for _, it := range []Item{ItemSnooze5, ItemSnooze10, ItemSnooze15} {
		label, changes := snoozeLabel(inc, now, it, p.Times)
		m.Items[it].Label = label
		if !changes.IsZero() {
			m.Next = earliest(m.Next, changes)
		}
	}
	return m
}

// snoozeLabel is a snooze item's label: its own ("") while the snooze ends
// before the holding message goes, else it says when that goes, as the
// prompt window and the CLI do. changes is when the label would change by
// the clock alone (zero: only a change of state changes it).
func snoozeLabel(inc *api.Incident, now time.Time, it Item, ts timefmt.Style) (label string, changes time.Time) {
	d, err := time.ParseDuration(menuSpec[it].Snooze)
	if err != nil || inc.HoldingAt == nil {
		return "", time.Time{}
	}
	at := *inc.HoldingAt
	if now.Add(d).Before(at) {
		return "", at.Add(-d)
	}
	return it.Label() + " — holding message at " + ts.Time(at, now), time.Time{}
}

// schedule works out the icon, the title and when either changes next.
func schedule(inc *api.Incident, now time.Time, p Params) (Kind, string, time.Time) {
	prefix := fmt.Sprintf("SEV%d", inc.Severity)
	if inc.Drill {
		prefix = "DRILL · " + prefix
	}
	elapsed := now.Sub(inc.DeclaredAt)
	next := nextBoundary(inc.DeclaredAt, now) // the "42 min" counter
	kind, title := Active, fmt.Sprintf("%s · %s", prefix, minutes(elapsed))
	if due := inc.NextUpdateDue; due != nil {
		late := now.Sub(*due)
		switch {
		case late < 0:
			title += " · next update " + p.Times.Time(*due, now)
			next = earliest(next, *due)
		case late <= p.OverdueAfter:
			kind, title = Due, title+" · update due now ("+p.Times.Time(*due, now)+")"
			next = earliest(next, due.Add(p.OverdueAfter).Add(time.Nanosecond))
		default:
			kind, title = Overdue, fmt.Sprintf("%s · update OVERDUE by %s", prefix, minutes(late))
			next = nextBoundary(*due, now)
		}
	}
	if inc.Drill {
		kind = Drill
	}
	return kind, title, next
}

// details is the tooltip's second line: what, where it stands, the estimate.
func details(inc *api.Incident, now time.Time, ts timefmt.Style) string {
	fix := incident.Estimate{MinAt: inc.Estimate.MinAt, MaxAt: inc.Estimate.MaxAt}.Text(ts, now)
	s := fmt.Sprintf("%s · %s · fix expected %s", inc.Title, inc.Status, fix)
	if inc.SnoozedUntil != nil && inc.SnoozedUntil.After(now) {
		s += " · prompt snoozed until " + ts.Time(*inc.SnoozedUntil, now)
		if inc.NextUpdateDue != nil && inc.HoldingAt != nil && inc.SnoozedUntil.After(*inc.NextUpdateDue) && inc.HoldingAt.After(now) {
			s += ", holding message to stakeholders at " + ts.Time(*inc.HoldingAt, now) + " unless you post"
		}
	}
	return s
}

// delivery says which channels are not delivering, and which refused a
// message of this incident for good: a tooltip line (starting with a line
// break) and the menu item's label, both "" when all is well.
func delivery(chans []api.Channel) (tooltip, label string) {
	var names, refusedBy []string
	queued, refused := 0, 0
	for _, c := range chans {
		switch {
		case !c.Delivering():
			names = append(names, c.Name+" ("+c.Why()+")")
			queued += c.Pending
		case c.Undelivered > 0:
			refusedBy = append(refusedBy, c.Name)
			refused += c.Undelivered
		}
	}
	if len(names) > 0 {
		tooltip = fmt.Sprintf("\n⚠ not delivering: %s; %d queued", strings.Join(names, ", "), queued)
	}
	if len(refusedBy) > 0 {
		tooltip += fmt.Sprintf("\n⚠ %s refused %s: keepcool export lists them", strings.Join(refusedBy, ", "), timefmt.Count(refused, "message", "messages"))
	}
	switch {
	case len(names) == 1:
		label = "⚠ " + strings.SplitN(names[0], " (", 2)[0] + " is not delivering…"
	case len(names) > 1:
		label = fmt.Sprintf("⚠ %d channels are not delivering…", len(names))
	case len(refusedBy) == 1:
		label = "⚠ " + refusedBy[0] + " refused " + timefmt.Count(refused, "message", "messages") + "…"
	case len(refusedBy) > 1:
		label = fmt.Sprintf("⚠ %d channels refused messages…", len(refusedBy))
	}
	return tooltip, label
}

// nextBoundary is the next instant after now at which whole minutes since
// from tick over.
func nextBoundary(from, now time.Time) time.Time {
	if now.Before(from) {
		return from
	}
	n := now.Sub(from) / time.Minute
	return from.Add((n + 1) * time.Minute)
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// minutes says a duration the way people say it: "42 min", "1 h 05 min".
func minutes(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "<1 min"
	case m < 60:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}
