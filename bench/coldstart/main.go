// Command coldstart measures engine cold start: from exec of `keepcool
// daemon` to its control socket answering a status request, with and without
// an active incident to replay. Each run uses a fresh KEEPCOOL_HOME.
//
//	go run ./bench/coldstart -bin bin/keepcool -n 30
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/keepcool/keepcool/bench/stats"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

func main() {
	bin := flag.String("bin", "bin/keepcool", "the keepcool binary")
	n := flag.Int("n", 30, "starts per case")
	notes := flag.Int("notes", 200, "notes in the incident replayed on the second case")
	flag.Parse()
	if err := run(*bin, *n, *notes); err != nil {
		fmt.Fprintln(os.Stderr, "coldstart bench:", err)
		os.Exit(1)
	}
}

func run(bin string, n, notes int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	idle, err := os.MkdirTemp("", "kc-cold")
	if err != nil {
		return err
	}
	defer os.RemoveAll(idle)
	busy, err := os.MkdirTemp("", "kc-cold")
	if err != nil {
		return err
	}
	defer os.RemoveAll(busy)
	if err := prepare(bin, busy, notes); err != nil {
		return err
	}
	// Interleave the two cases so machine noise hits both alike.
	var a, b []time.Duration
	for range n {
		d, err := coldStart(bin, idle)
		if err != nil {
			return err
		}
		a = append(a, d)
		if d, err = coldStart(bin, busy); err != nil {
			return err
		}
		b = append(b, d)
	}
	fmt.Printf("cold start to ready, no incident:              %s\n", stats.Of(a))
	fmt.Printf("cold start to ready, replaying %3d-note incident: %s\n", notes, stats.Of(b))
	return nil
}

// prepare leaves an active incident with notes in home.
func prepare(bin, home string, notes int) error {
	cmd, err := startDaemon(bin, home)
	if err != nil {
		return err
	}
	defer stop(cmd)
	c := client.New(filepath.Join(home, "keepcool.sock"))
	if _, err := waitReady(c); err != nil {
		return err
	}
	ctx := context.Background()
	if _, err := c.Start(ctx, api.StartRequest{Title: "Bench incident", Severity: 2, ETA: "1h-2h"}); err != nil {
		return err
	}
	for i := range notes {
		if _, err := c.Note(ctx, api.NoteRequest{Text: fmt.Sprintf("progress note %d: still rolling back the EU replicas", i)}); err != nil {
			return err
		}
	}
	return nil
}

func coldStart(bin, home string) (time.Duration, error) {
	start := time.Now()
	cmd, err := startDaemon(bin, home)
	if err != nil {
		return 0, err
	}
	defer stop(cmd)
	if _, err := waitReady(client.New(filepath.Join(home, "keepcool.sock"))); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

func startDaemon(bin, home string) (*exec.Cmd, error) {
	cmd := exec.Command(bin, "daemon")
	cmd.Env = append(os.Environ(), "KEEPCOOL_HOME="+home, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent")
	return cmd, cmd.Start()
}

func waitReady(c *client.Client) (api.Status, error) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		st, err := c.Status(ctx)
		cancel()
		if err == nil {
			return st, nil
		}
		if !errors.Is(err, client.ErrNotRunning) {
			return st, err
		}
		time.Sleep(200 * time.Microsecond)
	}
	return api.Status{}, errors.New("engine not ready after 10s")
}

func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
}
