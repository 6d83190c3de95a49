package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/timefmt"
)

func runbookCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "runbook",
		Short: "Show the incident's checklist (from its runbook) and its back-out plan",
		Long: `A runbook is a Markdown file in [runbooks] dir (default: runbooks beside
config.toml): its "- [ ]" items become the incident's checklist when you
declare with keepcool start --runbook NAME, and its "## Back-out plan"
section is shown apart. Tick items as you go: the journal, the timeline and
the post-mortem record when. A tick tells stakeholders only with --tell.`,
		Example: "  keepcool runbook\n  keepcool runbook list\n  keepcool runbook tick 2 \"took 3 min\"\n  keepcool runbook tick 3 --tell",
		Args:    exactArgs(0, "no arguments, or a subcommand: keepcool runbook list | tick N [NOTE]"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := e.status(cmd.Context())
			if err != nil {
				return err
			}
			if err := hasChecklist(st.Incident); err != nil {
				return err
			}
			printChecklist(e.stdout, *st.Incident, e.reader())
			return nil
		},
	}
	cmd.AddCommand(runbookListCmd(e), runbookTickCmd(e))
	return cmd
}

// hasChecklist says why there is no checklist to show or tick.
func hasChecklist(inc *api.Incident) error {
	switch {
	case inc == nil:
		return errors.New("no active incident, so no checklist: declare one with keepcool start \"TITLE\" --runbook NAME (keepcool runbook list shows the runbooks)")
	case len(inc.Checklist) == 0 && inc.Runbook != "":
		return fmt.Errorf("runbook %s has no - [ ] items, so the incident has no checklist", inc.Runbook)
	case len(inc.Checklist) == 0:
		return errors.New("the incident has no checklist: it was declared without a runbook (keepcool start --runbook NAME)")
	}
	return nil
}

func runbookListCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the runbooks an incident can be declared with",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := e.client()
			if err != nil {
				return err
			}
			rbs, err := c.Runbooks(cmd.Context())
			if err != nil {
				return err
			}
			printRunbooks(e.stdout, rbs)
			return nil
		},
	}
}

func printRunbooks(w io.Writer, rbs api.Runbooks) {
	if len(rbs.Runbooks) == 0 {
		fmt.Fprintf(w, "No runbooks in %s: write one as %s/NAME.md with - [ ] items (and a ## Back-out plan), then declare with keepcool start --runbook NAME.\n", rbs.Dir, rbs.Dir)
		return
	}
	fmt.Fprintf(w, "Runbooks in %s (keepcool start --runbook NAME):\n", rbs.Dir)
	width := 0
	for _, r := range rbs.Runbooks {
		width = max(width, len(r.Name))
	}
	for _, r := range rbs.Runbooks {
		fmt.Fprintf(w, "  %-*s  %s (%s)\n", width, r.Name, r.Title, timefmt.Count(r.Items, "item", "items"))
	}
}

