// Command growth measures how keepcool's hot paths grow with the incident
// (issue #10): engine cold start, one `keepcool note` and one `keepcool
// status --json` as whole processes, the daemon's RSS and the status page's
// requests/s against nginx serving the same bytes, at 100, 1,000 and 10,000
// notes in the active incident; and `keepcool history` with 1,000 past
// incidents.
//
// Everything goes through the binary as a user runs it: a `keepcool daemon`
// in a temporary KEEPCOOL_HOME with three webhook channels (a server in this
// program that answers 200) and the status page on loopback; the incident,
// its notes and the past incidents are posted through the control API
// (engine/client). Each figure is printed with the 1-minute load average
// read just before it was measured.
//
//	go run ./bench/growth -bin bin/keepcool
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the command's flags.
type options struct {
	bin        string
	sizes      []int
	starts     int           // cold starts per size
	coldBudget time.Duration // fewer cold starts once they took this long
	runs       int           // whole-process runs per command and size
	past       int           // past incidents for history
	workers    int           // concurrent API clients posting notes
	settle     time.Duration // quiet time before reading RSS
	wrkFor     time.Duration // each wrk run
	rounds     int           // wrk rounds per path (keepcool and nginx alternate)
	nginx      string
	label      string
	keep       bool
	command    string // as run, for the report
}

func main() {
	var o options
	sizes := flag.String("sizes", "100,1000,10000", "notes in the active incident at each measurement, ascending")
	flag.StringVar(&o.bin, "bin", "", "the keepcool binary (default: build ./bin/keepcool from this checkout)")
	flag.IntVar(&o.starts, "starts", 5, "cold starts per size")
	flag.DurationVar(&o.coldBudget, "cold-budget", 20*time.Second, "make fewer than -starts cold starts once they took this long in all (at least one)")
	flag.IntVar(&o.runs, "runs", 7, "whole-process runs of note, status --json and history")
	flag.IntVar(&o.past, "past", 1000, "past incidents for the history case (0: skip)")
	flag.IntVar(&o.workers, "workers", 4, "concurrent API clients posting notes")
	flag.DurationVar(&o.settle, "settle", 5*time.Second, "quiet time before reading the daemon's RSS")
	flag.DurationVar(&o.wrkFor, "wrk", 3*time.Second, "duration of each wrk run (0: skip the page)")
	flag.IntVar(&o.rounds, "rounds", 2, "wrk rounds per path, keepcool and nginx alternating")
	flag.StringVar(&o.nginx, "nginx", "/usr/sbin/nginx", "nginx binary (Debian package nginx-light)")
	flag.StringVar(&o.label, "label", "", "what is measured, for the table's heading (default: the binary's path)")
	flag.BoolVar(&o.keep, "keep", false, "leave the temporary KEEPCOOL_HOMEs and daemon logs (for a look after a failure)")
	flag.Parse()
	o.command = commandLine()
	var err error
	if o.sizes, err = parseSizes(*sizes); err == nil {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err = run(ctx, o)
		stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "growth bench:", err)
		os.Exit(1)
	}
}

// commandLine is how this run was asked for, with the flags set.
func commandLine() string {
	cmd := "go run ./bench/growth"
	flag.Visit(func(f *flag.Flag) {
		v := f.Value.String()
		if strings.ContainsAny(v, " ()'\"") {
			v = strconv.Quote(v)
		}
		cmd += fmt.Sprintf(" -%s %s", f.Name, v)
	})
	return cmd
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || len(out) > 0 && n <= out[len(out)-1] {
			return nil, fmt.Errorf("-sizes %q: want ascending positive counts such as 100,1000,10000", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func run(ctx context.Context, o options) error {
	began := time.Now()
	bin, err := binary(o.bin)
	if err != nil {
		return err
	}
	if o.label == "" {
		o.label = bin
	}
	dir, err := os.MkdirTemp("", "keepcool-growth")
	if err != nil {
		return err
	}
	if o.keep {
		defer progress("left %s", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	hooks, err := startHooks()
	if err != nil {
		return err
	}
	defer hooks.Close()

	r := newReport(o)
	r.loadBefore = loadAvg()
	err = measureNotes(ctx, o, bin, filepath.Join(dir, "notes"), hooks.url, r)
	if err == nil && o.past > 0 {
		err = measureHistory(ctx, o, bin, filepath.Join(dir, "history"), hooks.url, r)
	}
	// What was measured before a failure is still worth seeing.
	r.took = time.Since(began)
	r.delivered = hooks.count()
	r.print(os.Stdout)
	return err
}

// binary returns the binary to measure: the one given, or ./bin/keepcool
// freshly built from the current directory's module.
func binary(given string) (string, error) {
	if given != "" {
		return filepath.Abs(given)
	}
	out, err := filepath.Abs(filepath.Join("bin", "keepcool"))
	if err != nil {
		return "", err
	}
	build := exec.Command("go", "build", "-o", out, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if msg, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build %s: %v\n%s", out, err, msg)
	}
	return out, nil
}

// progress tells the person running the bench what it is doing (stderr, so
// stdout is only the table).
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05 ")+format+"\n", args...)
}
