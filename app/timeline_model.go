//go:build cgo

package app

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
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
	When  string // At as the list shows it: "09:30:05", "Tue 00:10:05" (see stamp)
	Kind  entryKind
	Text  string
	Ticks []tick
	seq   int
}

// timeline is an incident and what happened in it, oldest first.
type timeline struct {
	Incident api.Incident
	Entries  []entry
	// Zone names the zone of every entry's time ("CET"), said once in the
	// header; "" when they are in two (DST began or ended), and each
	// entry's When names its own.
	Zone string
	// Figures are the post-mortem's, from the same journal: the header's
	// counts are its, so the two never disagree (the header counted every
	// note kept, holding messages too: "19 updates" beside "Updates
	// posted: 1").
	Figures postmortem.Figures
}

// parseTimeline reads `keepcool export --format json`: the incident and its
// journal. Stakeholder-facing events become entries; the outbox's events
// become the ticks of the entry whose message they deliver. Times read as
// ts says, against the incident's day: one on another day carries the day.
func parseTimeline(b []byte, ts timefmt.Style) (timeline, error) {
	var doc struct {
		Incident api.Incident     `json:"incident"`
		Events   []incident.Event `json:"events"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return timeline{}, fmt.Errorf("read the incident's timeline: %w", err)
	}
	st, _ := incident.Project(doc.Events) // what cannot be read shows as an entry below
	tl := timeline{Incident: doc.Incident, Figures: postmortem.Compute(st)}
	day := doc.Incident.DeclaredAt
	if day.IsZero() && len(doc.Events) > 0 {
		day = doc.Events[0].At
	}
	r := reading{ts, day}
	events := make([]readEvent, len(doc.Events))
	bySeq := map[int]int{} // event seq → index in Entries
	for i, ev := range doc.Events {
		events[i] = read(ev)
		if e, ok := describe(events[i], r); ok {
			bySeq[ev.Seq] = len(tl.Entries)
			tl.Entries = append(tl.Entries, e)
		}
	}
	dead := map[string]bool{} // channel → dead as of the latest event
	for _, ev := range events {
		applyDelivery(&tl, bySeq, ev, dead)
	}
	holdForDead(&tl, dead)
	tl.stamp(r)
	return tl, nil
}

// reading is how the timeline writes times: in the reader's style, each
// read against the incident's day, so that only a time on another day
// carries its day.
type reading struct {
	ts  timefmt.Style
	day time.Time // the incident's declaration
}

// time is t with its zone, and its day when not the incident's: "09:45 CET".
func (r reading) time(t time.Time) string { return r.ts.Time(t, r.day) }

// estimate is a fix range: "09:42–10:42 CET", "by Tue 10:00 CET".
func (r reading) estimate(e incident.Estimate) string {
	return estimateText(api.Estimate{MinAt: e.MinAt, MaxAt: e.MaxAt}, r.ts, r.day)
}

// stamp writes each entry's time for the list: to the second, with the
// day when not the incident's. One zone for all is named once (tl.Zone);
// two (DST began or ended) are named on each.
func (tl *timeline) stamp(r reading) {
	tl.Zone = ""
	if len(tl.Entries) > 0 {
		tl.Zone = r.ts.ZoneName(tl.Entries[0].At)
	}
	for _, e := range tl.Entries {
		if r.ts.ZoneName(e.At) != tl.Zone {
			tl.Zone = ""
		}
	}
	for i := range tl.Entries {
		e := &tl.Entries[i]
		e.When = r.ts.Day(e.At, r.day) + r.ts.ClockSeconds(e.At)
		if tl.Zone == "" {
			e.When += " " + r.ts.ZoneName(e.At)
		}
	}
}

// summary is the line under the headline, as the reader reads it at now:
// where it stands or when it ended, how many updates were posted and
// promises missed (as the post-mortem counts them), and the list's zone.
// It gives the declaration's day when not today: the list's times are read
// against it.
func (tl timeline) summary(ts timefmt.Style, now time.Time) string {
	inc := tl.Incident
	s := standingIn(inc, ts, now)
	if inc.ResolvedAt != nil {
		s = fmt.Sprintf("Declared %s, resolved %s after %s", ts.Time(inc.DeclaredAt, now),
			ts.Time(*inc.ResolvedAt, inc.DeclaredAt), span(inc.ResolvedAt.Sub(inc.DeclaredAt)))
	}
	s += " · " + plural(tl.Figures.Updates, "update") + " · " + plural(tl.Figures.MissedPromises, "missed promise")
	if tl.Zone != "" {
		s += " · times in " + tl.Zone
	}
	return s
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

// readEvent is one journal event with its data decoded
// (incident.Event.Decode), or why it cannot be.
type readEvent struct {
	incident.Event
	data any
	err  error
}

func read(ev incident.Event) readEvent {
	d, err := ev.Decode()
	return readEvent{ev, d, err}
}

// describe turns one journal event into a timeline entry, if it is one.
// An event that cannot be read is one: it says so, rather than show
// empty words or leave a silent gap.
func describe(ev readEvent, r reading) (entry, bool) {
	e := entry{At: ev.At, seq: ev.Seq}
	if ev.err != nil {
		e.Kind = entryWarning
		e.Text = fmt.Sprintf("Event %d (%s) could not be read and is left out: %v", ev.Seq, ev.Kind, ev.err)
		return e, true
	}
	switch d := ev.data.(type) {
	case incident.Declared:
		e.Kind = entryDeclared
		e.Text = fmt.Sprintf("Declared SEV%d: %s. Fix expected %s.", d.Severity, d.Title, r.estimate(d.Estimate))
		if d.Impact != "" {
			e.Text += " Impact: " + d.Impact
		}
	case incident.NoteAdded:
		e.Kind, e.Text = noteEntry(d, r)
	case incident.EstimateRevised:
		e.Kind = entryUpdate
		e.Text = "Estimate revised: fix expected " + r.estimate(d.Estimate)
		if d.Why != "" {
			e.Text += " — " + d.Why
		}
	case incident.StatusChanged:
		e.Kind, e.Text = entryUpdate, "Status: "+string(d.Status)
	case incident.Snoozed:
		e.Kind, e.Text = entryQuiet, "Prompts snoozed until "+r.time(d.Until)
	case incident.Prompted:
		e.Kind, e.Text = entryQuiet, "Asked for an update"
		if d.Reason == incident.PromptEstimate {
			e.Kind, e.Text = entryWarning, "The estimate passed: asked for a new one"
		}
	case incident.Resolution:
		e.Kind, e.Text = entryResolved, "Resolved."
		if d.Summary != "" {
			e.Text += " " + d.Summary
		}
		if d.RootCause != "" {
			e.Text += " Root cause: " + d.RootCause
		}
	case incident.ChecklistTicked:
		e.Kind, e.Text = entryQuiet, tickedText(d)
	case incident.Linked:
		e.Kind, e.Text = entryUpdate, d.Text()
	case incident.ScenarioEvent:
		e.Kind, e.Text = entryQuiet, "Drill scenario: "+cmp.Or(d.Text, d.Kind)
		if d.Channel != "" { // a channel made to fail: trouble to work around
			e.Kind = entryWarning
		}
	case incident.ShieldSaved:
		e.Kind, e.Text = entryQuiet, "Focus shield up: "+shieldPart(d.Backend)
	case incident.ShieldRestored:
		e.Kind, e.Text = entryQuiet, "Focus shield: "+shieldName(d.Backend)+" put back as it was"
		if d.Reason == "start" {
			e.Text += " (when keepcool started again)"
		}
	default:
		return entry{}, false
	}
	return e, true
}

func noteEntry(n incident.NoteAdded, r reading) (entryKind, string) {
	switch n.Kind {
	case incident.NoteNoChange:
		return entryQuiet, "No change"
	case incident.NoteHolding:
		text := "Holding message sent: an update was missed"
		if !n.Promised.IsZero() {
			text = "Holding message sent: the " + r.time(n.Promised) + " update was missed"
		}
		return entryWarning, text
	}
	return entryUpdate, n.Text
}

// applyDelivery moves a tick of the entry whose message ev is about.
func applyDelivery(tl *timeline, bySeq map[int]int, ev readEvent, dead map[string]bool) {
	switch d := ev.data.(type) {
	case updates.Queued:
		if e := entryFor(tl, bySeq, d.Message.ID); e != nil {
			for _, name := range d.Channels {
				e.setTick(name, tickPending, "")
			}
		}
	case updates.Delivered:
		dead[d.Channel] = false
		if e := entryFor(tl, bySeq, d.MessageID); e != nil {
			e.setTick(d.Channel, tickDelivered, "")
		}
	case updates.Failed:
		state := tickRetrying
		if d.Dead {
			state = tickDead
		}
		dead[d.Channel] = d.Dead
		if e := entryFor(tl, bySeq, d.MessageID); e != nil {
			e.setTick(d.Channel, state, d.Error)
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
