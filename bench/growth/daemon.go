package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/engine/client"
)

// startWait is how long a daemon may take to answer after exec: code
// whose start grows with the journal takes minutes at 10,000 notes, and
// that is a figure to report, not a failure.
const startWait = 5 * time.Minute

// home is one KEEPCOOL_HOME and the daemon running on it.
type home struct {
	bin, dir string
	cmd      *exec.Cmd
	exited   chan error // the daemon's Wait
	log      *os.File
	raw      *http.Client // the control socket, for a status request read but not decoded
}

// newHome writes a config with three webhook channels pointing at hook and
// the status page on listen. The cadence is long so that no
// prompt or holding message is due while the bench runs.
func newHome(bin, dir, hook, listen string) (*home, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[incident]\ncadence = \"2h\"\ngrace = \"1h\"\n\n[statuspage]\nlisten = %q\n", listen)
	for _, name := range []string{"ops", "leadership", "support"} {
		fmt.Fprintf(&b, "\n[[channel]]\nname = %q\ntype = \"webhook\"\nurl = \"%s/%s\"\n", name, hook, name)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(b.String()), 0o600); err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(dir, "..", filepath.Base(dir)+"-daemon.log"))
	if err != nil {
		return nil, err
	}
	sock := filepath.Join(dir, "keepcool.sock")
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "unix", sock)
	}}
	return &home{bin: bin, dir: dir, log: log, raw: &http.Client{Transport: tr}}, nil
}

// openHome is newHome with its daemon started.
func openHome(bin, dir, hook, listen string) (*home, error) {
	h, err := newHome(bin, dir, hook, listen)
	if err != nil {
		return nil, err
	}
	if _, err := h.start(); err != nil {
		h.close()
		return nil, err
	}
	return h, nil
}

func (h *home) client() *client.Client { return client.New(filepath.Join(h.dir, "keepcool.sock")) }

// env is the environment of every keepcool process of this home: no session
// bus, so no focus shield or desktop notification takes part.
func (h *home) env() []string {
	return append(os.Environ(), "KEEPCOOL_HOME="+h.dir, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent")
}

// start runs `keepcool daemon` and returns how long it took until its
// socket answered a status request (the answer read whole, not decoded).
func (h *home) start() (time.Duration, error) {
	began := time.Now()
	h.cmd = exec.Command(h.bin, "daemon")
	h.cmd.Env = h.env()
	h.cmd.Stdout, h.cmd.Stderr = h.log, h.log
	if err := h.cmd.Start(); err != nil {
		h.cmd = nil
		return 0, err
	}
	h.exited = make(chan error, 1)
	go func() { h.exited <- h.cmd.Wait() }()
	took, err := h.ready(began)
	if err != nil {
		h.kill()
	}
	return took, err
}

// ready polls the socket until it answers a status request.
func (h *home) ready(began time.Time) (time.Duration, error) {
	for deadline := began.Add(startWait); time.Now().Before(deadline); time.Sleep(200 * time.Microsecond) {
		err := h.statusRaw()
		if err == nil {
			return time.Since(began), nil
		}
		if !errors.Is(err, syscall.ENOENT) && !errors.Is(err, syscall.ECONNREFUSED) {
			return 0, err
		}
		select {
		case err := <-h.exited:
			h.exited <- err
			return 0, fmt.Errorf("keepcool daemon ended at start (%v); its log: %s", err, h.log.Name())
		default:
		}
	}
	return 0, fmt.Errorf("keepcool daemon not answering after %s; its log: %s", startWait, h.log.Name())
}

func (h *home) statusRaw() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://keepcool"+api.PathStatus, nil)
	if err != nil {
		return err
	}
	resp, err := h.raw.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status request answered %s", resp.Status)
	}
	return nil
}

// stop ends the daemon with SIGTERM, as a service manager does, and waits
// for it.
func (h *home) stop() error {
	if h.cmd == nil {
		return nil
	}
	h.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-h.exited:
		h.cmd = nil
		h.raw.CloseIdleConnections()
		return nil
	case <-time.After(30 * time.Second):
		h.kill()
		return fmt.Errorf("keepcool daemon still running 30 s after SIGTERM; killed. Its log: %s", h.log.Name())
	}
}

func (h *home) kill() {
	h.cmd.Process.Kill()
	<-h.exited
	h.cmd = nil
	h.raw.CloseIdleConnections()
}

// close stops the daemon if it runs and closes the log.
func (h *home) close() {
	h.stop()
	h.log.Close()
}

// rss is the daemon's resident set (VmRSS) in bytes.
func (h *home) rss() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", h.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for line := range bytes.Lines(b) {
		if f := strings.Fields(string(line)); len(f) == 3 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmRSS in /proc/PID/status")
}

// keepcool runs one CLI command of this home as a whole process and
// returns how long it took and what it printed.
func (h *home) keepcool(args ...string) (time.Duration, []byte, error) {
	cmd := exec.Command(h.bin, args...)
	cmd.Env = h.env()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	began := time.Now()
	err := cmd.Run()
	took := time.Since(began)
	if err != nil {
		return 0, nil, fmt.Errorf("keepcool %s: %v: %s", strings.Join(args, " "), err, errOut.Bytes())
	}
	return took, out.Bytes(), nil
}
