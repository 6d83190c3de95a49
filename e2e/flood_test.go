package e2e

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/keepcool/keepcool/internal/poll"
	"github.com/keepcool/keepcool/updates/statuspage"
)

const (
	floodConns = 3000
	// engineFDLimit is the daemon's descriptor limit in the flood test: a
	// common default, below floodConns, so that without a cap the flood
	// exhausts it as 20,100 connections did the 20,000 of the report.
	engineFDLimit = 2048
	// fdMargin is what the engine holds besides the page's connections:
	// journals, the lock, the control socket and its clients, pipes.
	fdMargin = 64
)

// Thousands of keep-alive connections to the status page, each having made
// one request (some answered 401), then left idle: the engine keeps under
// its connection cap, turns the rest away at once, and the CLI still gets
// an answer. (Each idle connection held a descriptor forever; accept on the
// control socket failed and `keepcool note` hung.)
func TestIdleFloodLeavesCLIAnswering(t *testing.T) {
	raiseFDLimit(t, floodConns+256)
	const token = "tok-flood-1f2e3d"
	h := newHome(t, "[statuspage]\nlisten = \"127.0.0.1:0\"\ntoken = \"env:KEEPCOOL_E2E_PAGE_TOKEN\"\n")
	h.extra = []string{"KEEPCOOL_E2E_PAGE_TOKEN=" + token}
	d := h.startDaemon()
	pid := d.Cmd.Process.Pid
	if err := unix.Prlimit(pid, unix.RLIMIT_NOFILE, &unix.Rlimit{Cur: engineFDLimit, Max: engineFDLimit}, nil); err != nil {
		t.Fatalf("lower the daemon's descriptor limit: %v", err)
	}
	page := pageAddress(t, d)
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")

	conns, answered, hungUp, hung := flood(t, strings.TrimPrefix(strings.TrimSuffix(page, "/"), "http://"), token, floodConns, true)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	t.Logf("%d connections: %d answered and held idle, %d hung up on, %d neither", floodConns, answered, hungUp, hung)
	if hung > 0 || answered == 0 || answered > statuspage.MaxConns {
		t.Errorf("%d answered (cap %d), %d left hanging: excess connections must be closed at accept", answered, statuspage.MaxConns, hung)
	}
	n := openFDs(t, pid)
	t.Logf("the engine holds %d descriptors", n)
	if n > statuspage.MaxConns+fdMargin {
		t.Errorf("the engine holds %d descriptors, past its cap of %d connections + %d", n, statuspage.MaxConns, fdMargin)
	}
	poll.ForWithin(t, 10*time.Second, "the log to say connections are turned away", func() bool {
		return strings.Count(d.Output(), "status page: turning connections away") == 1 // once a minute at most
	})

	// The CLI still reaches the engine. 10 s is a hang guard, not a timing assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "note", "Rolled back deploy 412 during the flood")
	cmd.Env = h.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("keepcool note during the flood: %v (context: %v)\n%s\ndaemon:\n%s", err, ctx.Err(), out, tail(d.Output()))
	}
	if st := h.status(); st.Incident == nil || len(st.Incident.Notes) == 0 ||
		!strings.Contains(st.Incident.Notes[len(st.Incident.Notes)-1].Text, "during the flood") {
		t.Fatal("the note is not the incident's latest")
	}

	// The flood gone, the page takes viewers again.
	for _, c := range conns {
		c.Close()
	}
	conns = nil
	poll.ForWithin(t, 10*time.Second, "the page to answer once the flood closed", func() bool {
		res, err := (&http.Client{Timeout: 5 * time.Second}).Get(page + "api/incident.json?token=" + token)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
}

// One host elsewhere on the network gets no more than its share of the
// page: the rest of its connections are turned away, and everyone else
// is still served.
func TestFloodFromOneHostCappedPerAddress(t *testing.T) {
	ip := nonLoopbackIPv4(t)
	const token = "tok-flood-9a8b7c"
	h := newHome(t, "[statuspage]\nlisten = \"0.0.0.0:0\"\ntoken = \"env:KEEPCOOL_E2E_PAGE_TOKEN\"\n")
	h.extra = []string{"KEEPCOOL_E2E_PAGE_TOKEN=" + token}
	d := h.startDaemon()
	local := pageAddress(t, d)
	port := local[strings.LastIndex(local, ":")+1 : len(local)-1]
	conns, answered, hungUp, hung := flood(t, net.JoinHostPort(ip, port), token, 3*statuspage.MaxConnsPerPeer, false)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	if answered != statuspage.MaxConnsPerPeer || hung > 0 {
		t.Errorf("one host: %d answered, %d hung up on, %d neither; want %d answered, the rest hung up on",
			answered, hungUp, hung, statuspage.MaxConnsPerPeer)
	}
	res, err := (&http.Client{Timeout: 10 * time.Second}).Get(local + "api/incident.json?token=" + token) // a hang guard
	if err != nil {
		t.Fatalf("the page refused everyone else too: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("another client: %d", res.StatusCode)
	}
	poll.ForWithin(t, 10*time.Second, "the log to name the host turned away", func() bool {
		return strings.Contains(d.Output(), fmt.Sprintf("over its cap of %d connections from %s", statuspage.MaxConnsPerPeer, ip))
	})
}

// nonLoopbackIPv4 is an address of this machine that is not loopback,
// so connecting to it counts as a client elsewhere; the test skips
// without one.
func nonLoopbackIPv4(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	t.Skip("no non-loopback IPv4 address on this machine")
	return ""
}

// flood opens n connections to addr, each sending one request (with
// unauthorized, every other one without the token: a 401, after which the
// page closes the connection), and reads what each gets.
// It returns the connections still open, and how many were answered,
// hung up on, or neither by a common deadline.
func flood(t *testing.T, addr, token string, n int, unauthorized bool) (kept []net.Conn, answered, hungUp, hung int) {
	t.Helper()
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		next    = make(chan int)
		pending = make([]net.Conn, 0, n)
	)
	for range 32 {
		wg.Go(func() {
			for i := range next {
				c, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					t.Errorf("connection %d: %v", i, err)
					continue
				}
				path := "/api/incident.json"
				if i%2 == 0 || !unauthorized {
					path += "?token=" + token
				}
				_, _ = fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", path, addr)
				mu.Lock()
				pending = append(pending, c)
				mu.Unlock()
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()

	deadline := time.Now().Add(15 * time.Second) // a hang guard shared by all
	work := make(chan net.Conn)
	for range 32 {
		wg.Go(func() {
			for c := range work {
				_ = c.SetReadDeadline(deadline)
				res, err := http.ReadResponse(bufio.NewReader(c), nil)
				if err == nil {
					_, err = io.Copy(io.Discard, res.Body)
				}
				mu.Lock()
				switch {
				case err == nil && !res.Close:
					answered++
					kept = append(kept, c)
				case os.IsTimeout(err):
					hung++ // still waiting to be accepted: kept, as a flood keeps it
					kept = append(kept, c)
				default: // EOF or reset: turned away
					hungUp++
					c.Close()
				}
				mu.Unlock()
			}
		})
	}
	for _, c := range pending {
		work <- c
	}
	close(work)
	wg.Wait()
	return kept, answered, hungUp, hung
}

// raiseFDLimit lifts this test's soft descriptor limit to what the flood
// needs, or skips when the hard limit does not allow it.
func raiseFDLimit(t *testing.T, need uint64) {
	t.Helper()
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Max < need {
		t.Skipf("the descriptor limit (hard %d) is below the %d this test needs", lim.Max, need)
	}
	if lim.Cur < need {
		lim.Cur = need
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			t.Fatal(err)
		}
	}
}

// openFDs is how many descriptors process pid holds.
func openFDs(t *testing.T, pid int) int {
	t.Helper()
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}

// tail is the end of a long output.
func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}
