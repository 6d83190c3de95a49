package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"
)

func exportCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export [INCIDENT_ID]",
		Short: "Print an incident's post-mortem timeline (the latest one by default)",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usageError{fmt.Errorf("export takes at most one incident id (keepcool history lists them)")}
			}
			if format != "md" && format != "json" {
				return usageError{fmt.Errorf("--format %q: use md or json", format)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			out, err := c.Export(cmd.Context(), id, format)
			if err != nil {
				return err
			}
			_, err = e.stdout.Write(out)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "md", "md (a Markdown timeline) or json (the incident and every event)")
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
			raw, err := c.HistoryJSON(cmd.Context())
			if err != nil {
				return err
			}
			h, err := decodeHistory(raw)
			if err != nil {
				return err
			}
			if asJSON {
				if drills {
					h = drillsOnly(h)
				}
				return json.NewEncoder(e.stdout).Encode(h)
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
			for _, ch := range chs {
				drill := ""
				if ch.Drill {
					drill = "  (also gets drills)"
				}
				st := ch.Status.State
				if ch.Status.LastError != "" {
					st += ": " + ch.Status.LastError
				}
				fmt.Fprintf(e.stdout, "%-16s %-11s %d delivered, %d pending, %s%s\n", ch.Name, ch.Type, ch.Status.Delivered, ch.Status.Pending, st, drill)
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
