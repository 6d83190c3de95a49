package statuspage

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/connlimit"
	"github.com/keepcool/keepcool/internal/poll"
)

// quickServer runs Server(p's handler) on loopback with every timeout cut
// to d, so a test can outlast them.
func quickServer(t *testing.T, p *Page, token string, d time.Duration) string {
	t.Helper()
	srv := Server(p.Handler(token))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Fatalf("Server leaves a timeout unset: %+v", srv)
	}
	srv.ReadHeaderTimeout, srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout = d, d, d, d
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() {
		p.Close()
		srv.Close()
	})
	return ln.Addr().String()
}

// The event stream outlives the server's read, write and idle timeouts: a
// page on a wall screen stays live. (serveEvents lifts the write deadline;
// net/http lifts the read deadline once a request without body is read.)
func TestStreamOutlivesServerTimeouts(t *testing.T) {
	p := seeded(t)
	p.heartbeat = 20 * time.Millisecond
	addr := quickServer(t, p, "", 50*time.Millisecond)
	s, err := dialStream(testCtx(t), &http.Client{}, "http://"+addr)
	if err != nil {
		t.Fatal(err)
	}
	defer s.body.Close()
	if _, err := s.next(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // ten times every timeout: not a timing assertion, the span to outlive
	_ = p.Send(context.Background(), noteMsg("30", "09:58", "still live after the timeouts"))
	d, err := s.next()
	if err != nil || !strings.Contains(d, "still live after the timeouts") {
		t.Fatalf("stream ended by a server timeout: %v", err)
	}
}

// A connection that made one request and then idles is closed by the
// server: idle connections must not pile up until the process runs out of
// descriptors. One refused (401) is closed at once.
func TestIdleConnectionClosed(t *testing.T) {
	addr := quickServer(t, seeded(t), "s3cret", 50*time.Millisecond)
	for _, tt := range []struct {
		query     string
		status    int
		closeSaid bool
	}{{"?token=s3cret", http.StatusOK, false}, {"", http.StatusUnauthorized, true}} {
		c := dialRaw(t, addr)
		if _, err := io.WriteString(c, "GET /api/incident.json"+tt.query+" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		br := bufio.NewReader(c)
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		if res.StatusCode != tt.status || res.Close != tt.closeSaid {
			t.Fatalf("status %d, close %v: want %d, close %v", res.StatusCode, res.Close, tt.status, tt.closeSaid)
		}
		if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
			t.Fatalf("connection after a %d not closed by the server: %v", tt.status, err)
		}
	}
}

// A client that never finishes its request's head is cut off too.
func TestSlowHeadCut(t *testing.T) {
	c := dialRaw(t, quickServer(t, seeded(t), "", 50*time.Millisecond))
	_, _ = io.WriteString(c, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
	if _, err := io.ReadAll(c); err != nil {
		t.Fatalf("half-sent request not cut off: %v", err)
	}
}

// dialRaw connects to addr for a test that speaks HTTP by hand.
func dialRaw(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second)) // a hang guard
	return c
}

// Open event streams hold their connections and count against the cap
// like any other: past it, a new connection is hung up on at once, and a
// stream's end gives its place back.
func TestStreamsCountAgainstTheCap(t *testing.T) {
	p := seeded(t)
	srv := Server(p.Handler(""))
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := connlimit.Wrap(inner, connlimit.Limits{Total: 2})
	go srv.Serve(ln)
	t.Cleanup(func() {
		p.Close()
		srv.Close()
	})
	url := "http://" + inner.Addr().String()
	hc := &http.Client{Transport: &http.Transport{}}
	defer hc.CloseIdleConnections()
	ctx, cancel := context.WithCancel(testCtx(t))
	defer cancel()
	var streams []*stream
	for range 2 {
		s, err := dialStream(ctx, hc, url)
		if err != nil {
			t.Fatal(err)
		}
		streams = append(streams, s)
	}
	if _, err := io.ReadAll(dialRaw(t, inner.Addr().String())); err != nil {
		t.Fatalf("a third connection was not hung up on: %v", err)
	}
	streams[0].body.Close()
	poll.For(t, "the ended stream's connection to close", func() bool { return ln.Open() == 1 })
	if s, err := dialStream(ctx, hc, url); err != nil {
		t.Fatalf("the ended stream's place was not given back: %v", err)
	} else {
		s.body.Close()
	}
	streams[1].body.Close()
}
