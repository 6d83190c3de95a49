// keepcool keeps stakeholders informed during an outage so the engineer can
// fix it. Everything lives in package cli; main only hands it the process.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/keepcool/keepcool/cli"
	"github.com/keepcool/keepcool/sessionbus"
)

func main() {
	if err := sessionbus.RefuseAutolaunch(); err != nil { // before any library looks for a bus
		fmt.Fprintf(os.Stderr, "keepcool: %v\n", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
