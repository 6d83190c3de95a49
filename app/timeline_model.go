//go:build cgo

package app

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// tickState is how one channel fared with one message.
type tickState int

const (
	tickPending   tickState = iota // queued, no try finished yet
	tickDelivered                  // ✓
	tickRetrying                   // ⟳ a try failed, another is due
	tickDead                       // ✗ given up: the channel is dead
)

// glyph is the tick's mark, as the timeline shows it.
func (s tickState) glyph() string {
	return [...]string{"…", "✓", "⟳", "✗"}[s]
}

func (s tickState) String() string {
	return [...]string{"queued", "delivered", "retrying", "dead"}[s]
}

// tick is one channel's delivery of one timeline entry's message.
type tick struct {
	Channel string
	State   tickState
	Detail  string // the last error, for a retrying or dead channel
}

// entryKind picks an entry's icon and emphasis.
type entryKind int

const (
	entryDeclared entryKind = iota
	entryUpdate
	entryQuiet // no change, snooze, prompts: part of the record, not news
	entryWarning
	entryResolved
)

// entry is one line of the timeline.
type entry struct {
	At    time.Time
	Kind  entryKind
	Text  string
	Ticks []tick
	seq   int
}

// timeline is an incident and what happened in it, oldest first.
type timeline struct {
	Incident api.Incident
	Entries  []entry
}