func runbookTickCmd(e *env) *cobra.Command {
	var req api.TickRequest
	cmd := &cobra.Command{
		Use:     "tick N [NOTE]",
		Short:   "Tick item N of the checklist, with an optional note for the record",
		Example: "  keepcool runbook tick 2 \"took 3 min\"\n  keepcool runbook tick 3 --tell            # also tells stakeholders \"Done: \" and the item's text (and NOTE, if given)\n  keepcool runbook tick 3 --tell \"Failover done\"",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 2 {
				return usageError{fmt.Errorf("tick takes the item's number and at most one NOTE: quote the note, e.g. keepcool runbook tick 2 \"took 3 min\"")}
			}
			return minArgs(1, "the item's number, e.g. keepcool runbook tick 2 (keepcool runbook numbers them)")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(args[0])
			if err != nil {
				return usageError{fmt.Errorf("%q is not an item's number: keepcool runbook numbers them, e.g. keepcool runbook tick 2", args[0])}
			}
			c, err := e.client()
			if err != nil {
				return err
			}
			req.Item, req.Note = n, joined(args[1:])
			var inc api.Incident
			err = e.keyed(api.PathTick, req, &req.Key, func() (err error) {
				inc, err = c.Tick(cmd.Context(), req)
				return err
			})
			if we := (*client.WarningsError)(nil); errors.As(err, &we) {
				return heldTell(n, we)
			}
			if err != nil {
				return err
			}
			r := e.reader()
			printTicked(e.stdout, inc, n, r)
			if !req.Tell {
				return nil
			}
			reportTold(e.stdout, inc, n)
			fmt.Fprintf(e.stdout, "Next update due by %s.\n", r.at(inc.NextUpdateDue))
			return nil
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return openItems(cmd.Context(), e), cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().BoolVar(&req.Tell, "tell", false, "also post a stakeholder note: \"Done: \", the item's text and \" — NOTE\" if given, as the Runbook window's Tell stakeholders does")
	forceFlag(cmd, &req.Force)
	return cmd
}

// printTicked says what was recorded for item n.
func printTicked(w io.Writer, inc api.Incident, n int, r reader) {
	if n < 1 || n > len(inc.Checklist) {
		return
	}
	it := inc.Checklist[n-1]
	fmt.Fprintf(w, "Ticked %d. %s at %s", it.N, it.Text, r.at(it.DoneAt))
	if it.Note != "" {
		fmt.Fprintf(w, ": %s", it.Note)
	}
	fmt.Fprintf(w, " (%d of %d done).\n", api.DoneCount(inc.Checklist), len(inc.Checklist))
}

// printChecklist writes the checklist, numbered, ✓ with the time for a
// ticked item, then the back-out plan.
func printChecklist(w io.Writer, inc api.Incident, r reader) {
	fmt.Fprintf(w, "Checklist of runbook %s (%s):\n", inc.Runbook, checklistCount(inc.Checklist))
	width := len(strconv.Itoa(len(inc.Checklist)))
	for _, it := range inc.Checklist {
		mark := " "
		if it.Done {
			mark = "✓"
		}
		fmt.Fprintf(w, "  %s %*d. %s", mark, width, it.N, it.Text)
		if it.Done {
			fmt.Fprintf(w, "  (%s", r.at(it.DoneAt))
			if it.Note != "" {
				fmt.Fprintf(w, ": %s", it.Note)
			}
			fmt.Fprint(w, ")")
		}
		fmt.Fprintln(w)
	}
	if inc.BackOut == "" {
		fmt.Fprintln(w, "No back-out plan in this runbook (a ## Back-out plan section).")
		return
	}
	fmt.Fprintln(w, "Back-out plan:")
	for _, l := range strings.Split(inc.BackOut, "\n") {
		fmt.Fprintln(w, strings.TrimRight("  "+l, " "))
	}
}

// checklistCount is "2/5 done".
func checklistCount(items []api.ChecklistItem) string {
	return fmt.Sprintf("%d/%d done", api.DoneCount(items), len(items))
}

// checklistLine is status's line for the checklist: "" when none.
func checklistLine(inc api.Incident) string {
	if len(inc.Checklist) == 0 {
		return ""
	}
	line := fmt.Sprintf("  Checklist  %s (runbook %s)", checklistCount(inc.Checklist), inc.Runbook)
	for _, it := range inc.Checklist {
		if !it.Done {
			return line + fmt.Sprintf("; next: %d. %s", it.N, ellipsis(it.Text, 60))
		}
	}
	return line
}

// declaredChecklist is start's line about the checklist: "" when none.
func declaredChecklist(inc api.Incident) string {
	if inc.Runbook == "" {
		return ""
	}
	return fmt.Sprintf("Checklist: %s from runbook %s (keepcool runbook shows it; keepcool runbook tick N).\n", timefmt.Count(len(inc.Checklist), "item", "items"), inc.Runbook)
}

// completeRunbooks offers the runbooks' names to the shell.
func completeRunbooks(e *env) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		c, err := e.client()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		rbs, err := c.Runbooks(cmd.Context())
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, r := range rbs.Runbooks {
			out = append(out, r.Name+"\t"+r.Title)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// openItems offers the checklist's open items to the shell.
func openItems(ctx context.Context, e *env) []string {
	_, st, err := e.status(ctx)
	if err != nil || st.Incident == nil {
		return nil
	}
	var out []string
	for _, it := range st.Incident.Checklist {
		if !it.Done {
			out = append(out, strconv.Itoa(it.N)+"\t"+it.Text)
		}
	}
	return out
}

// heldTell says that a tick whose note for stakeholders the checks held
// back was not recorded either (the two go together, so a retry with
// --force ticks and tells once), and how to go on.
func heldTell(n int, we *client.WarningsError) error {
	var b strings.Builder
	fmt.Fprintf(&b, "item %d not ticked, nothing sent: the note for stakeholders looks like a mistake.\n", n)
	for _, w := range we.Warnings {
		fmt.Fprintf(&b, "  %s\n", w.Message)
	}
	b.WriteString("Check it; to tick and tell anyway, run the same command with --force; to tick without telling anyone, leave out --tell.")
	return errors.New(b.String())
}
