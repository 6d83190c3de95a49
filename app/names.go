// Package app is keepcool's windows: declare, prompt, estimate, resolve,
// timeline and settings. Each runs as its own short-lived process
// (`keepcool window NAME`) and talks to the engine through the control
// socket, like the CLI, so a window that crashes cannot take the schedule
// or the outbox down. It is the only package that imports fyne's app and
// driver (cgo); a build without cgo gets a stub that says so.
package app

import "slices"

// Window names, as `keepcool window NAME` takes them.
const (
	WindowDeclare  = "declare"
	WindowPrompt   = "prompt"
	WindowEstimate = "estimate"
	WindowResolve  = "resolve"
	WindowTimeline = "timeline"
	WindowSettings = "settings"
)

// Names lists every window, in the order the help text shows them.
func Names() []string {
	return []string{WindowDeclare, WindowPrompt, WindowEstimate, WindowResolve, WindowTimeline, WindowSettings}
}

// Valid reports whether name is a window keepcool can open.
func Valid(name string) bool { return slices.Contains(Names(), name) }
