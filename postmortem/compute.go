package postmortem

import (
	"cmp"
	"slices"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// Compute works out an incident's figures from its state as replayed from
// its journal, Events included: the promises are read from the messages
// queued to stakeholders (updates.EventQueued), so a state without its
// events has no promises.
func Compute(st incident.State) Figures { return compute(st, Promises(st.Events)) }

// compute is Compute with st's promises already read.
func compute(st incident.State, promises []Promise) Figures {
	var f Figures
	if !st.StartedAt.IsZero() && !st.DeclaredAt.IsZero() {
		f.TimeToDeclare = span(st.DeclaredAt.Sub(st.StartedAt))
	}
	if !st.ResolvedAt.IsZero() {
		f.Duration = span(st.ResolvedAt.Sub(st.DeclaredAt))
	}
	for _, n := range notesOf(st) {
		if n.Kind != incident.NoteProgress && n.Kind != incident.NoteNoChange {
			continue
		}
		if f.Updates == 0 {
			f.TimeToFirstUpdate = span(n.At.Sub(st.DeclaredAt))
		}
		f.Updates++
	}
	punctuality(&f, promises)
	estimates(&f, st)
	return f
}

// notesOf is every note of the incident: from its events when it has them
// (a live state may have trimmed its notes), else its notes.
func notesOf(st incident.State) []incident.Note {
	if len(st.Events) == 0 {
		return st.Notes
	}
	var out []incident.Note
	for _, e := range st.Events {
		if e.Kind != incident.KindNote {
			continue
		}
		if v, err := e.Decode(); err == nil {
			d := v.(incident.NoteAdded)
			out = append(out, incident.Note{At: e.At, Kind: d.Kind, Text: d.Text, Promised: d.Promised})
		}
	}
	return out
}

// Promise is one next-update time stakeholders were promised, and how it
// went.
type Promise struct {
	MessageID string    // the message that made it
	Made      time.Time // when that message was made
	By        time.Time // the promised time
	// Came says the promise has come: an update or a holding message
	// followed. A promise still open says nothing yet.
	Came bool
	// Missed: a holding message went out instead of an update.
	Missed bool
	// UpdateAt is when the next update came (zero: none yet), and Late how
	// long after By that was (0 when in time; for a missed promise with no
	// update after it, until the last holding message).
	UpdateAt time.Time
	Late     time.Duration
}

// Kept reports a promise an update met in time.
func (p Promise) Kept() bool { return p.Came && !p.Missed && p.Late == 0 }

// sent is one message queued to stakeholders, once however many channels
// it went to (a message queued again after a crash counts once).
type sent struct {
	id   string
	kind updates.Kind
	at   time.Time
	by   time.Time
	seq  int // of the event it was made from
}

// messages lists the messages queued in the events, once each, in the
// order of the events they were made from; not a link's summary.
func messages(events []incident.Event) []sent {
	var out []sent
	seen := map[string]bool{}
	for _, e := range events {
		if e.Kind != updates.EventQueued {
			continue
		}
		v, err := e.Decode()
		if err != nil {
			continue
		}
		q := v.(updates.Queued)
		// A link's summary (Recap) repeats the promise in force to the
		// linked tool only: it is not the update that answered one.
		if seen[q.Message.ID] || q.Message.Kind == updates.KindTest || q.Message.Recap {
			continue
		}
		seen[q.Message.ID] = true
		at := q.Message.At
		if at.IsZero() {
			at = e.At
		}
		seq, _ := updates.MessageSeq(q.Message.ID)
		out = append(out, sent{id: q.Message.ID, kind: q.Message.Kind, at: at, by: q.Message.NextUpdateBy, seq: seq})
	}
	// In the order of the events they were made from: a message whose
	// queueing was lost is queued again later, at the next start.
	slices.SortStableFunc(out, func(a, b sent) int { return cmp.Compare(a.seq, b.seq) })
	return out
}

// Promises lists every next-update time the incident's messages promised,
// in order, each judged by what came after it: the next update that was
// not a holding message (a note, a no-change, a new estimate or status,
// the all-clear), and whether a holding message went before it.
//
// Times are judged to the second, as the post-mortem shows them: messages
// in a row promising the same second (several updates in one second) make
// one promise, the earliest, judged by what came after the last of them;
// an update within the promised second is in time.
func Promises(events []incident.Event) []Promise {
	msgs := messages(events)
	var out []Promise
	for i := 0; i < len(msgs); i++ {
		m := msgs[i]
		if m.by.IsZero() {
			continue
		}
		p := Promise{MessageID: m.id, Made: m.at, By: m.by}
		for i+1 < len(msgs) && msgs[i+1].kind != updates.KindHolding && sameSecond(msgs[i+1].by, m.by) {
			i++
		}
		var lastHolding time.Time
		for _, n := range msgs[i+1:] {
			if n.kind == updates.KindHolding {
				p.Came, p.Missed, lastHolding = true, true, n.at
				continue
			}
			p.Came, p.UpdateAt = true, n.at
			break
		}
		switch {
		case !p.UpdateAt.IsZero():
			p.Late = lateBy(p.UpdateAt, p.By)
		case p.Missed:
			p.Late = lateBy(lastHolding, p.By)
		}
		out = append(out, p)
	}
	return out
}

// lateBy is how long after due at came, to the second as both read: 0
// when at is within due's second or before it.
func lateBy(at, due time.Time) time.Duration {
	return max(at.Truncate(time.Second).Sub(due.Truncate(time.Second)), 0)
}

func sameSecond(a, b time.Time) bool {
	return a.Truncate(time.Second).Equal(b.Truncate(time.Second))
}

// punctuality counts the promises that have come.
func punctuality(f *Figures, ps []Promise) {
	var late []Seconds
	for _, p := range ps {
		if !p.Came {
			continue
		}
		f.Promises++
		switch {
		case p.Missed:
			f.MissedPromises++
		case p.Kept():
			f.PromisesKept++
		}
		late = append(late, SecondsOf(p.Late))
	}
	if len(late) == 0 {
		return
	}
	f.MedianLateness = Median(late) // sorts late
	f.WorstLateness = late[len(late)-1]
}

// estimates fills the first and final estimate, the revisions and, once
// resolved, where the fix landed against each.
func estimates(f *Figures, st incident.State) {
	first, firstAt := st.Estimate, st.DeclaredAt
	final, finalAt := st.Estimate, st.DeclaredAt
	if n := len(st.Revisions); n > 0 {
		first = st.Revisions[0].From
		finalAt = st.Revisions[n-1].At
	}
	f.EstimateRevisions = len(st.Revisions)
	if first.IsZero() {
		return
	}
	f.FirstEstimate = RangeOf(first, firstAt)
	f.FinalEstimate = RangeOf(final, finalAt)
	if st.ResolvedAt.IsZero() {
		return
	}
	f.FirstEstimateError = estimateError(first, st.ResolvedAt)
	f.FinalEstimateError = estimateError(final, st.ResolvedAt)
}

// RangeOf is estimate e as a range of spans from given, when it was given
// (in whole seconds, as Figures keep it).
func RangeOf(e incident.Estimate, given time.Time) Range {
	return Range{Min: SecondsOf(e.MinAt.Sub(given)), Max: SecondsOf(e.MaxAt.Sub(given))}
}

// estimateError is where fixed landed against e: 0 inside, positive after
// its upper bound, negative before its lower bound.
func estimateError(e incident.Estimate, fixed time.Time) *Seconds {
	switch {
	case fixed.After(e.MaxAt):
		return span(fixed.Sub(e.MaxAt))
	case fixed.Before(e.MinAt):
		s := -SecondsOf(e.MinAt.Sub(fixed))
		return &s
	}
	var zero Seconds
	return &zero
}

// span is d as a Seconds to point at, never negative: a clock stepped back
// between two events does not make a negative span.
func span(d time.Duration) *Seconds {
	s := SecondsOf(max(d, 0))
	return &s
}
