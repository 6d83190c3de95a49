package engine

import (
	"context"
	"net"
	"net/http"
	"time"
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
	url := "http://" + ln.Addr().String() + "/"
	if !addr.IP.IsLoopback() {
		url += "?token=" + cfg.Token
		e.statusURL = url
	}
	e.pageURL = url
	e.logf("status page: %s", url)
	return func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}
}
