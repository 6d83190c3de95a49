package statuspage

import (
	"slices"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// MaxRecent is how many incidents the page, its feed and its JSON keep:
// the current (or latest) one and the nine before it, whatever their age,
// each as its first and latest MaxTimeline messages. A reader that polls
// after the next incident is declared still finds the previous one and its
// all-clear; ten incidents of 50 messages keep the page small and its
// renders cheap. An age limit would make the page change with the clock
// alone, and a quiet team's last incident vanish from its own page.
const MaxRecent = 10

// Seeded is one incident's messages as a Seed gets them: all of them, or
// its first and latest MaxTimeline (updates.Ledger.Tail) with Total saying
// how many it has in all.
type Seeded struct {
	Msgs  []updates.Message
	Total int
}

// SeedRecent replaces what the page knows with incidents, oldest first,
// the last being the latest: the engine's recent history when it starts.
// Only the last MaxRecent are kept.
func (p *Page) SeedRecent(incidents []Seeded) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.inc, p.past = nil, nil
	p.version++
	// In the order they were declared, not as given: two incidents declared
	// in one second have ids that sort by title, and applying the later-named
	// but earlier-declared one second would look like a late retry of an
	// incident the page forgot, and drop it.
	incidents = slices.Clone(incidents)
	slices.SortStableFunc(incidents, func(a, b Seeded) int { return firstAt(a).Compare(firstAt(b)) })
	for _, s := range incidents {
		for _, m := range s.Msgs {
			p.apply(m)
		}
		if p.inc != nil && len(s.Msgs) > 0 && p.inc.id == s.Msgs[len(s.Msgs)-1].IncidentID {
			p.inc.total = max(p.inc.total, s.Total)
		}
	}
	p.publishLocked()
}

// firstAt is when a seeded incident's first kept message was made (its
// declaration, as MaxTimeline keeps the first); zero for none.
func firstAt(s Seeded) time.Time {
	if len(s.Msgs) == 0 {
		return time.Time{}
	}
	return s.Msgs[0].At
}

// retireLocked moves the current incident to the past ones, newest first,
// when another is declared. Callers hold p.mu.
func (p *Page) retireLocked() {
	if p.inc == nil {
		return
	}
	p.past = append([]*record{p.inc}, p.past...)
	if len(p.past) > MaxRecent-1 {
		p.past = p.past[:MaxRecent-1]
	}
	p.inc = nil
}

// pastRecord is the kept past incident id, nil when none is.
func (p *Page) pastRecord(id string) *record {
	for _, r := range p.past {
		if r.id == id {
			return r
		}
	}
	return nil
}

// recentLocked is every kept incident, newest first: the current one (when
// there is one), then the past ones. Callers hold p.mu.
func (p *Page) recentLocked() []*record {
	out := make([]*record, 0, len(p.past)+1)
	if p.inc != nil {
		out = append(out, p.inc)
	}
	return append(out, p.past...)
}

// pastViews are the past incidents as the page shows them, newest first.
// A resolved one's view does not change with the clock: it is built once
// per change of the incident and reused by every render after.
func (p *Page) pastViewsLocked(now time.Time) []IncidentView {
	out := make([]IncidentView, 0, len(p.past))
	for _, r := range p.past {
		if r.view == nil || !r.view.Resolved {
			r.view = buildIncident(r.msgs, now)
			r.view.NotesTotal = r.total
		}
		out = append(out, *r.view)
	}
	return out
}

// withoutTimelines is views with their timelines left out: the page's event
// stream carries the past incidents' headlines and all-clears only, so
// every update stays small however long the past incidents were.
func withoutTimelines(views []IncidentView) []IncidentView {
	out := make([]IncidentView, len(views))
	for i, v := range views {
		v.Timeline = []Entry{}
		out[i] = v
	}
	return out
}
