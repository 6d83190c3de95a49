package tray

// Item is one entry of the tray menu.
type Item int

// The menu, top to bottom; submenu entries follow their parent.
const (
	ItemDelivery Item = iota // shown only while a channel is not delivering
	ItemIncidentMode
	ItemStartDrill
	ItemPostUpdate
	ItemReviseEstimate
	ItemChangeStatus
	ItemInvestigating
	ItemIdentified
	ItemMonitoring
	ItemSnooze
	ItemSnooze5
	ItemSnooze10
	ItemSnooze15
	ItemRunbook
	ItemResolve
	ItemStatusPage
	ItemTimeline
	ItemPostmortem
	ItemHistory
	ItemSettings
	ItemQuit
	NumItems
)

// when says in which state an item is shown.
type when int

const (
	always when = iota
	idleOnly
	incidentOnly
)

func (w when) shown(incident bool) bool {
	return w == always || (w == incidentOnly) == incident
}

// spec is what an item is and does. Exactly one of Window, Status, Snooze
// is set for an item that acts; the others (submenus, Open status page,
// Quit) are handled by name.
type spec struct {
	Label     string
	Parent    Item // -1: top level
	Show      when
	Separator bool   // a separator goes above it
	Window    string // `keepcool window NAME` opens it
	Status    string // moves the incident to this status
	Snooze    string // snoozes the prompt this long
}

var menuSpec = [NumItems]spec{
	ItemDelivery:       {Label: "Channels not delivering…", Parent: -1, Show: always, Window: "settings"},
	ItemIncidentMode:   {Label: "Incident mode…", Parent: -1, Show: idleOnly, Window: "declare"},
	ItemStartDrill:     {Label: "Start drill…", Parent: -1, Show: idleOnly, Window: "drill"},
	ItemPostUpdate:     {Label: "Post update…", Parent: -1, Show: incidentOnly, Window: "prompt"},
	ItemReviseEstimate: {Label: "Revise estimate…", Parent: -1, Show: incidentOnly, Window: "estimate"},
	ItemChangeStatus:   {Label: "Change status", Parent: -1, Show: incidentOnly},
	ItemInvestigating:  {Label: "Investigating", Parent: ItemChangeStatus, Show: incidentOnly, Status: "investigating"},
	ItemIdentified:     {Label: "Identified", Parent: ItemChangeStatus, Show: incidentOnly, Status: "identified"},
	ItemMonitoring:     {Label: "Monitoring", Parent: ItemChangeStatus, Show: incidentOnly, Status: "monitoring"},
	ItemSnooze:         {Label: "Snooze prompt", Parent: -1, Show: incidentOnly},
	ItemSnooze5:        {Label: "5 min", Parent: ItemSnooze, Show: incidentOnly, Snooze: "5m"},
	ItemSnooze10:       {Label: "10 min", Parent: ItemSnooze, Show: incidentOnly, Snooze: "10m"},
	ItemSnooze15:       {Label: "15 min", Parent: ItemSnooze, Show: incidentOnly, Snooze: "15m"},
	ItemRunbook:        {Label: "Runbook…", Parent: -1, Show: incidentOnly, Window: "runbook"},
	ItemResolve:        {Label: "Resolve…", Parent: -1, Show: incidentOnly, Window: "resolve"},
	ItemStatusPage:     {Label: "Open status page", Parent: -1, Show: always, Separator: true},
	ItemTimeline:       {Label: "Timeline", Parent: -1, Show: always, Window: "timeline"},
	ItemPostmortem:     {Label: "Post-mortem…", Parent: -1, Show: always, Window: "postmortem"},
	ItemHistory:        {Label: "History…", Parent: -1, Show: always, Window: "history"},
	ItemSettings:       {Label: "Settings…", Parent: -1, Show: always, Window: "settings"},
	ItemQuit:           {Label: "Quit", Parent: -1, Show: always, Separator: true},
}

// Label is the item's text in the menu.
func (it Item) Label() string { return menuSpec[it].Label }
