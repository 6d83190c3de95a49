// Package connlimit caps how many connections a listener hands out at once,
// in total and per client, so that no crowd of clients, idle or hostile,
// can use up the process's file descriptors.
//
// The cap is enforced at accept: a connection over it is accepted from the
// kernel and closed at once, so it neither waits in the kernel's backlog
// nor holds a descriptor. A connection counts until it is closed; a server
// must therefore close connections it no longer needs (idle timeouts), or
// the cap fills with them.
//
// Clients are counted by address, IPv6 ones by the whole address too: an
// office LAN (and every link-local peer) shares one /64, which must not
// share one host's cap; the total still bounds a host that rotates its
// addresses. Loopback clients count only against the
// total: they are this machine — the user's own browser, or a reverse proxy
// that carries every remote viewer's connection through one address.
package connlimit

import (
	"net"
	"net/netip"
	"sync"
)

// Limits are the caps; zero means no cap.
type Limits struct {
	Total   int // connections open at once
	PerPeer int // connections open at once from one client (non-loopback)
	// OnRefuse, when set, is called (on the accepting goroutine, so it must
	// not block) for each connection closed for being over a cap: perPeer
	// tells which cap it was.
	OnRefuse func(peer netip.Addr, perPeer bool)
}

// Listener is a net.Listener that hands out connections only within its
// Limits. It is safe for concurrent use.
type Listener struct {
	net.Listener
	limits Limits

	mu     sync.Mutex
	open   int
	byPeer map[netip.Addr]int // by peer key; loopback peers are not counted here
}

// Wrap caps the connections ln hands out. Closing the Listener closes ln;
// connections already handed out stay open until their own Close.
func Wrap(ln net.Listener, limits Limits) *Listener {
	return &Listener{Listener: ln, limits: limits, byPeer: map[netip.Addr]int{}}
}

// Accept returns the next connection within the caps. Connections over a
// cap are closed here and never returned. Errors are ln's.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		peer, counted := peerKey(c.RemoteAddr())
		ok, perPeer := l.admit(peer, counted)
		if ok {
			return &conn{Conn: c, release: func() { l.release(peer, counted) }}, nil
		}
		_ = c.Close()
		if l.limits.OnRefuse != nil {
			l.limits.OnRefuse(peer, perPeer)
		}
	}
}

// Open is how many connections handed out are not closed yet.
func (l *Listener) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open
}

// admit takes a place for a connection from peer, or reports which cap
// is full.
func (l *Listener) admit(peer netip.Addr, counted bool) (ok, perPeer bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limits.Total > 0 && l.open >= l.limits.Total {
		return false, false
	}
	if counted && l.limits.PerPeer > 0 && l.byPeer[peer] >= l.limits.PerPeer {
		return false, true
	}
	l.open++
	if counted {
		l.byPeer[peer]++
	}
	return true, false
}

func (l *Listener) release(peer netip.Addr, counted bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open--
	if !counted {
		return
	}
	if l.byPeer[peer]--; l.byPeer[peer] <= 0 {
		delete(l.byPeer, peer) // the map holds only peers with open connections
	}
}

// peerKey is what a client is counted by, and whether it is counted per
// peer at all: loopback and non-IP peers (unix sockets) are not.
func peerKey(a net.Addr) (netip.Addr, bool) {
	t, ok := a.(*net.TCPAddr)
	if !ok {
		return netip.Addr{}, false
	}
	ip := t.AddrPort().Addr().Unmap().WithZone("")
	if ip.IsLoopback() {
		return ip, false
	}
	return ip, true
}

// conn gives its place back once, on its first Close.
type conn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *conn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// CloseWrite half-closes when the connection can (TCP), which net/http
// uses to end a connection gracefully after an error reply.
func (c *conn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
