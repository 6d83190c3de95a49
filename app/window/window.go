// Package window names keepcool's windows. It is apart from package app so
// that the keepcool binary (engine, tray and CLI) can check and list window
// names without linking fyne: the windows themselves live in keepcool-gui.
package window

import "slices"

// Window names, as `keepcool window NAME` and `keepcool-gui NAME` take them.
const (
	Declare  = "declare"
	Prompt   = "prompt"
	Estimate = "estimate"
	Resolve  = "resolve"
	Timeline = "timeline"
	Settings = "settings"
	Quit     = "quit"
	// Drill declares a drill: Declare set for practice, with a scenario.
	Drill = "drill"
	// Runbook shows the incident's checklist and back-out plan.
	Runbook = "runbook"
	// Postmortem shows the latest incident's post-mortem.
	Postmortem = "postmortem"
	// History lists past incidents and drills.
	History = "history"
)

// QuietFlag follows the window's name when the engine, not the user, opens
// it (`keepcool-gui prompt --quiet`): the window shows without taking the
// keyboard, and ignores keys until the user activates it.
const QuietFlag = "--quiet"

// Names lists every window, in the order the help text shows them.
func Names() []string {
	return []string{Declare, Prompt, Estimate, Resolve, Timeline, Settings, Quit, Drill, Runbook, Postmortem, History}
}

// Valid reports whether name is a window keepcool can open.
func Valid(name string) bool { return slices.Contains(Names(), name) }
