package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates/pagerduty"
)

// defaultETA is the quick pick a one-line declaration uses.
const defaultETA = "30m-90m"

func startCmd(e *env) *cobra.Command {
	var req api.StartRequest
	cmd := &cobra.Command{
		Use:   "start TITLE",
		Short: "Declare an incident",
		Example: `  keepcool start "Checkout returns 500s" --eta 30m-90m --severity 1 \
      --impact "EU customers cannot pay" --known "started after deploy 412"`,
		Args: scenarioOr(&req, minArgs(1, "the incident's title, e.g. keepcool start \"Checkout returns 500s\" --eta 30m-90m")),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			req.Title = joined(args)
			scenarioDefaults(cmd, &req) // cli/drill.go
			var inc api.Incident
			err = e.keyed(api.PathStart, req, &req.Key, func() (err error) {
				inc, err = c.Start(cmd.Context(), req)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Declared %s: SEV%d %s\n", inc.ID, inc.Severity, inc.Title)
			fmt.Fprintf(e.stdout, "Fix expected %s. Next update due by %s.\n", e.estimateRange(inc.Estimate), e.clock(inc.NextUpdateDue))
			fmt.Fprint(e.stdout, declaredChecklist(inc))
			fmt.Fprint(e.stdout, calibrationHint(cmd.Context(), c, inc.Severity, req.ETA)) // cli/history.go
			reportDelivery(e.stdout, inc)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&req.ETA, "eta", defaultETA, "estimated fix range: 30m-90m, 1h-2h30m, 45m, \"until 11:30\"")
	f.IntVarP(&req.Severity, "severity", "s", 2, "1 (worst) to 4")
	f.StringVar(&req.Impact, "impact", "", "who is affected and how")
	f.StringVar(&req.Known, "known", "", "what we know")
	f.StringVar(&req.Unknown, "unknown", "", "what we don't know yet")
	f.StringVar(&req.Plan, "plan", "", "how we'll find out")
	f.BoolVar(&req.Drill, "drill", false, "a practice incident: messages are marked [DRILL]")
	f.StringVar(&req.Scenario, "scenario", "", "a drill scenario's name (keepcool drills): implies --drill; fills the title, severity, estimate and impact")
	f.StringVar(&req.StartedAt, "started", "", "when the trouble began, for the post-mortem: 09:40, 25m (ago) or an RFC 3339 time")
	f.StringVar(&req.Runbook, "runbook", "", "a runbook's name (keepcool runbook list): its - [ ] items become the checklist")
	_ = cmd.RegisterFlagCompletionFunc("runbook", completeRunbooks(e))
	f.Var(linkFlag{&req.Links, pagerduty.Type}, pagerduty.Type, "the PagerDuty incident's id (e.g. PT4KHLK) or address: pagerduty channels post their status updates to it (later: keepcool link pagerduty ID)")
	forceFlag(cmd, &req.Force)
	return cmd
}

func noteCmd(e *env) *cobra.Command {
	var req api.NoteRequest
	cmd := &cobra.Command{
		Use:     "note TEXT",
		Short:   "Post a one-line progress note (or --no-change)",
		Example: "  keepcool note \"Rolled back deploy 412, error rate falling\"\n  keepcool note --no-change\n  keepcool note --status identified \"Bad index on orders table\"",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0 && !req.NoChange:
				return usageError{fmt.Errorf("missing the note: keepcool note \"what changed\", or keepcool note --no-change")}
			case len(args) > 0 && req.NoChange:
				return usageError{fmt.Errorf("--no-change sends no text: drop %q, or drop --no-change to send it as a note", joined(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			req.Text = joined(args)
			var inc api.Incident
			err = e.keyed(api.PathNote, req, &req.Key, func() (err error) {
				inc, err = c.Note(cmd.Context(), req)
				return err
			})
			if err != nil {
				return err
			}
			if line := inc.Delivery.Summary(); line != "" {
				fmt.Fprintf(e.stdout, "Noted. %s\n  %s\n", line, whatToDo(inc))
				fmt.Fprintf(e.stdout, "Next update due by %s.\n", e.clock(inc.NextUpdateDue))
				return nil
			}
			fmt.Fprintf(e.stdout, "Noted. Next update due by %s.\n", e.clock(inc.NextUpdateDue))
			return nil
		},
	}
	cmd.Flags().BoolVar(&req.NoChange, "no-change", false, "tell stakeholders there is no change yet")
	cmd.Flags().StringVar(&req.Status, "status", "", "also move the incident to investigating|identified|monitoring")
	forceFlag(cmd, &req.Force)
	return cmd
}

func etaCmd(e *env) *cobra.Command {
	var req api.EstimateRequest
	cmd := &cobra.Command{
		Use:     "eta RANGE",
		Short:   "Revise the estimated fix range",
		Example: "  keepcool eta 1h-2h --why \"the restore is slower than expected\"",
		Args:    minArgs(1, "the new estimate, e.g. keepcool eta 1h-2h --why \"restore is slow\""),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			req.ETA = joined(args)
			var inc api.Incident
			err = e.keyed(api.PathEstimate, req, &req.Key, func() (err error) {
				inc, err = c.Estimate(cmd.Context(), req)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Estimate revised: fix expected %s.\n", e.estimateRange(inc.Estimate))
			reportDelivery(e.stdout, inc)
			return nil
		},
	}
	cmd.Flags().StringVar(&req.Why, "why", "", "why the estimate changed (stakeholders see it)")
	forceFlag(cmd, &req.Force)
	return cmd
}

func snoozeCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "snooze DURATION",
		Short: "Delay the next prompt (holding messages still go out)",
		Args:  exactArgs(1, "one duration, e.g. keepcool snooze 5m"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			req := api.SnoozeRequest{For: args[0]}
			var inc api.Incident
			err = e.keyed(api.PathSnooze, req, &req.Key, func() (err error) {
				inc, err = c.Snooze(cmd.Context(), req)
				return err
			})
			if err != nil {
				return err
			}
			if inc.NextPromptAt != nil && inc.SnoozedUntil != nil && inc.NextPromptAt.After(*inc.SnoozedUntil) {
				fmt.Fprintf(e.stdout, "Snoozed until %s, but the next prompt is due later anyway, at %s.\n", e.clock(inc.SnoozedUntil), e.clock(inc.NextPromptAt))
				return nil
			}
			if warn := holdingWarning(inc, e.clock); warn != "" {
				fmt.Fprintf(e.stdout, "Snoozed until %s. %s\n", e.clock(inc.SnoozedUntil), warn)
				return nil
			}
			fmt.Fprintf(e.stdout, "Prompts snoozed: you will be asked again at %s.\n", e.clock(inc.NextPromptAt))
			return nil
		},
	}
}

func resolveCmd(e *env) *cobra.Command {
	var req api.ResolveRequest
	cmd := &cobra.Command{
		Use:   "resolve [SUMMARY]",
		Short: "Resolve the incident and write its post-mortem",
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			req.Summary = joined(args)
			var inc api.Incident
			err = e.keyed(api.PathResolve, req, &req.Key, func() (err error) {
				inc, err = c.Resolve(cmd.Context(), req)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "Resolved %s after %s.\n", inc.Title, timefmt.Span(inc.ResolvedAt.Sub(inc.DeclaredAt)))
			fmt.Fprintf(e.stdout, "Post-mortem: keepcool postmortem %s\n", inc.ID)
			reportDelivery(e.stdout, inc)
			return nil
		},
	}
	cmd.Flags().StringVar(&req.RootCause, "root-cause", "", "the root cause, if known")
	forceFlag(cmd, &req.Force)
	return cmd
}

// forceFlag lets a command send text the engine would refuse as a likely
// mistake (a command, a paste, a secret, a very long line, an estimate
// more than a day away). Hard limits still hold.
func forceFlag(cmd *cobra.Command, force *bool) {
	cmd.Flags().BoolVar(force, "force", false, "send even if the text looks like a mistake (a command, a paste, a secret, a long line, an estimate over 24 h)")
}
