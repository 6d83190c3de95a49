package engine

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/schedule"
	"github.com/keepcool/keepcool/updates"
)

// Registered is one stakeholder channel the engine delivers to.
type Registered struct {
	Type    string
	Drill   bool // also receives drill incidents
	Channel updates.Channel
}

// publishLocked turns the event just appended into a stakeholder message:
// the message and its recipients are made durable (EventQueued) before the
// outbox sees them. Callers hold e.mu.
//
// Once its event is stored the command has happened, so publishing never
// fails it: when EventQueued cannot be written (a full disk) the message
// still goes to the outbox now, in order, and a warning is logged. If
// keepcool stops before it is delivered, requeue at the next start queues
// it again from its event; a channel that recorded its delivery (or a
// later one's: delivery is in order) is not sent it again (updates.Replay).
func (e *Engine) publishLocked(kind updates.Kind, trigger incident.Event) {
	st := e.state
	m := e.message(st, kind, trigger)
	var told []string
	for name := range e.told {
		told = append(told, name)
	}
	e.queueLocked(m, e.recipientsLocked(st, kind, told), trigger)
}

// queueLocked makes m durable with its recipients to (EventQueued), then
// gives it to the outbox, as publishLocked says. Callers hold e.mu.
func (e *Engine) queueLocked(m updates.Message, to []string, trigger incident.Event) {
	kind := m.Kind
	if len(to) == 0 {
		return
	}
	for _, name := range to {
		e.told[name] = true
	}
	err := e.faults.queue
	if err == nil {
		err = e.appendLocked(trigger.At, updates.EventQueued, updates.Queued{Message: m, Channels: to})
	}
	if err != nil {
		e.logf("warning: %s message %s goes out now but could not be recorded as queued (%v); if keepcool stops before it is delivered, the next start sends it", kind, m.ID, err)
	}
	e.outbox.Add(m, to)
}

// recipientsLocked picks the channels for a message: every configured one
// (only drill = true ones for a drill) and the status page; a real
// incident's all-clear also goes to every channel that was told anything
// about it (told). A drill's does not: every channel the drill rule lets
// through is in to already, and one told of the drill before its
// drill = true was removed must get nothing more of it.
func (e *Engine) recipientsLocked(st incident.State, kind updates.Kind, told []string) []string {
	var to []string
	for _, r := range e.channels {
		if takes(r, st.Drill) {
			to = append(to, r.Channel.Name())
		}
	}
	if kind == updates.KindResolved && !st.Drill {
		for _, name := range told {
			if !slices.Contains(to, name) && e.outbox.Has(name) {
				to = append(to, name)
			}
		}
	}
	return to
}

// message freezes the incident as stakeholders should see it now.
func (e *Engine) message(st incident.State, kind updates.Kind, ev incident.Event) updates.Message {
	m := updates.Message{
		ID: st.ID + "/" + strconv.Itoa(ev.Seq), Kind: kind, At: ev.At,
		IncidentID: st.ID, Title: st.Title, Severity: st.Severity, Status: string(st.Status),
		Drill: st.Drill, DeclaredAt: st.DeclaredAt, Engineer: st.Engineer,
		Estimate: st.Estimate, StatusPage: e.statusURL, Links: st.Links,
	}
	m.TimeZone, m.Clock = e.opts.Config.Incident.TimeZone, e.timeStyleLocked().ClockName()
	if st.Active() {
		m.NextUpdateBy = schedule.NextUpdateDue(st, e.policy)
	}
	switch kind {
	case updates.KindDeclared:
		m.Impact, m.Known, m.Unknown, m.Plan = st.Impact, st.Known, st.Unknown, st.Plan
	case updates.KindNote, updates.KindNoChange, updates.KindHolding:
		if n := len(st.Notes); n > 0 {
			m.Note = st.Notes[n-1].Text
		}
	case updates.KindEstimate:
		if n := len(st.Revisions); n > 0 {
			m.PreviousEstimate, m.Why = st.Revisions[n-1].From, st.Revisions[n-1].Why
		}
	case updates.KindResolved:
		m.ResolvedAt, m.Summary, m.RootCause = st.ResolvedAt, st.Summary, st.RootCause
	}
	return m
}

// Record makes an outbox event durable in its incident's journal: the live
// one, or a resolved incident's whose deliveries are still draining.
func (e *Engine) Record(incidentID, kind string, data any) error {
	e.mu.Lock()
	if err := e.faults.record; err != nil {
		e.mu.Unlock()
		return err
	}
	ended, err := e.recordLocked(incidentID, kind, data)
	if d, ok := data.(updates.Delivered); ok && err == nil && !ended {
		e.adoptFoundLocked(d.Channel) // link.go
	}
	e.mu.Unlock()
	if err == nil && ended && settles(data) {
		// The post-mortem was written at resolve: what became of the
		// all-clear, and the shield going down, must be in it too.
		e.rewritePostMortem(incidentID)
	}
	return err
}

