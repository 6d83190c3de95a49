package cli

import (
	"fmt"
	"io"
	"slices"
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
			c, st, err := e.status(cmd.Context())
			if err != nil {
				return err
			}
			rep, err := c.QuitReport(cmd.Context(), req)
			if err != nil {
				return err
			}
			return quitReport(e.stdout, st, rep, req.RestoreShield)
		},
	}
	cmd.Flags().BoolVar(&req.RestoreShield, "restore-shield", false, "put do-not-disturb and chat status back before stopping")
	return cmd
}

// quitReport says how keepcool left the desk: what stays quiet, what was
// put back, and what could not be (an error: the user asked for it).
func quitReport(w io.Writer, before api.Status, after api.QuitReply, restore bool) error {
	up := shieldUp(before)
	if before.Incident == nil || len(up) == 0 {
		fmt.Fprintln(w, "keepcool stopped.")
		return nil
	}
	now := map[string]api.ShieldBackend{}
	for _, s := range after.Shield {
		now[s.Name] = s
	}
	var back, stuck, stays []string
	for _, name := range up {
		switch s := now[name]; {
		case restore && s.State == "down":
			back = append(back, name)
		case restore:
			stuck = append(stuck, fmt.Sprintf("%s (%s)", name, s.Error))
		case name == "kde": // the inhibition is the process's: it ends with it
		default:
			stays = append(stays, name)
		}
	}
	if !restore {
		msg := "keepcool stopped; the incident is still active."
		if len(stays) > 0 {
			msg += fmt.Sprintf(" The focus shield stays up (%s) until you start keepcool again and resolve.", strings.Join(stays, ", "))
		}
		if slices.Contains(up, "kde") {
			msg += " KDE's do-not-disturb ended with keepcool."
		}
		fmt.Fprintln(w, msg)
		return nil
	}
	if len(back) > 0 {
		fmt.Fprintf(w, "keepcool stopped; the focus shield is down (%s put back). The incident is still active: start keepcool to carry on.\n", strings.Join(back, ", "))
	}
	if len(stuck) > 0 {
		return fmt.Errorf("keepcool stopped, but not all of the focus shield could be put back: %s; start keepcool again and it tries again", strings.Join(stuck, "; "))
	}
	return nil
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
