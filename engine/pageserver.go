package engine

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"sync/atomic"
	"time"

	"github.com/keepcool/keepcool/internal/connlimit"
	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/statuspage"
)

// serveStatusPage listens on the configured address. A port in use is
// reported, never fatal: the incident matters more than the page.
//
// The page shares the process's file descriptors with the control socket,
// so it takes at most statuspage.MaxConns of them (MaxConnsPerPeer from one
// remote host): whatever crowd or flood the page meets, the CLI and the
// tray still reach the engine.
func (e *Engine) serveStatusPage(ctx context.Context) (stop func()) {
	sp, cfg := e.opts.StatusPage, e.opts.Config.StatusPage
	if sp == nil || cfg.Listen == "off" || cfg.Listen == "" {
		return nil
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		e.logf("warning: status page not served: %v (set [statuspage] listen to a free address, or \"off\")", err)
		return nil
	}
	hostname, _ := os.Hostname()
	site := statuspage.Site{Listen: ln.Addr().(*net.TCPAddr).AddrPort(), PublicURL: cfg.PublicURL,
		Hostname: hostname, Hosts: cfg.Hosts, CORS: cfg.CORS}
	srv := statuspage.Server(statuspage.Guard(sp.Handler(cfg.Token), site))
	srv.RegisterOnShutdown(sp.Close)
	go srv.Serve(connlimit.Wrap(ln, connlimit.Limits{
		Total: statuspage.MaxConns, PerPeer: statuspage.MaxConnsPerPeer, OnRefuse: e.refusalLogger(),
	}))
	e.statusURL = site.StakeholderURL()
	e.pageURL = withToken(site.LocalURL(), cfg.Token)
	// Never with the token: logs get pasted.
	switch {
	case e.statusURL != "" && e.statusURL != site.LocalURL():
		e.logf("status page: %s (stakeholders get %s)", site.LocalURL(), e.statusURL)
	case e.statusURL == "" && !site.Loopback():
		e.logf("status page: %s; warning: no name for other machines to open it by: set [statuspage] public_url", site.LocalURL())
	default:
		e.logf("status page: %s", site.LocalURL())
	}
	return func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}
}

// refusalLogger says when the page turns connections away for being over
// its caps: at the first, then at most once a minute with a count, so a
// flood cannot flood the log too.
func (e *Engine) refusalLogger() func(peer netip.Addr, perPeer bool) {
	var refused, lastLog atomic.Int64 // lastLog: Unix seconds, 0 before the first
	return func(peer netip.Addr, perPeer bool) {
		n := refused.Add(1)
		now, last := e.now().Unix(), lastLog.Load()
		if (last != 0 && now-last < 60) || !lastLog.CompareAndSwap(last, now) {
			return
		}
		which := fmt.Sprintf("%d connections open", statuspage.MaxConns)
		if perPeer {
			which = fmt.Sprintf("%d connections from %s", statuspage.MaxConnsPerPeer, peer)
		}
		e.logf("status page: turning connections away (%d so far): over its cap of %s; the control socket is unaffected", n, which)
	}
}

// prepare readies a stored message for sending: the page's token, kept out
// of the journal, is added to its link.
func (e *Engine) prepare(m updates.Message) updates.Message {
	m.StatusPage = withToken(m.StatusPage, e.pageToken)
	return m
}

// withToken adds ?token=TOKEN to a page address (none when either is empty).
func withToken(page, token string) string {
	if page == "" || token == "" {
		return page
	}
	u, err := url.Parse(page)
	if err != nil {
		return page
	}
	q := u.Query()
	q.Set("token", token)
	u.RawQuery = q.Encode()
	return u.String()
}
