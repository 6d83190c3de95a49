package cli

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/updates/pagerduty"
)

// whatToDo follows notDelivering: where the whole error is, and how a
// fixed channel gets what it owes (a retrying one gets it by itself). A
// refused message is not retried: the export lists it with the answer.
// PagerDuty's refusals come first, with what to do about them
// (pagerdutyToDo). inc.Delivery has something to report (Summary is not
// "").
func whatToDo(inc api.Incident) string {
	d, pd := inc.Delivery, pagerdutyToDo(inc)
	if len(d.NotDelivering) == 0 {
		if pd != "" {
			return pd + "keepcool export lists the refused ones with the provider's answer."
		}
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
		return pd + "keepcool status shows why; it retries by itself."
	case 1:
		return pd + "keepcool status says why and what to do; once fixed, keepcool channels test " + stuck[0] + " sends what it owes."
	}
	return pd + "keepcool status says why and what to do; once fixed, keepcool channels test NAME sends what it owes."
}

// pagerdutyToDo is what to do about a PagerDuty channel that refused inc's
// messages ("" when none did). Such a refusal is the incident's: no
// PagerDuty incident named, or one PagerDuty does not know; every later
// message is refused the same way until the incident is linked, so "later
// messages still go" would be false. Once the incident is resolved there
// is nothing left to link (keepcool link refuses then): the refusals are
// told as they stand.
func pagerdutyToDo(inc api.Incident) string {
	if !slices.ContainsFunc(inc.Delivery.Rejected, func(c api.Channel) bool { return c.Type == pagerduty.Type }) {
		return ""
	}
	if inc.ResolvedAt != nil {
		return "PagerDuty did not get the messages it refused; the incident is resolved, so there is nothing left to link. "
	}
	if id := inc.Links[pagerduty.Type]; id != "" {
		return fmt.Sprintf("Updates now go to PagerDuty incident %s; if that is the wrong one, keepcool link pagerduty ID corrects it. ", id)
	}
	return "PagerDuty refuses every update until it knows which incident they are for: run keepcool link pagerduty ID " +
		"(the id or the incident's address), and the next update sums the incident up there. "
}

// reportDelivery writes, after a command's reply, the channels that are
// not delivering and what to do, when there are any.
func reportDelivery(w io.Writer, inc api.Incident) {
	if line := inc.Delivery.Summary(); line != "" {
		fmt.Fprintf(w, "Warning: %s\n  %s\n", line, whatToDo(inc))
	}
}

// reportTold is the reply to `runbook tick N --tell` after the item's
// line: the note went out, and, as reportDelivery says, which channels are
// not delivering and what to do; and, when the tick's note did not fit
// beside the item (api.ToldNote left it out), that stakeholders did not
// read it.
func reportTold(w io.Writer, inc api.Incident, n int) {
	if line := inc.Delivery.Summary(); line != "" {
		fmt.Fprintf(w, "Told stakeholders. %s\n  %s\n", line, whatToDo(inc))
	} else {
		fmt.Fprintln(w, "Told stakeholders.")
	}
	if n < 1 || n > len(inc.Checklist) {
		return
	}
	if it := inc.Checklist[n-1]; it.Note != "" && api.ToldNote(it.Text, it.Note) == api.ToldNote(it.Text, "") {
		fmt.Fprintln(w, "  They were told the item is done, without your note: it is too long to go beside the item "+
			"(the record keeps it); keepcool note \"...\" tells them.")
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
