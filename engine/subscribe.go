package engine

import (
	"net/http"
	"slices"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/schedule"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// Subscribe returns a channel that is signalled after every change of
// state (coalesced: one pending signal at most), for the tray. Call cancel
// when done.
func (e *Engine) Subscribe() (changes <-chan struct{}, cancel func()) {
	ch := make(chan struct{}, 1)
	e.subMu.Lock()
	e.subs = append(e.subs, ch)
	e.subMu.Unlock()
	return ch, func() {
		e.subMu.Lock()
		defer e.subMu.Unlock()
		e.subs = slices.DeleteFunc(e.subs, func(c chan struct{}) bool { return c == ch })
	}
}

// changed signals every subscriber without ever blocking.
func (e *Engine) changed() {
	e.rev.Add(1)
	e.subMu.Lock()
	defer e.subMu.Unlock()
	for _, ch := range e.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// SetStatus moves the incident to a new status and tells stakeholders.
func (e *Engine) SetStatus(req api.StatusRequest) (incident.State, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		return incident.State{}, errNoIncident
	}
	if e.repeatedLocked(req.Key) {
		return e.state, nil
	}
	st, err := incident.ParseStatus(req.Status)
	if err != nil {
		return incident.State{}, badRequest("%v", err)
	}
	if st == e.state.Status {
		return e.state, nil
	}
	if err := e.appendKeyedLocked(e.now(), incident.KindStatusChanged, incident.StatusChanged{Status: st}, req.Key); err != nil {
		return incident.State{}, err
	}
	e.publishLocked(updates.KindStatus, e.lastEvent())
	e.logf("status: %s", st)
	e.poke()
	return e.state, nil
}

// Reload re-reads the config: the schedule's rhythm, the engineer's name
// and the channels (new ones start receiving, changed ones are replaced,
// removed ones receive nothing more, not even what they still owed; one
// whose drill = true was removed, no drill message it still owed).
// Settings calls it after saving.
func (e *Engine) Reload() error {
	if e.opts.Reload == nil {
		return &requestError{http.StatusNotImplemented, "this engine cannot reload its config: restart it"}
	}
	cfg, chans, err := e.opts.Reload()
	if err != nil {
		return badRequest("%v", err)
	}
	var ended []string // resolved incidents whose post-mortems list drops now
	e.mu.Lock()
	defer func() {
		e.mu.Unlock()
		for _, id := range ended {
			e.rewritePostMortem(id)
		}
	}()
	e.reloadPageLocked(cfg.StatusPage)
	e.opts.Config = cfg
	e.log.setStyle(e.timeStyleLocked())
	inc := cfg.Incident
	e.policy = schedule.Policy{Cadence: inc.Cadence, Grace: inc.Grace, CadenceBySeverity: inc.CadenceBySeverity}
	kept := e.channels[:0:0]
	for _, r := range e.channels {
		if r.Type == statusPageType {
			kept = append(kept, r)
		}
	}
	configured := map[string]bool{}
	for _, r := range chans {
		e.outbox.Register(r.Type, r.Channel)
		kept = append(kept, r)
		configured[r.Channel.Name()] = true
	}
	for _, r := range e.channels {
		if name := r.Channel.Name(); r.Type != statusPageType && !configured[name] {
			if n := e.outbox.Remove(name); n > 0 {
				e.logf("channel %s left the config: %s it still owed dropped", name, timefmt.Count(n, "message", "messages"))
			} else {
				e.logf("channel %s left the config", name)
			}
		}
	}
	e.channels = kept
	ended = e.dropDrillsLocked() // a channel whose drill = true was removed owes no drill message
	e.logf("config reloaded: cadence %s, grace %s, %s", inc.Cadence, inc.Grace, timefmt.Count(len(chans), "channel", "channels"))
	e.poke()
	e.changed()
	return nil
}
