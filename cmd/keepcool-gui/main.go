// keepcool-gui opens one keepcool window: `keepcool-gui NAME`. The tray
// starts it for each window and `keepcool window NAME` hands over to it. It
// is a binary of its own because fyne (GL, cgo) would otherwise be linked
// into the engine and tray that sit in memory all day; see package app.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/keepcool/keepcool/app"
	"github.com/keepcool/keepcool/app/window"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/buildinfo"
	"github.com/keepcool/keepcool/sessionbus"
)

func main() {
	if err := sessionbus.RefuseAutolaunch(); err != nil { // before any library looks for a bus
		fmt.Fprintf(os.Stderr, "keepcool-gui: %v\n", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string) int {
	if len(args) == 1 && (args[0] == "--version" || args[0] == "-version") {
		fmt.Println(buildinfo.Get().String("keepcool-gui"))
		return 0
	}
	names := strings.Join(window.Names(), "|")
	quiet := len(args) == 2 && args[1] == window.QuietFlag
	if quiet {
		args = args[:1]
	}
	if len(args) != 1 || !window.Valid(args[0]) {
		fmt.Fprintf(os.Stderr, "usage: keepcool-gui %s [%s]\n", names, window.QuietFlag)
		return 2
	}
	p, err := config.Locate(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "keepcool-gui: %v\n", err)
		return 1
	}
	err = app.Run(ctx, args[0], app.Options{Engine: client.New(p.Socket), ConfigFile: p.ConfigFile, Quiet: quiet})
	if err != nil {
		fmt.Fprintf(os.Stderr, "keepcool-gui: %v\n", err)
		return 1
	}
	return 0
}
