// Package focus is the focus shield: while an incident is active the
// engineer's desk goes quiet (desktop do-not-disturb, a chat status), and
// afterwards everything is put back exactly as it was.
//
// "As it was" is as far as a back-end can read it: GNOME's setting and a
// Slack status come back exactly; a Slack notification snooze the user
// had set before ends (reading it needs another scope, dnd:read); macOS
// Focus cannot be read at all, so its "off" Shortcut runs.
//
// A Backend changes one thing. The engine drives it in three steps so that
// nothing is lost to a crash: Save reads what Raise will change and the
// engine journals that before calling Raise; Restore puts it back from the
// journaled value, possibly in a later process. Raise is called again
// after a restart mid-incident and must be idempotent. Back-ends never
// block the incident: the engine runs them off the hot path and reports
// their errors in `keepcool status`.
package focus

import (
	"context"
	"encoding/json"
	"time"
)

// Backend is one part of the shield.
type Backend interface {
	// Name keys the back-end's saved state in the journal; never rename
	// one: "gnome", "kde", "macos", "slack".
	Name() string
	// Save reads the current state Raise will change. nil means there is
	// nothing to put back (an inhibition that dies with its holder).
	Save(ctx context.Context) (json.RawMessage, error)
	// Raise turns the shield on. It is called at declare, after a restart
	// mid-incident and, for a Refresher, every RefreshEvery.
	Raise(ctx context.Context, in Incident) error
	// Restore puts back what Save returned.
	Restore(ctx context.Context, saved json.RawMessage) error
}

// Refresher is a Backend whose shield runs out on its own (Slack's
// snooze, a status expiry): the engine calls Raise again this often.
type Refresher interface {
	RefreshEvery() time.Duration
}

// Incident is what a back-end may say about the incident (a chat status).
type Incident struct {
	Title     string
	Severity  int
	Cadence   time.Duration // how often updates go out
	UpdatesAt string        // where stakeholders read them: the status page or a channel; may be ""
	Drill     bool
}

// Unavailable is a back-end that cannot run here, and why, in words the
// user can act on (Settings and `keepcool status` show it).
type Unavailable struct {
	Name string
	Why  string
}
