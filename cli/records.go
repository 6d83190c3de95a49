package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func exportCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export [INCIDENT_ID]",
		Short: "Print an incident's post-mortem, or its events as JSON (the latest incident by default)",
		Args:  incidentArgs("export", &format),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			out, err := c.Export(cmd.Context(), incidentID(args), format)
			if err != nil {
				return err
			}
			_, err = e.stdout.Write(out)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md (the post-mortem, as keepcool postmortem prints it) or json (the incident and every event)")
	return cmd
}

func historyCmd(e *env) *cobra.Command {
	var asJSON, drills bool
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List past and present incidents, newest first, and how your estimates held",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			h, err := c.History(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printHistoryJSON(e.stdout, h, drills)
			}
			return printHistory(e.stdout, h, e.reader(), drills)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	cmd.Flags().BoolVar(&drills, "drills", false, "only drills, then their trend: time to first update, missed promises, lateness, estimate error")
	return cmd
}

func channelsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "channels",
		Short: "List stakeholder channels, or send a test message to one",
		Args:  cobra.ArbitraryArgs,
		RunE: func(*cobra.Command, []string) error {
			return usageError{fmt.Errorf("channels needs a subcommand: keepcool channels list, or keepcool channels test NAME")}
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the configured channels",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			chs, err := c.Channels(cmd.Context())
			if err != nil {
				return err
			}
			if len(chs) == 0 {
				fmt.Fprintln(e.stdout, "No channels configured: add [[channel]] tables to the config (see the README).")
			}
			nameW, typeW := 16, 0
			for _, ch := range chs {
				nameW, typeW = max(nameW, len(ch.Name)), max(typeW, len(ch.Type))
			}
			for _, ch := range chs {
				drill := ""
				if ch.Drill {
					drill = "  (also gets drills)"
				}
				st := ch.Status.State
				if ch.Status.LastError != "" {
					st += ": " + ch.Status.LastError
				}
				fmt.Fprintf(e.stdout, "%-*s %-*s %d delivered, %d pending, %s%s\n", nameW, ch.Name, typeW, ch.Type, ch.Status.Delivered, ch.Status.Pending, st, drill)
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "test NAME",
		Short: "Send a clearly labelled test message to one channel",
		Args:  exactArgs(1, "one channel name (keepcool channels list shows them)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			rep, err := c.TestChannelReply(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if rep.Text == "" { // an older engine
				rep.Text = fmt.Sprintf("Test message delivered to %s.", args[0])
			}
			fmt.Fprintln(e.stdout, rep.Text)
			return nil
		},
	})
	return cmd
}
