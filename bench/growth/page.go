package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"syscall"
	"time"
)

// pagePaths are the status page's routes compared with nginx, and the file
// nginx serves each from.
var pagePaths = []struct{ path, file string }{
	{"/", "index.html"},
	{"/api/incident.json", "api/incident.json"},
	{"/feed.atom", "feed.atom"},
}

// nginx serves static copies of the page's answers from www: one worker,
// no access log, as bench/statuspage.sh runs it.
type nginx struct {
	dir, www string
	port     int
	cmd      *exec.Cmd
}

func startNginx(bin string) (*nginx, error) {
	dir, err := os.MkdirTemp("", "keepcool-growth-nginx")
	if err != nil {
		return nil, err
	}
	// nginx's worker may run as nobody: it must read the copies.
	n := &nginx{dir: dir, www: filepath.Join(dir, "www")}
	if n.port, err = freePort(); err == nil {
		err = n.start(bin)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return n, nil
}

func (n *nginx) start(bin string) error {
	if err := os.Chmod(n.dir, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(n.www, "api"), 0o755); err != nil {
		return err
	}
	conf := fmt.Sprintf(`worker_processes 1;
error_log %[1]s/error.log;
pid %[1]s/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; application/json json; application/atom+xml atom; }
  client_body_temp_path %[1]s; proxy_temp_path %[1]s; fastcgi_temp_path %[1]s; uwsgi_temp_path %[1]s; scgi_temp_path %[1]s;
  server { listen 127.0.0.1:%[2]d; root %[3]s; }
}
`, n.dir, n.port, n.www)
	path := filepath.Join(n.dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return err
	}
	n.cmd = exec.Command(bin, "-c", path, "-g", "daemon off;")
	if out, err := os.Create(filepath.Join(n.dir, "stderr.log")); err == nil {
		n.cmd.Stdout, n.cmd.Stderr = out, out
	}
	if err := n.cmd.Start(); err != nil {
		return fmt.Errorf("start nginx (Debian: apt-get install nginx-light; make deps does): %w", err)
	}
	for range 100 {
		if _, err := fetch(fmt.Sprintf("http://127.0.0.1:%d/nope", n.port)); err == nil || !isRefused(err) {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nginx not answering on port %d; see %s", n.port, filepath.Join(n.dir, "error.log"))
}

func (n *nginx) close() {
	if n.cmd != nil && n.cmd.Process != nil {
		n.cmd.Process.Signal(os.Interrupt)
		n.cmd.Wait()
	}
	os.RemoveAll(n.dir)
}

// comparePage copies keepcool's answers to nginx's root, then runs wrk
// against each path on both, alternating, o.rounds times.
func comparePage(ctx context.Context, o options, ng *nginx, port, i int, r *report) error {
	kc := fmt.Sprintf("http://127.0.0.1:%d", port)
	for _, p := range pagePaths {
		body, err := fetch(kc + p.path)
		if err != nil {
			return fmt.Errorf("status page %s: %w", p.path, err)
		}
		if err := os.WriteFile(filepath.Join(ng.www, p.file), body, 0o644); err != nil {
			return err
		}
		r.pageBytes[i] = append(r.pageBytes[i], size(len(body)))
	}
	ngURL := fmt.Sprintf("http://127.0.0.1:%d", ng.port)
	for _, p := range pagePaths {
		load := loadAvg()
		var ours, theirs []float64
		for range o.rounds {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			a, err := wrk(o.wrkFor, kc+p.path)
			if err != nil {
				return err
			}
			b, err := wrk(o.wrkFor, ngURL+p.path)
			if err != nil {
				return err
			}
			ours, theirs = append(ours, a), append(theirs, b)
		}
		r.setPage(p.path, i, median(ours), median(theirs), load)
	}
	return nil
}

var (
	wrkRate = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkBad  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
)

// wrk returns the requests/s wrk -t2 -c50 reaches on url, and fails if any
// answer was not a success.
func wrk(d time.Duration, url string) (float64, error) {
	out, err := exec.Command("wrk", "-t2", "-c50", "-d"+strconv.Itoa(int(d.Seconds()))+"s", url).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("wrk %s (Debian: apt-get install wrk): %v\n%s", url, err, out)
	}
	if m := wrkBad.FindSubmatch(out); m != nil {
		return 0, fmt.Errorf("wrk %s: %s answers were not 2xx", url, m[1])
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("wrk %s: no Requests/sec in\n%s", url, out)
	}
	return strconv.ParseFloat(string(m[1]), 64)
}

func fetch(url string) ([]byte, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("answered %s", resp.Status)
	}
	return body, err
}

// median is the middle value, or the mean of the middle two.
func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
