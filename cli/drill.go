package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// scenarioOr accepts no title when the start names a scenario (it gives
// one), else checks the arguments with check.
func scenarioOr(req *api.StartRequest, check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if req.Scenario != "" {
			return nil
		}
		return check(cmd, args)
	}
}

// scenarioDefaults lets a scenario fill what the command line left to its
// defaults: --eta and --severity unless given. A scenario implies --drill.
func scenarioDefaults(cmd *cobra.Command, req *api.StartRequest) {
	if req.Scenario == "" {
		return
	}
	req.Drill = true
	if !cmd.Flags().Changed("eta") {
		req.ETA = ""
	}
	if !cmd.Flags().Changed("severity") {
		req.Severity = 0
	}
}

func drillsCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "drills",
		Short: "List drill scenarios and scheduled drills, with when each is next due",
		Example: `  keepcool drills
  keepcool start --drill --scenario db-failover`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			d, err := c.Drills(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(e.stdout, d)
			}
			e.printDrills(e.stdout, d)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the scenarios and schedules as JSON")
	return cmd
}

func (e *env) printDrills(w io.Writer, d api.Drills) {
	if len(d.Scenarios) == 0 {
		fmt.Fprintf(w, "No scenarios in %s: write NAME.toml there (title, severity, estimate, impact; README: Drills).\n", d.Dir)
	} else {
		fmt.Fprintf(w, "Scenarios (%s):\n", d.Dir)
		for _, s := range d.Scenarios {
			fmt.Fprintf(w, "  %-20s %s", s.Name, s.Title)
			if s.Events > 0 {
				fmt.Fprintf(w, " (%s)", timefmt.Count(s.Events, "scripted event", "scripted events"))
			}
			fmt.Fprintln(w)
			printProblems(w, "    cannot start: ", s.Problems)
		}
	}
	printProblems(w, "  not read: ", d.Problems)
	if len(d.Schedules) == 0 {
		fmt.Fprintln(w, "No scheduled drills: add [[drill]] schedule = \"0 10 * * TUE\" scenario = \"NAME\" to config.toml.")
		return
	}
	fmt.Fprintln(w, "Scheduled:")
	for _, s := range d.Schedules {
		line := fmt.Sprintf("  %-16s %-20s next %s", s.Spec, s.Scenario, e.clock(s.NextDue))
		switch {
		case s.Pending:
			line += "; reminded, waiting: keepcool start --drill --scenario " + s.Scenario + ", or keepcool drill skip"
		case s.LastOutcome != "":
			line += "; last " + s.LastOutcome + " " + e.clock(s.LastAt)
			if s.LastWhy != "" {
				line += " (" + s.LastWhy + ")"
			}
		}
		if s.Missing {
			line += "; its scenario file is missing"
		}
		fmt.Fprintln(w, line)
	}
}

// printProblems prints each problem on a line of its own after lead, one
// that holds several lines too.
func printProblems(w io.Writer, lead string, problems []string) {
	for _, p := range problems {
		for line := range strings.Lines(p) {
			fmt.Fprintf(w, "%s%s\n", lead, strings.TrimSuffix(line, "\n"))
		}
	}
}

func drillCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "drill",
		Short: "Act on a scheduled drill's reminder",
		Args:  cobra.ArbitraryArgs,
		RunE: func(*cobra.Command, []string) error {
			return usageError{fmt.Errorf("drill needs a subcommand: keepcool drill skip [SCENARIO]; keepcool drills lists the scenarios, keepcool start --drill --scenario NAME starts one")}
		},
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "skip [SCENARIO]",
		Short:   "Skip the scheduled drill that is waiting (it is recorded as skipped)",
		Example: "  keepcool drill skip\n  keepcool drill skip db-failover",
		Args:    maxArgs(1, "at most one scenario, e.g. keepcool drill skip db-failover"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			rep, err := c.SkipDrill(cmd.Context(), strings.Join(args, ""))
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Skipped: %s (recorded in the drills log).\n", strings.Join(rep.Skipped, ", "))
			return nil
		},
	})
	return cmd
}
