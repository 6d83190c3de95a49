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
journal, as ID.md, when you resolve, and again as late deliveries come in.
Write in ID.md's sections for people (What happened, Root cause, What went
well, What didn't, Follow-ups): a rewrite keeps them, and this command prints
them as the file has them. An edit elsewhere in ID.md is left alone, with
keepcool's version beside it as ID.keepcool.md. -o never replaces keepcool's
own files (its state folder, its config file).`,
		Example: "  keepcool postmortem\n  keepcool postmortem --format json -o pm.json\n  keepcool postmortem 20261123-093000-checkout-down -o checkout.md",
		Args:    incidentArgs("postmortem", &format),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(out); err != nil {
				return err
			}
			if out != "" && out != "-" {
				p, err := e.paths()
				if err != nil {
					return err
				}
				if err := notKeepcoolsOwn(out, p); err != nil {
					return err
				}
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
	f.StringVarP(&out, "output", "o", "", "write it to this file (replaced if it exists; never one of keepcool's own) instead of printing it")
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

// notKeepcoolsOwn refuses an -o that would replace one of keepcool's own
// files: anything in its state folder (the journals, the ID.md it writes
// and keeps the engineer's edits in), its config file or its socket. The
// comparison is of files, not names: a symlink, a hard link or another
// spelling of the same path is refused as well.
func notKeepcoolsOwn(out string, p config.Paths) error {
	if fi, err := os.Stat(out); err == nil {
		for _, own := range []struct{ path, what string }{{p.ConfigFile, "keepcool's config file"}, {p.Socket, "the engine's socket"}} {
			if ofi, err := os.Stat(own.path); err == nil && os.SameFile(fi, ofi) {
				return usageError{fmt.Errorf("-o %s is %s (%s), which the post-mortem would replace: name another file", out, own.what, own.path)}
			}
		}
	}
	state, err := os.Stat(p.StateDir)
	if err != nil {
		return nil // no state folder yet: nothing of keepcool's to replace
	}
	dir, err := filepath.Abs(filepath.Dir(out))
	if err != nil {
		return fmt.Errorf("check the folder of -o %s: %w", out, err)
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	for {
		if fi, err := os.Stat(dir); err == nil && os.SameFile(fi, state) {
			return usageError{fmt.Errorf("-o %s is inside keepcool's state folder %s, where it keeps each incident's journal and writes its post-mortem (ID.md, which you may edit there): name a file outside it",
				out, p.StateDir)}
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil
		}
		dir = up
	}
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
