package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
)

// quitCmd ends the running engine (tray or daemon). Mid-incident the focus
// shield stays up unless asked otherwise: the next start keeps it up and
// resolve puts it back.
func quitCmd(e *env) *cobra.Command {
	var req api.QuitRequest
	cmd := &cobra.Command{
		Use:   "quit [--restore-shield]",
		Short: "Stop keepcool (the shield stays up mid-incident unless --restore-shield)",
		Args:  exactArgs(0, "no arguments: keepcool quit [--restore-shield]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			st, err := c.Status(cmd.Context())
			if err != nil {
				return err
			}
			if err := c.Quit(cmd.Context(), req); err != nil {
				return err
			}
			switch up := shieldUp(st); {
			case st.Incident == nil || len(up) == 0:
				fmt.Fprintln(e.stdout, "keepcool stopped.")
			case req.RestoreShield:
				fmt.Fprintf(e.stdout, "keepcool stopped; the focus shield is down (%s put back). The incident is still active: start keepcool to carry on.\n", strings.Join(up, ", "))
			default:
				fmt.Fprintf(e.stdout, "keepcool stopped; the focus shield stays up (%s) until you start keepcool and resolve. The incident is still active.\n", strings.Join(up, ", "))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&req.RestoreShield, "restore-shield", false, "put do-not-disturb and chat status back before stopping")
	return cmd
}

// shieldUp names the shield's back-ends that are up.
func shieldUp(st api.Status) []string {
	var up []string
	for _, s := range st.Shield {
		if s.State == "up" {
			up = append(up, s.Name)
		}
	}
	return up
}
