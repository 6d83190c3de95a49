package engine

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// serveStatusPage listens on the configured address. A port in use is
// reported, never fatal: the incident matters more than the page.
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
	srv := &http.Server{Handler: sp.Handler(cfg.Token), ReadHeaderTimeout: 5 * time.Second}
	srv.RegisterOnShutdown(sp.Close)
	go srv.Serve(ln)
	addr := ln.Addr().(*net.TCPAddr)
	page := "http://" + ln.Addr().String() + "/"
	e.pageURL = page
	if !addr.IP.IsLoopback() {
		e.statusURL = page
		e.pageURL = withToken(page, cfg.Token)
	}
	e.logf("status page: %s", page) // never with its token: logs get pasted
	return func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
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
