package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keepcool/keepcool/app"
	"github.com/keepcool/keepcool/engine/client"
)

// windowCmd opens one fyne window in its own process: the tray spawns it,
// and a user may too. Without cgo, app.Run says the GUI is missing.
func windowCmd(e *env) *cobra.Command {
	names := strings.Join(app.Names(), "|")
	return &cobra.Command{
		Use:       "window " + names,
		Short:     "Open one keepcool window (" + names + ")",
		Example:   "  keepcool window declare\n  keepcool window prompt",
		ValidArgs: app.Names(),
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 || !app.Valid(args[0]) {
				return usageError{fmt.Errorf("window takes one name: %s", names)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := e.paths()
			if err != nil {
				return err
			}
			return app.Run(cmd.Context(), args[0], app.Options{
				Engine:     client.New(p.Socket),
				ConfigFile: p.ConfigFile,
			})
		},
	}
}
