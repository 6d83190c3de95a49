package connlimit

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"
)

// hangGuard bounds every wait on the network, so a bug fails a test
// instead of hanging the run. It is no timing assertion.
const hangGuard = 10 * time.Second

// Over the total cap, a connection is closed at accept: the client reads
// EOF at once instead of waiting in the backlog, and the listener hands
// out no more than the cap. Closing one gives its place to the next.
func TestTotalCapClosesExcessAtAccept(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := make(chan bool, 10)
	ln := Wrap(inner, Limits{Total: 3, PerPeer: 1, OnRefuse: func(_ netip.Addr, perPeer bool) { refused <- perPeer }})
	defer ln.Close()
	accepted := make(chan net.Conn, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()

	var clients []net.Conn
	for range 5 { // loopback: PerPeer does not apply, only Total
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		clients = append(clients, c)
	}
	var held []net.Conn
	for range 3 {
		held = append(held, <-accepted)
	}
	for range 2 {
		if perPeer := <-refused; perPeer {
			t.Error("a loopback client was refused by the per-peer cap")
		}
	}
	if n := ln.Open(); n != 3 {
		t.Fatalf("%d open, want 3", n)
	}
	closed := 0
	for _, c := range clients {
		_ = c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
		if _, err := c.Read(make([]byte, 1)); err != nil && !isTimeout(err) {
			closed++ // EOF or reset: the listener closed it
		}
	}
	if closed != 2 {
		t.Fatalf("%d clients were hung up on, want the 2 over the cap", closed)
	}

	_ = held[0].Close()
	_ = held[0].Close() // a second Close must not give back a second place
	if n := ln.Open(); n != 2 {
		t.Fatalf("%d open after closing one twice, want 2", n)
	}
	for range 2 {
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	select {
	case <-accepted:
	case <-time.After(hangGuard):
		t.Fatal("the freed place was not given to the next client")
	}
	select {
	case <-refused:
	case <-time.After(hangGuard):
		t.Fatal("the client after it was not refused")
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Per peer: an address (IPv6 too: a LAN shares its /64), IPv4-mapped addresses with
// their IPv4 form; loopback clients are counted only in the total.
func TestPerPeerCap(t *testing.T) {
	tests := []struct {
		name  string
		peers []string
		want  []bool // admitted
	}{
		{"one address", []string{"192.0.2.1", "192.0.2.1", "192.0.2.1"}, []bool{true, true, false}},
		{"two addresses", []string{"192.0.2.1", "192.0.2.1", "192.0.2.2"}, []bool{true, true, true}},
		{"IPv6 address", []string{"2001:db8::1", "2001:db8::1", "2001:db8::1"}, []bool{true, true, false}},
		{"IPv6 neighbours in one /64", []string{"2001:db8::1", "2001:db8::1", "2001:db8::2", "fe80::1", "fe80::2"},
			[]bool{true, true, true, true, false}},
		{"IPv4-mapped", []string{"192.0.2.1", "::ffff:192.0.2.1", "192.0.2.1"}, []bool{true, true, false}},
		{"loopback", []string{"127.0.0.1", "127.0.0.1", "127.0.0.1", "::1"}, []bool{true, true, true, true}},
		{"total", []string{"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"},
			[]bool{true, true, true, true, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fl := newFakeListener()
			ln := Wrap(fl, Limits{Total: 4, PerPeer: 2})
			for i, peer := range tt.peers {
				remote := fl.connect(peer)
				got := accepts(t, ln)
				if got != tt.want[i] {
					t.Fatalf("connection %d from %s admitted %v, want %v", i, peer, got, tt.want[i])
				}
				if !got && !remote.closedByPeer() {
					t.Fatalf("connection %d from %s refused but not closed", i, peer)
				}
			}
		})
	}
}

// A closed connection gives its peer's place back.
func TestPerPeerPlaceFreedOnClose(t *testing.T) {
	fl := newFakeListener()
	ln := Wrap(fl, Limits{PerPeer: 1})
	fl.connect("192.0.2.1")
	c, _ := ln.Accept()
	fl.connect("192.0.2.1")
	if accepts(t, ln) {
		t.Fatal("second connection from one peer admitted over PerPeer 1")
	}
	_ = c.Close()
	fl.connect("192.0.2.1")
	if !accepts(t, ln) {
		t.Fatal("the place freed by Close was not given back")
	}
}

// accepts reports whether ln hands out the one connection fl holds: when
// it refuses it, Accept goes on to fl, which is drained and says io.EOF.
// An admitted connection stays open, holding its place.
func accepts(t *testing.T, ln *Listener) bool {
	t.Helper()
	_, err := ln.Accept()
	if err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return err == nil
}

// fakeListener hands out in-memory connections from whatever address a
// test names, then reports io.EOF once drained.
type fakeListener struct {
	mu    sync.Mutex
	queue []net.Conn
}

func newFakeListener() *fakeListener { return &fakeListener{} }

// connect queues a connection from peer and returns the client's end.
func (f *fakeListener) connect(peer string) *clientEnd {
	server, client := net.Pipe()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queue = append(f.queue, addrConn{server, net.TCPAddrFromAddrPort(netip.AddrPortFrom(netip.MustParseAddr(peer), 1))})
	return &clientEnd{client}
}

func (f *fakeListener) Accept() (net.Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.queue) == 0 {
		return nil, io.EOF
	}
	c := f.queue[0]
	f.queue = f.queue[1:]
	return c, nil
}

func (f *fakeListener) Close() error   { return nil }
func (f *fakeListener) Addr() net.Addr { return &net.TCPAddr{} }

type addrConn struct {
	net.Conn
	remote net.Addr
}

func (c addrConn) RemoteAddr() net.Addr { return c.remote }

type clientEnd struct{ net.Conn }

// closedByPeer reports whether the server's end was closed.
func (c *clientEnd) closedByPeer() bool {
	_ = c.SetReadDeadline(time.Now().Add(hangGuard))
	_, err := c.Read(make([]byte, 1))
	return errors.Is(err, io.EOF)
}
