package engine

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"github.com/keepcool/keepcool/config"
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
	e.page = &pageSwitch{listen: ln.Addr().(*net.TCPAddr).AddrPort(), hostname: hostname}
	e.mu.Lock()
	e.applyPageLocked(cfg)
	e.mu.Unlock()
	srv := statuspage.Server(e.page)
	srv.RegisterOnShutdown(sp.Close)
	go srv.Serve(connlimit.Wrap(ln, connlimit.Limits{
		Total: statuspage.MaxConns, PerPeer: statuspage.MaxConnsPerPeer, OnRefuse: e.refusalLogger(),
	}))
	return func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}
}

// pageSwitch serves the page through the handler of its current settings:
// a reload that changes the token, the names or the origins takes effect
// at once (a leaked token stops working), without dropping the listener.
type pageSwitch struct {
	listen   netip.AddrPort
	hostname string
	cfg      config.StatusPage
	h        atomic.Pointer[http.Handler]
}

func (p *pageSwitch) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*p.h.Load()).ServeHTTP(w, r) }

// applyPageLocked puts cfg's token, names and origins in force on the
// served page and the links messages carry. Callers hold e.mu.
func (e *Engine) applyPageLocked(cfg config.StatusPage) {
	site := statuspage.Site{Listen: e.page.listen, PublicURL: cfg.PublicURL,
		Hostname: e.page.hostname, Hosts: cfg.Hosts, CORS: cfg.CORS}
	h := statuspage.Guard(pageHandler(e.opts.StatusPage, cfg.Token, site), site)
	e.page.h.Store(&h)
	e.page.cfg = cfg
	e.statusURL, e.pageToken = site.StakeholderURL(), cfg.Token
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
}

// reloadPageLocked applies a reloaded [statuspage]: token, names, origins
// and public_url at once; a new listen address (or turning the page on or
// off) only at the next start, which the log says. Callers hold e.mu.
func (e *Engine) reloadPageLocked(cfg config.StatusPage) {
	switch {
	case e.page == nil && (cfg.Listen == "off" || cfg.Listen == e.opts.Config.StatusPage.Listen):
	case e.page == nil || cfg.Listen != e.page.cfg.Listen:
		e.logf("warning: [statuspage] listen changed: it takes effect when keepcool restarts")
	case !slices.Equal(cfg.Hosts, e.page.cfg.Hosts) || !slices.Equal(cfg.CORS, e.page.cfg.CORS) ||
		cfg.Token != e.page.cfg.Token || cfg.PublicURL != e.page.cfg.PublicURL:
		e.applyPageLocked(cfg)
		e.logf("status page settings reloaded")
	}
}

// PageURL is the status page as this machine opens it, with the token in
// force now: the tray asks at each click, so a rotated token is followed.
// "" when the page is not served.
func (e *Engine) PageURL() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.pageURL
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
	e.mu.Lock()
	token := e.pageToken
	m = e.withLinksLocked(m) // link.go
	e.mu.Unlock()
	m.StatusPage = withToken(m.StatusPage, token)
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
