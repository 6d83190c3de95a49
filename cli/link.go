package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
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
			fmt.Fprintln(e.stdout, linkedText(before.Incident, inc))
			reportDelivery(e.stdout, inc.Delivery, inc.Links)
			return nil
		},
	}
}

// linkedText says what a link did, given the incident before (nil: none
// was active) and after.
func linkedText(before *api.Incident, after api.Incident) string {
	id, was := after.Links[pagerduty.Type], ""
	if before != nil && before.ID == after.ID {
		was = before.Links[pagerduty.Type]
	}
	switch {
	case was == id:
		return fmt.Sprintf("%s was already linked to PagerDuty incident %s: nothing changed.", after.Title, id)
	case was != "":
		return fmt.Sprintf("Linked %s to PagerDuty incident %s instead of %s: pagerduty channels post its updates there, "+
			"the first one a summary of where it stands.", after.Title, id, was)
	}
	return fmt.Sprintf("Linked %s to PagerDuty incident %s: pagerduty channels post its updates there, "+
		"the first one a summary of where it stands.", after.Title, id)
}
