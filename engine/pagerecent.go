package engine

import (
	"net/http"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/statuspage"
)

// The status page keeps the recent incidents (statuspage.MaxRecent), each
// with its all-clear, so a reader polling its feed or JSON after the next
// incident is declared still finds the previous one. At start the engine
// hands it the newest incidents' ledgers, which resume reads anyway (no
// journal is read twice); after that the page, which gets every message,
// keeps the list itself: rendering never asks the engine or the disk.

// recentSeeder is a page that keeps past incidents (statuspage.Page).
type recentSeeder interface {
	SeedRecent(incidents []statuspage.Seeded)
}

// siteHandler is a page whose feed and API name the machine and its
// public_url (statuspage.Page).
type siteHandler interface {
	HandlerAt(token string, s statuspage.Site) http.Handler
}

// recentLedgers keeps the newest statuspage.MaxRecent ledgers, oldest
// first, of those added in time order.
type recentLedgers []*updates.Ledger

func (r *recentLedgers) add(l *updates.Ledger) {
	if len(*r) == statuspage.MaxRecent {
		n := copy(*r, (*r)[1:]) // in place: a dropped ledger is not kept by the array
		(*r)[n] = nil
		*r = (*r)[:n]
	}
	*r = append(*r, l)
}

// seedPage gives the page the recent incidents, the latest last: each as
// its first and latest statuspage.MaxTimeline messages.
func (e *Engine) seedPage(recent recentLedgers) {
	sp := e.opts.StatusPage
	if sp == nil || len(recent) == 0 {
		return
	}
	rs, ok := sp.(recentSeeder)
	if !ok {
		last := recent[len(recent)-1]
		sp.Seed(last.Tail(statuspage.MaxTimeline), last.Count())
		return
	}
	seeds := make([]statuspage.Seeded, 0, len(recent))
	for _, l := range recent {
		seeds = append(seeds, statuspage.Seeded{Msgs: l.Tail(statuspage.MaxTimeline), Total: l.Count()})
	}
	rs.SeedRecent(seeds)
}

// pageHandler is sp's handler for token, naming the site when sp can.
func pageHandler(sp StatusPage, token string, s statuspage.Site) http.Handler {
	if h, ok := sp.(siteHandler); ok {
		return h.HandlerAt(token, s)
	}
	return sp.Handler(token)
}
