package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// whatToDo follows notDelivering: where the whole error is, and how a
// fixed channel gets what it owes (a retrying one gets it by itself). A
// refused message is not retried: the export lists it with the answer.
func whatToDo(d *api.Delivery) string {
	if len(d.NotDelivering) == 0 {
		return "Later messages still go; keepcool export lists the refused ones with the provider's answer."
	}
	var stuck []string
	for _, c := range d.NotDelivering {
		if c.State != api.ChannelRetrying {
			stuck = append(stuck, c.Name)
		}
	}
	switch len(stuck) {
	case 0:
		return "keepcool status shows why; it retries by itself."
	case 1:
		return "keepcool status says why and what to do; once fixed, keepcool channels test " + stuck[0] + " sends what it owes."
	}
	return "keepcool status says why and what to do; once fixed, keepcool channels test NAME sends what it owes."
}

// reportDelivery writes, after a command's reply, the channels that are
// not delivering and what to do, when there are any.
func reportDelivery(w io.Writer, d *api.Delivery) {
	if line := d.Summary(); line != "" {
		fmt.Fprintf(w, "Warning: %s\n  %s\n", line, whatToDo(d))
	}
}

// holdingWarning says, after a snooze, that the promise will lapse before
// the engineer is asked again: "" when the snooze ends in time. clock
// writes a time as the reader reads it.
func holdingWarning(inc api.Incident, clock func(*time.Time) string) string {
	if inc.SnoozedUntil == nil || inc.NextUpdateDue == nil || !inc.SnoozedUntil.After(*inc.NextUpdateDue) {
		return ""
	}
	s := fmt.Sprintf("Stakeholders were promised an update by %s", clock(inc.NextUpdateDue))
	if inc.HoldingAt != nil {
		s += fmt.Sprintf(": a holding message goes to them at %s unless you post", clock(inc.HoldingAt))
	}
	return s + " (keepcool note \"…\")."
}

// refused explains a request the engine refused for its text, and how to
// send it anyway: the CLI's side of the 422 contract.
func refused(we *client.WarningsError) string {
	var b strings.Builder
	b.WriteString("not sent: it looks like a mistake.\n")
	for _, w := range we.Warnings {
		fmt.Fprintf(&b, "  %s\n", w.Message)
	}
	b.WriteString("Check it; if it is what you mean, send it anyway: run the same command with --force.")
	return b.String()
}
