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
	links, err := e.checkLinksLocked(map[string]string{req.Type: req.ID}, e.state.Drill)
	if err != nil {
		return incident.State{}, err
	}
	id := links[req.Type]
	if e.state.Links[req.Type] == id {
		return e.state, nil
	}
	if err := e.appendKeyedLocked(e.now(), incident.KindLinked, incident.Linked{Type: req.Type, ID: id}, req.Key); err != nil {
		return incident.State{}, err
	}
	e.logf("incident linked to %s incident %s", req.Type, id)
	e.keepLinksLocked()
	ev := e.lastEvent()
	m, to := e.recap(e.state, req.Type, ev)
	e.queueLocked(m, to, ev)
	return e.state, nil
}

// recap is the message that sums incident st up for the channels of type
// typ when it is linked to their tool's incident (trigger, an engineer's
// link): a declaration's message, with the situation in full, the
// estimate, the status and the latest note, marked Recap. For them it is
// the first message that reaches the linked incident. Link queues it, and
// requeue at the next start when keepcool stopped before it was queued.
// Callers hold e.mu, or own the engine (resume).
func (e *Engine) recap(st incident.State, typ string, trigger incident.Event) (updates.Message, []string) {
	m := e.message(st, updates.KindDeclared, trigger)
	m.Recap = true
	// The engineer's latest words: not a "no change" or a holding
	// message posted since, which say nothing of where things stand.
	for i := len(st.Notes) - 1; i >= 0; i-- {
		if st.Notes[i].Kind == incident.NoteProgress {
			m.Note = st.Notes[i].Text
			break
		}
	}
	return m, e.linkTargetsOfLocked(typ, st.Drill)
}

// withLinks gives a message about to be sent its incident's links as they
// stand now, not as they stood when it was queued: a message still queued
// or retrying when the engineer links the PagerDuty incident goes there,
// also once the incident has ended (resolved, or drained after a
// restart). Called by prepare, for every send.
func (e *Engine) withLinksLocked(m updates.Message) updates.Message {
	if m.Kind == updates.KindTest {
		return m
	}
	if e.journal != nil && m.IncidentID == e.state.ID {
		m.Links = e.state.Links
	} else if links, ok := e.endedLinks[m.IncidentID]; ok {
		m.Links = links
	}
	return m
}

// keepLinksLocked keeps the active incident's links, changed after its
// declaration, for the messages of it still queued once it has ended
// (withLinksLocked). Callers hold e.mu.
func (e *Engine) keepLinksLocked() {
	e.keepLinks(e.state.ID, e.state.Links)
}

// keepLinks keeps incident id's links for its messages still to be sent
// once it is no longer the active incident. Callers hold e.mu, or own the
// engine (resume).
func (e *Engine) keepLinks(id string, links map[string]string) {
	if len(links) == 0 {
		return
	}
	if e.endedLinks == nil {
		e.endedLinks = map[string]map[string]string{}
	}
	e.endedLinks[id] = links
}

// finder is a channel that searches its service for the incident it posts
// to (pagerduty with service_id), and says what it found; the engine adopts
// it as the incident's link.
type finder interface {
	Found(incidentID string) (string, bool)
}

// finderOf is ch as a finder, looked for under the engine's wrapper
// (drillChannel's Unwrap), which does not say Found itself.
func finderOf(ch updates.Channel) (finder, bool) {
	if u, ok := ch.(interface{ Unwrap() updates.Channel }); ok {
		ch = u.Unwrap()
	}
	f, ok := ch.(finder)
	return f, ok
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
	for _, r := range e.channels {
		if f, ok := finderOf(r.Channel); ok && r.Channel.Name() == name {
			found, typ = f, r.Type
		}
	}
	if found == nil || e.state.Links[typ] != "" {
		return
	}
	id, ok := found.Found(e.state.ID)
	if !ok || len(e.linkTargetsOfLocked(typ, e.state.Drill)) != 1 {
		return
	}
	if err := e.appendLocked(e.now(), incident.KindLinked, incident.Linked{Type: typ, ID: id, Found: name}); err != nil {
		e.logf("warning: %s found %s incident %s but it could not be recorded (%v); after a restart it searches again", name, typ, id, err)
		return
	}
	e.keepLinksLocked()
	e.logf("%s found %s incident %s on its service: later updates go there", name, typ, id)
}