// recordLocked appends an outbox event to its incident's journal: the
// live one, or else a resolved incident's (recordEndedLocked), which ended
// reports: its post-mortem, written at resolve, may have to be written
// again. Callers hold e.mu.
func (e *Engine) recordLocked(incidentID, kind string, data any) (ended bool, err error) {
	if e.journal != nil && e.state.ID == incidentID {
		return false, e.appendLocked(e.now(), kind, data)
	}
	return true, e.recordEndedLocked(incidentID, kind, data)
}

// settles reports whether an event recorded after the resolve changes the
// post-mortem's ending: a delivery, a final refusal, the shield put back.
// A try that will be retried does not (the outcome that follows it
// rewrites the post-mortem with it), so a channel failing for hours after
// the resolve does not replay the journal at each try.
func settles(data any) bool {
	switch d := data.(type) {
	case updates.Delivered:
		return true
	case updates.Failed:
		return d.Rejected || d.Dead
	case incident.ShieldRestored:
		return true
	}
	return false
}

// recordEndedLocked records an outbox event in a resolved incident's
// journal. Callers hold e.mu.
func (e *Engine) recordEndedLocked(incidentID, kind string, data any) error {
	j, ok := e.draining[incidentID]
	if !ok {
		if !validID(incidentID) {
			return fmt.Errorf("record %s: bad incident id %q", kind, incidentID)
		}
		var warnings []string
		var err error
		j, _, warnings, err = incident.OpenJournal(e.store.path(incidentID))
		if err != nil {
			return err
		}
		for _, w := range warnings {
			e.logf("warning: %s", w)
		}
		e.draining[incidentID] = j
	}
	_, err := e.appendTo(j, e.now(), kind, data)
	return err
}

// requeue finds stakeholder-facing events that never got their message
// queued — keepcool died between the two appends, or the second failed —
// and queues them now, so a note that was confirmed to the engineer always
// reaches stakeholders. Such a message may have been delivered already
// (publishLocked hands it to the outbox even when its EventQueued failed):
// it is queued to every recipient all the same, so the ledger holds it,
// and updates.Replay leaves it out of what a channel owes when that
// channel recorded its delivery, or a later message's.
//
// events continue st, the incident as it stood before them (nothing, or a
// snapshot). It says how many messages it queued.
func (e *Engine) requeue(st incident.State, events []incident.Event, ledger *updates.Ledger) (int, error) {
	queued := map[string]bool{}
	for _, m := range ledger.Messages {
		queued[m.ID] = true
	}
	told, n := ledger.Recipients(), 0
	for _, ev := range events {
		_ = st.Fold(ev)
		if queued[st.ID+"/"+strconv.Itoa(ev.Seq)] {
			continue
		}
		var m updates.Message
		var to []string
		if typ, ok := linkedByEngineer(ev); ok {
			m, to = e.recap(st, typ, ev) // link.go, as Link queues it
		} else if kind, ok := messageKind(ev); ok {
			m, to = e.message(st, kind, ev), e.recipientsLocked(st, kind, told)
		}
		if len(to) == 0 {
			continue
		}
		// Queued only in the journal: resume's Restore hands it to the outbox.
		if err := e.Record(st.ID, updates.EventQueued, updates.Queued{Message: m, Channels: to}); err != nil {
			return n, err
		}
		n++
		e.logf("queued %s message %s, which was recorded but not queued before keepcool stopped", m.Kind, m.ID)
	}
	return n, nil
}

// linkedByEngineer says, for a link the engineer made (`keepcool link`),
// the type of the channels it sent a summary to (recap). A link a channel
// found itself sends nothing.
func linkedByEngineer(ev incident.Event) (string, bool) {
	if ev.Kind != incident.KindLinked {
		return "", false
	}
	d, err := ev.Decode()
	if err != nil {
		return "", false // a damaged event sends nothing: the journal's reader reports it
	}
	l := d.(incident.Linked)
	return l.Type, l.Found == ""
}

// messageKind says which message an event sends, if any.
func messageKind(ev incident.Event) (updates.Kind, bool) {
	switch ev.Kind {
	case incident.KindDeclared:
		return updates.KindDeclared, true
	case incident.KindEstimateRevised:
		return updates.KindEstimate, true
	case incident.KindResolved:
		return updates.KindResolved, true
	case incident.KindNote:
		d, err := ev.Decode()
		if err != nil {
			return "", false // a damaged note sends nothing: the journal's reader reports it
		}
		n := d.(incident.NoteAdded)
		switch n.Kind {
		case incident.NoteNoChange:
			return updates.KindNoChange, true
		case incident.NoteHolding:
			return updates.KindHolding, true
		}
		return updates.KindNote, true
	}
	return "", false
}
