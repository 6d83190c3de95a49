package cli

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/updates/pagerduty"
)

// linkCmd links the incident in progress to its PagerDuty incident, when
// it was not named at the declaration (or was named wrong): `start
// --pagerduty ID` is too late once the incident is declared.
func linkCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "link pagerduty ID",
		Short: "Name (or correct) the PagerDuty incident this incident's updates go to",
		Example: "  keepcool link pagerduty PT4KHLK\n" +
			"  keepcool link pagerduty https://acme.pagerduty.com/incidents/PT4KHLK",
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) != 2:
				return usageError{fmt.Errorf("expected pagerduty and the PagerDuty incident's id or address, e.g. keepcool link pagerduty PT4KHLK")}
			case args[0] != pagerduty.Type:
				return usageError{fmt.Errorf("cannot link to %q: keepcool links an incident to a PagerDuty incident only, e.g. keepcool link pagerduty PT4KHLK", args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			// The link before, to say what changed: linking the same id
			// again sends PagerDuty nothing.
			c, before, err := e.status(cmd.Context())
			if err != nil {
				return err
			}
			req := api.LinkRequest{Type: args[0], ID: args[1]}
			var inc api.Incident
			err = e.keyed(api.PathLink, req, &req.Key, func() (err error) {
				inc, err = c.Link(cmd.Context(), req)
				return err
			})
			if err != nil {
				return err
			}
			text, changed := linkedText(before.Incident, inc)
			fmt.Fprintln(e.stdout, text)
			if !changed {
				reportDelivery(e.stdout, inc)
				return nil // nothing was sent
			}
			// A mistyped id is linked as readily as the right one: only
			// PagerDuty can say, so wait for its answer to the summary.
			return summaryOutcome(cmd.Context(), e, c, before.Channels, inc.Links[pagerduty.Type])
		},
	}
}

// summaryWait is how long link waits for PagerDuty's answer to the
// summary; a slow or retrying PagerDuty is left to keepcool status.
const summaryWait = 8 * time.Second

// summaryOutcome says what became of the summary a link sent, from the
// pagerduty channels' counts for this incident before the link: one more
// delivered, PagerDuty has it; one more refused (an incident PagerDuty
// does not know), the engineer hears at once, exit 1, with how to correct
// the link; neither in time, where to look. It watches the engine's state
// (the outbox changes it at each delivery or refusal) rather than polling.
func summaryOutcome(ctx context.Context, e *env, c *client.Client, before []api.Channel, id string) error {
	was := map[string]api.Channel{}
	for _, ch := range before {
		was[ch.Name] = ch
	}
	ctx, cancel := context.WithTimeout(ctx, summaryWait)
	defer cancel()
	var rev uint64 // 0: the first watch answers at once
	for {
		w, err := c.Watch(ctx, rev)
		if err != nil {
			// Out of time, or the engine stopped answering: either way
			// keepcool status is where the answer will be.
			fmt.Fprintln(e.stdout, "PagerDuty has not answered yet: keepcool status shows whether it took the summary.")
			return nil
		}
		rev = w.Revision
		for _, ch := range w.Status.Channels {
			if ch.Type != pagerduty.Type {
				continue
			}
			switch {
			case ch.Delivered > was[ch.Name].Delivered:
				fmt.Fprintf(e.stdout, "PagerDuty has the summary on incident %s (channel %s).\n", id, ch.Name)
				return nil
			case ch.Undelivered > was[ch.Name].Undelivered:
				return fmt.Errorf("PagerDuty did not take the summary on incident %s (channel %s): %s. "+
					"Check the id in the incident's address in PagerDuty; keepcool link pagerduty ID corrects the link",
					id, ch.Name, cmp.Or(ch.LastRefusal, ch.Reason, ch.LastError))
			}
		}
	}
}

// linkedText says what a link did, given the incident before (nil: none
// was active) and after, and whether it changed the link (when not, the
// engine sent nothing).
func linkedText(before *api.Incident, after api.Incident) (text string, changed bool) {
	id, was := after.Links[pagerduty.Type], ""
	if before != nil && before.ID == after.ID {
		was = before.Links[pagerduty.Type]
	}
	switch {
	case was == id:
		return fmt.Sprintf("%s was already linked to PagerDuty incident %s: nothing changed.", after.Title, id), false
	case was != "":
		return fmt.Sprintf("Linked %s to PagerDuty incident %s instead of %s: pagerduty channels post its updates there, "+
			"the first one a summary of where it stands.", after.Title, id, was), true
	}
	return fmt.Sprintf("Linked %s to PagerDuty incident %s: pagerduty channels post its updates there, "+
		"the first one a summary of where it stands.", after.Title, id), true
}
