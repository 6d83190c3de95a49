package engine

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// watchWait bounds one watch: below the client's timeout, so a quiet
// engine answers before the client gives up.
const watchWait = 20 * time.Second

// watchers ends open watches when the control server shuts down, so a
// window waiting for news never holds the engine's exit up.
type watchers struct {
	once sync.Once
	stop chan struct{}
}

func newWatchers() *watchers { return &watchers{stop: make(chan struct{})} }

func (w *watchers) close() { w.once.Do(func() { close(w.stop) }) }

// Watch answers with the status as soon as it differs from revision
// since: at once when it already does, else after the next change, or
// after watchWait with the same revision. Windows use it to stay true
// while open (an open prompt follows a note sent from the CLI).
func (e *Engine) Watch(ctx context.Context, since uint64) api.Watched {
	changes, cancel := e.Subscribe() // before reading the revision: no change slips between
	defer cancel()
	if rev := e.rev.Load(); rev == since {
		t := time.NewTimer(watchWait)
		defer t.Stop()
		select {
		case <-changes:
		case <-t.C:
		case <-ctx.Done():
		case <-e.watch.stop:
		}
	}
	rev := e.rev.Load()
	return api.Watched{Revision: rev, Status: e.Status()}
}

func (e *Engine) handleWatch(w http.ResponseWriter, r *http.Request) {
	var since uint64
	if s := r.URL.Query().Get("since"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			reply(w, nil, badRequest("since must be a revision number, got %q", s))
			return
		}
		since = n
	}
	reply(w, e.Watch(r.Context(), since), nil)
}
