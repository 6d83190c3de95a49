package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
	"github.com/keepcool/keepcool/internal/testproc"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "keepcool-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "keepcool")
	build := exec.Command("go", "build", "-race", "-o", binary, "..")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building keepcool failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// home is one user's keepcool: a KEEPCOOL_HOME and the daemons run in it.
type home struct {
	t     *testing.T
	dir   string
	extra []string // more environment for every keepcool run, last wins
}

func newHome(t *testing.T, configTOML string) *home {
	dir := t.TempDir()
	if !strings.Contains(configTOML, "[statuspage]") {
		// Never the default port: a developer's own keepcool may hold it.
		configTOML += "\n[statuspage]\nlisten = \"127.0.0.1:0\"\n"
	}
	{
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(configTOML), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return &home{t: t, dir: dir}
}

func (h *home) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		// No desktop session: prompts must not reach the developer's real desktop.
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "KEEPCOOL_HOME=") {
			env = append(env, kv)
		}
	}
	env = append(env, "KEEPCOOL_HOME="+h.dir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", "LANG=C.UTF-8")
	return append(env, h.extra...)
}

// result is one finished CLI run.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the CLI to completion.
func (h *home) run(args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = h.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		h.t.Fatalf("run keepcool %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// must runs the CLI and fails the test unless it exits 0.
func (h *home) must(args ...string) string {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("keepcool %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r.stdout
}

// client talks to the engine of h over its socket, as the CLI does.
func (h *home) client() *client.Client {
	h.t.Helper()
	paths, err := config.Locate(func(k string) string {
		if k == "KEEPCOOL_HOME" {
			return h.dir
		}
		return ""
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return client.New(paths.Socket)
}

func (h *home) status() api.Status {
	h.t.Helper()
	var st api.Status
	out := h.must("status", "--json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		h.t.Fatalf("status --json is not the documented JSON: %v\n%s", err, out)
	}
	return st
}

// daemon is a running `keepcool daemon`.
type daemon struct{ *testproc.Proc }

// startDaemon starts the engine and waits until its socket answers.
func (h *home) startDaemon() daemon {
	h.t.Helper()
	cmd := exec.Command(binary, "daemon")
	cmd.Env = h.env()
	d := daemon{testproc.Start(h.t, cmd)}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if r := h.run("status", "--json"); r.code == 0 {
			return d
		}
		select {
		case <-d.Done:
			h.t.Fatalf("daemon exited at start:\n%s", d.Output())
		case <-time.After(50 * time.Millisecond):
		}
	}
	h.t.Fatalf("daemon did not answer within 20s:\n%s", d.Output())
	return daemon{}
}

// stop sends SIGTERM and waits for a clean exit.
func (d daemon) stop(t *testing.T) {
	t.Helper()
	d.Cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.Done:
	case <-time.After(10 * time.Second):
		t.Fatalf("daemon ignored SIGTERM:\n%s", d.Output())
	}
	if code := d.Cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("daemon exit code %d after SIGTERM:\n%s", code, d.Output())
	}
}
