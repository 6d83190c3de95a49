package main

import (
	"io"
	"net"
	"net/http"
	"sync/atomic"
)

// hooks is the webhook receiver every channel posts to: it reads the body
// and answers 200 at once, as a healthy endpoint does.
type hooks struct {
	url      string
	srv      *http.Server
	received atomic.Int64
}

func startHooks() (*hooks, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := &hooks{url: "http://" + ln.Addr().String()}
	h.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h.received.Add(1)
	})}
	go h.srv.Serve(ln)
	return h, nil
}

func (h *hooks) count() int64 { return h.received.Load() }

// Close stops the receiver.
func (h *hooks) Close() error { return h.srv.Close() }
