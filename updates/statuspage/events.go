package statuspage

import (
	"errors"
	"net/http"
	"time"
)

// stallLimit is, by default, how long one write to a viewer may take. A
// client that stops reading (a phone gone to sleep, a hostile script) fills
// its socket buffer; past this it is dropped, and its browser reconnects and
// resyncs.
const stallLimit = 30 * time.Second

// longAgo is a deadline already past: setting it fails a blocked write now.
var longAgo = time.Unix(1, 0)

var errStalled = errors.New("statuspage: viewer stopped reading")

// serveEvents streams the state as Server-Sent Events: the current state on
// connect, each new one after, a comment every heartbeat.
func (p *Page) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead { // a probe: answer the headers, hold nothing open
		w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
		return
	}
	c, ok := p.subscribe()
	if !ok {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many open status pages; the page retries by itself", http.StatusServiceUnavailable)
		return
	}
	defer p.hub.remove(c)
	rc := http.NewResponseController(w)
	// The stream is meant to outlive any server-wide WriteTimeout; stalls
	// are caught per write instead.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no") // nginx in front must not hold events back
	w.WriteHeader(http.StatusOK)
	if writeEvent(rc, w, []byte("retry: 3000\n\n"), p.stall) != nil {
		return
	}
	beat := time.NewTicker(p.heartbeat)
	defer beat.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-c.done:
			return
		case ev := <-c.events:
			err = writeEvent(rc, w, ev, p.stall)
		case <-beat.C:
			err = writeEvent(rc, w, []byte(": heartbeat\n\n"), p.stall)
		}
		if err != nil {
			return
		}
	}
}

// subscribe registers a stream holding the current state, under p.mu so no
// Send can fall between reading the state and joining.
func (p *Page) subscribe() (*client, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.hub.add(p.eventLocked())
}

// writeEvent writes and flushes one event, giving up on a viewer that has
// not taken it within limit. The guard uses a timer rather than a
// deadline from the wall clock: the page's clock is the injected one.
func writeEvent(rc *http.ResponseController, w http.ResponseWriter, ev []byte, limit time.Duration) error {
	guard := time.AfterFunc(limit, func() { _ = rc.SetWriteDeadline(longAgo) })
	_, err := w.Write(ev)
	if err == nil {
		err = rc.Flush()
	}
	if !guard.Stop() && err == nil {
		err = errStalled // the deadline is set now; the next write would fail anyway
	}
	return err
}
