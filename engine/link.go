package engine

import (
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// Link links the active incident to its counterpart in another tool
// (`keepcool link pagerduty ID`): the PagerDuty incident the engineer did
// not name at the declaration, or named wrong. Channels of that type then
// post to it, and are sent at once a message that sums the incident up:
// what they refused for want of an incident (or sent to the wrong one) is
// not sent again one by one, but the responders see where things stand.
// Linking the id the incident already has changes nothing.
func (e *Engine) Link(req api.LinkRequest) (incident.State, error) {
	for _, f := range []shortField{{"key", req.Key, maxKey}, {"type", req.Type, maxShort}, {"id", req.ID, maxShort}} {
		if err := f.check(); err != nil {
			return incident.State{}, err
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.journal == nil {
		// 400, not errNoIncident's 409: link is for the incident in
		// progress, and the way to name one at the start differs.
		return incident.State{}, badRequest("no active incident to link: declare it with its %s incident named, keepcool start \"TITLE\" --%s ID", req.Type, req.Type)
	}
	if e.repeatedLocked(req.Key) {
		return e.state, nil
	}
	links, err := checkLinks(map[string]string{req.Type: req.ID})
	if err != nil {
		return incident.State{}, err
	}
	id := links[req.Type]
	if configured, forDrill := e.channelsOfTypeLocked(req.Type); !configured || (e.state.Drill && !forDrill) {
		return incident.State{}, badRequest("%s %s: no %s channel would post to it%s, so nothing was linked; "+
			"add one ([[channel]] type = %q, see the README), then link again", req.Type, id, req.Type,
			map[bool]string{true: " (none has drill = true, and this is a drill)"}[configured], req.Type)
	}
	if e.state.Links[req.Type] == id {
		return e.state, nil
	}
	if err := e.appendKeyedLocked(e.now(), incident.KindLinked, incident.Linked{Type: req.Type, ID: id}, req.Key); err != nil {
		return incident.State{}, err
	}
	e.logf("incident linked to %s incident %s", req.Type, id)
	e.recapLocked(req.Type, e.lastEvent())
	return e.state, nil
}

// channelsOfTypeLocked reports whether a channel of type typ is
// configured, and whether one of them takes drills. Callers hold e.mu.
func (e *Engine) channelsOfTypeLocked(typ string) (configured, forDrills bool) {
	for _, r := range e.channels {
		if r.Type == typ {
			configured, forDrills = true, forDrills || r.Drill
		}
	}
	return configured, forDrills
}

// recapLocked sends the channels of type typ the incident as it stands
// now, after trigger (the link): a declaration's message, with the
// situation in full, the estimate, the status and the latest note. For
// them it is the first message that reaches the linked incident. Callers
// hold e.mu.
func (e *Engine) recapLocked(typ string, trigger incident.Event) {
	st := e.state
	m := e.message(st, updates.KindDeclared, trigger)
	if n := len(st.Notes); n > 0 && st.Notes[n-1].Kind != incident.NoteNoChange {
		m.Note = st.Notes[n-1].Text
	}
	var to []string
	for _, r := range e.channels {
		if r.Type == typ && (!st.Drill || r.Drill) {
			to = append(to, r.Channel.Name())
		}
	}
	e.queueLocked(m, to, trigger)
}

// withLinks gives a message about to be sent its incident's links as they
// stand now, not as they stood when it was queued: a message still queued
// or retrying when the engineer links the PagerDuty incident goes there.
// Called by prepare, for every send.
func (e *Engine) withLinksLocked(m updates.Message) updates.Message {
	if e.journal != nil && m.IncidentID == e.state.ID && m.Kind != updates.KindTest {
		m.Links = e.state.Links
	}
	return m
}

// finder is a channel that searches its service for the incident it posts
// to (pagerduty with service_id), and says what it found.
type finder interface {
	Found(incidentID string) (string, bool)
}

// adoptFoundLocked journals, after a delivery by channel name, the
// incident that channel found on its service as the incident's link, so
// that later messages, after a restart or a `channels test` too, go to
// the same one rather than to whatever is newest on the service then. It
// never replaces a link the incident has, and adopts only when that
// channel is the one of its type (two services' incidents are not one
// link). Callers hold e.mu, with the incident's journal live.
func (e *Engine) adoptFoundLocked(name string) {
	var found finder
	var typ string
	n := 0
	for _, r := range e.channels {
		if f, ok := r.Channel.(finder); ok && r.Channel.Name() == name {
			found, typ = f, r.Type
		}
	}
	if found == nil || e.state.Links[typ] != "" {
		return
	}
	for _, r := range e.channels {
		if r.Type == typ && (!e.state.Drill || r.Drill) {
			n++
		}
	}
	id, ok := found.Found(e.state.ID)
	if !ok || n != 1 {
		return
	}
	if err := e.appendLocked(e.now(), incident.KindLinked, incident.Linked{Type: typ, ID: id, Found: name}); err != nil {
		e.logf("warning: %s found %s incident %s but it could not be recorded (%v); after a restart it searches again", name, typ, id, err)
		return
	}
	e.logf("%s found %s incident %s on its service: later updates go there", name, typ, id)
}
