package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/config"
)

func postmortemCmd(e *env) *cobra.Command {
	var format, out string
	cmd := &cobra.Command{
		Use:   "postmortem [INCIDENT_ID]",
		Short: "Print or write an incident's post-mortem (the latest one by default)",
		Long: `Print an incident's post-mortem: its figures (time to declare, to the first
update, promises kept and missed, estimate accuracy), the complete timeline and
the sections left for you to write. The engine also writes it next to the
journal, as ID.md, when you resolve.`,
		Example: "  keepcool postmortem\n  keepcool postmortem --format json -o pm.json\n  keepcool postmortem 20261123-093000-checkout-down -o checkout.md",
		Args:    incidentArgs("postmortem", &format),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(out); err != nil {
				return err
			}
			c, err := e.client()
			if err != nil {
				return err
			}
			body, err := c.Postmortem(cmd.Context(), incidentID(args), format)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = e.stdout.Write(body)
				return err
			}
			if err := config.WritePrivate(out, body); err != nil {
				return fmt.Errorf("write the post-mortem to %s: %w", out, err)
			}
			if abs, err := filepath.Abs(out); err == nil {
				out = abs
			}
			fmt.Fprintf(e.stdout, "Post-mortem written to %s\n", out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "md", "md (Markdown, as written at resolve) or json (figures, timeline, sections)")
	f.StringVarP(&out, "output", "o", "", "write it to this file (replaced if it exists) instead of printing it")
	return cmd
}

// checkOutput refuses, before asking the engine, an -o that names a
// folder or a file in a folder that does not exist: the post-mortem is
// written where the engineer meant, not in folders made up from a typo.
func checkOutput(out string) error {
	if out == "" || out == "-" {
		return nil
	}
	if fi, err := os.Stat(out); err == nil && fi.IsDir() || strings.HasSuffix(out, string(filepath.Separator)) || strings.HasSuffix(out, "/") {
		return usageError{fmt.Errorf("-o %s is a folder: name a file in it (-o %s)", out, filepath.Join(out, "postmortem.md"))}
	}
	dir := filepath.Dir(out)
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("folder %s does not exist: create it first, or name a file in a folder that exists", dir)
	case err != nil:
		return fmt.Errorf("check the folder of -o %s: %w", out, err)
	case !fi.IsDir():
		return fmt.Errorf("%s is a file, not a folder: name a file in a folder with -o", dir)
	}
	return nil
}

// incidentArgs checks the arguments of a command (postmortem, export)
// that takes at most one incident id and a --format of md or json.
func incidentArgs(name string, format *string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usageError{fmt.Errorf("%s takes at most one incident id (keepcool history lists them)", name)}
		}
		if *format != "md" && *format != "json" {
			return usageError{fmt.Errorf("--format %q: use md or json", *format)}
		}
		return nil
	}
}

// incidentID is the incident id args name, "" (the latest) when none.
func incidentID(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return ""
}
