package client

import "github.com/keepcool/keepcool/engine/api"

// WarningsError is a request the engine refused because its text looks
// like a mistake (a shell command, a pasted log, a secret, a very long
// line, an estimate more than a day away). Nothing was recorded or sent.
// Show Warnings to the user; to send anyway, repeat the same request with
// Force set. Detect it with errors.As:
//
//	var w *client.WarningsError
//	if errors.As(err, &w) { … w.Warnings … }
type WarningsError struct {
	Message  string        // one line saying what was not sent and why
	Warnings []api.Warning // each with a sentence for a person
}

func (e *WarningsError) Error() string { return e.Message }
