package statuspage

import (
	"net/http"
	"time"
)

// The page's connection caps, for a connlimit.Listener in front of Server.
// Every connection costs a file descriptor, and the engine's control socket
// shares the process's descriptors: the page must never use them up, or
// the CLI and the tray cannot reach the engine.
//
// MaxConns (512) stays well below the smallest descriptor limit keepcool
// meets (1024 where the hard limit is that low; Go raises the soft limit
// to the hard one at start), leaving the rest to journals, the control
// socket, channel deliveries and windows; at a few tens of KB each it
// bounds the memory too. That is ~150–250 viewers (a browser holds the
// event stream and, for IdleTimeout, a connection or two more).
// MaxConnsPerPeer (64) is ten browsers behind one office's address (a
// browser opens at most 6 connections to a host), yet no single remote
// host can take more than an eighth of the page.
const (
	MaxConns        = 512
	MaxConnsPerPeer = 64
)

// Server is the http.Server for the page's handler, with timeouts that
// close every connection the page no longer needs, so the caps above fill
// only with viewers: a request's head must arrive within 5 s, a whole
// request within 10 s, an answer must be taken within 30 s, and a kept-alive
// connection is closed after 30 s without a request. The event stream stays
// open as long as the viewer reads it: net/http lifts the read deadline once
// a request without body is read, and /events lifts the write deadline,
// guarding each write on its own instead (see serveEvents).
func Server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       30 * time.Second,
		// Room for the cookies of every other app on localhost, which
		// browsers send to any port; at the cap that is 32 MB at most.
		MaxHeaderBytes: 64 << 10,
	}
}