// parseTimeline reads `keepcool export --format json`: the incident and its
// journal. Stakeholder-facing events become entries; the outbox's events
// become the ticks of the entry whose message they deliver.
func parseTimeline(b []byte, loc *time.Location) (timeline, error) {
	var doc struct {
		Incident api.Incident     `json:"incident"`
		Events   []incident.Event `json:"events"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return timeline{}, fmt.Errorf("read the incident's timeline: %w", err)
	}
	tl := timeline{Incident: doc.Incident}
	bySeq := map[int]int{} // event seq → index in Entries
	for _, ev := range doc.Events {
		if e, ok := describe(ev, loc); ok {
			bySeq[ev.Seq] = len(tl.Entries)
			tl.Entries = append(tl.Entries, e)
		}
	}
	dead := map[string]bool{} // channel → dead as of the latest event
	for _, ev := range doc.Events {
		applyDelivery(&tl, bySeq, ev, dead)
	}
	holdForDead(&tl, dead)
	return tl, nil
}

// holdForDead marks what a dead channel still holds as not delivered: it
// sends nothing more until a test revives it.
func holdForDead(tl *timeline, dead map[string]bool) {
	for i := range tl.Entries {
		for j := range tl.Entries[i].Ticks {
			tk := &tl.Entries[i].Ticks[j]
			if tk.State == tickPending && dead[tk.Channel] {
				tk.State, tk.Detail = tickDead, "held: the channel is dead until a test message gets through"
			}
		}
	}
}

// describe turns one journal event into a timeline entry, if it is one.
func describe(ev incident.Event, loc *time.Location) (entry, bool) {
	e := entry{At: ev.At, seq: ev.Seq}
	switch ev.Kind {
	case incident.KindDeclared:
		var d incident.Declared
		json.Unmarshal(ev.Data, &d)
		e.Kind = entryDeclared
		e.Text = fmt.Sprintf("Declared SEV%d: %s. Fix expected %s.", d.Severity, d.Title,
			fixRange(api.Estimate{MinAt: d.Estimate.MinAt, MaxAt: d.Estimate.MaxAt}, loc))
		if d.Impact != "" {
			e.Text += " Impact: " + d.Impact
		}
	case incident.KindNote:
		var n incident.NoteAdded
		json.Unmarshal(ev.Data, &n)
		e.Kind, e.Text = noteEntry(n, loc)
	case incident.KindEstimateRevised:
		var r incident.EstimateRevised
		json.Unmarshal(ev.Data, &r)
		e.Kind = entryUpdate
		e.Text = "Estimate revised: fix expected " + fixRange(api.Estimate{MinAt: r.Estimate.MinAt, MaxAt: r.Estimate.MaxAt}, loc)
		if r.Why != "" {
			e.Text += " — " + r.Why
		}
	case incident.KindStatusChanged:
		var s incident.StatusChanged
		json.Unmarshal(ev.Data, &s)
		e.Kind, e.Text = entryUpdate, "Status: "+string(s.Status)
	case incident.KindSnoozed:
		var s incident.Snoozed
		json.Unmarshal(ev.Data, &s)
		e.Kind, e.Text = entryQuiet, "Prompts snoozed until "+clock(s.Until, loc)
	case incident.KindPrompted:
		var p incident.Prompted
		json.Unmarshal(ev.Data, &p)
		e.Kind, e.Text = entryQuiet, "Asked for an update"
		if p.Reason == incident.PromptEstimate {
			e.Kind, e.Text = entryWarning, "The estimate passed: asked for a new one"
		}
	case incident.KindResolved:
		var r incident.Resolution
		json.Unmarshal(ev.Data, &r)
		e.Kind, e.Text = entryResolved, "Resolved."
		if r.Summary != "" {
			e.Text += " " + r.Summary
		}
		if r.RootCause != "" {
			e.Text += " Root cause: " + r.RootCause
		}
	case incident.KindShieldSaved:
		var sh incident.ShieldSaved
		json.Unmarshal(ev.Data, &sh)
		e.Kind, e.Text = entryQuiet, "Focus shield up: "+shieldPart(sh.Backend)
	case incident.KindShieldRestored:
		var sh incident.ShieldRestored
		json.Unmarshal(ev.Data, &sh)
		e.Kind, e.Text = entryQuiet, "Focus shield: "+shieldName(sh.Backend)+" put back as it was"
		if sh.Reason == "start" {
			e.Text += " (when keepcool started again)"
		}
	default:
		return entry{}, false
	}
	return e, true
}

func noteEntry(n incident.NoteAdded, loc *time.Location) (entryKind, string) {
	switch n.Kind {
	case incident.NoteNoChange:
		return entryQuiet, "No change"
	case incident.NoteHolding:
		text := "Holding message sent: an update was missed"
		if !n.Promised.IsZero() {
			text = "Holding message sent: the " + clock(n.Promised, loc) + " update was missed"
		}
		return entryWarning, text
	}
	return entryUpdate, n.Text
}

// applyDelivery moves a tick of the entry whose message ev is about.
func applyDelivery(tl *timeline, bySeq map[int]int, ev incident.Event, dead map[string]bool) {
	switch ev.Kind {
	case updates.EventQueued:
		var q updates.Queued
		if json.Unmarshal(ev.Data, &q) != nil {
			return
		}
		if e := entryFor(tl, bySeq, q.Message.ID); e != nil {
			for _, name := range q.Channels {
				e.setTick(name, tickPending, "")
			}
		}
	case updates.EventDelivered:
		var d updates.Delivered
		if json.Unmarshal(ev.Data, &d) == nil {
			dead[d.Channel] = false
			if e := entryFor(tl, bySeq, d.MessageID); e != nil {
				e.setTick(d.Channel, tickDelivered, "")
			}
		}
	case updates.EventFailed:
		var f updates.Failed
		if json.Unmarshal(ev.Data, &f) != nil {
			return
		}
		state := tickRetrying
		if f.Dead {
			state = tickDead
		}
		dead[f.Channel] = f.Dead
		if e := entryFor(tl, bySeq, f.MessageID); e != nil {
			e.setTick(f.Channel, state, f.Error)
		}
	}
}

// entryFor finds the entry of a message: its ID is "<incident>/<seq>" of
// the event that caused it.
func entryFor(tl *timeline, bySeq map[int]int, messageID string) *entry {
	i := strings.LastIndexByte(messageID, '/')
	seq, err := strconv.Atoi(messageID[i+1:])
	if err != nil {
		return nil
	}
	idx, ok := bySeq[seq]
	if !ok {
		return nil
	}
	return &tl.Entries[idx]
}

// setTick records a channel's latest state; a delivery is final, so a
// stale failure replayed after it cannot undo the ✓.
func (e *entry) setTick(channel string, s tickState, detail string) {
	for i := range e.Ticks {
		if e.Ticks[i].Channel == channel {
			if e.Ticks[i].State != tickDelivered {
				e.Ticks[i].State, e.Ticks[i].Detail = s, detail
			}
			return
		}
	}
	e.Ticks = append(e.Ticks, tick{Channel: channel, State: s, Detail: detail})
}
