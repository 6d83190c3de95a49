package statuspage

import (
	"context"
	"encoding/json"
	"sort"
	"sync"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// MaxTimeline bounds how many messages one incident keeps: the page shows
// the latest, as `keepcool status` shows the last 50 notes, and counts them
// all (notes_total). A long incident's page and every SSE event stay small,
// and a start seeds the page with MaxTimeline messages, not thousands. The
// first message, the declaration, is always kept: it holds the situation.
const MaxTimeline = 50

// heartbeatEvery keeps idle SSE streams open through proxies and lets a
// client notice a dead server; 15 s is well under common 30–60 s idle cuts.
const heartbeatEvery = 15 * time.Second

// Page is the live status page: it remembers the current incident's
// messages, and those of the incidents before it (MaxRecent in all), and
// serves them as HTML, SSE, JSON, Atom, a banner and Statuspage's v2 API.
// It is safe for concurrent use.
type Page struct {
	name      string
	now       func() time.Time
	heartbeat time.Duration // between comments on idle streams
	stall     time.Duration // longest one write to a viewer may take
	hub       *hub

	mu       sync.Mutex
	inc      *record         // nil while no incident has been seen
	past     []*record       // the incidents before inc, newest first: MaxRecent-1 at most
	lastTest updates.Message // the last `keepcool channels test`, shown in the footer
	version  uint64          // bumped by every change, so rendered pages can be reused
}

// record is one incident as the page knows it: its messages in time order
// (the first and the latest), and how many it has had.
type record struct {
	id    string
	msgs  []updates.Message
	total int
	view  *IncidentView // as last built for the page's past incidents; nil after a change
}

// New returns an empty page; now is the clock used for "elapsed" and
// "overdue" when rendering.
func New(name string, now func() time.Time) *Page {
	return &Page{name: name, now: now, heartbeat: heartbeatEvery, stall: stallLimit, hub: newHub(maxClients)}
}

// Name is the channel's name in status and delivery records.
func (p *Page) Name() string { return p.name }

// Send records m as the current incident's latest state and pushes it to
// every open page. It never fails: the page is memory, and a viewer that
// cannot keep up is resynced rather than waited for.
func (p *Page) Send(_ context.Context, m updates.Message) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.apply(m)
	p.publishLocked()
	return nil
}

// Seed replaces what the page knows with msgs, the latest incident's
// messages so far in order, when the engine starts: all of them, or its
// first and latest MaxTimeline (updates.Ledger.Tail) when total says how
// many it has in all.
// The incidents before it are forgotten: SeedRecent seeds them too.
func (p *Page) Seed(msgs []updates.Message, total int) {
	p.SeedRecent([]Seeded{{Msgs: msgs, Total: total}})
}

// Close ends every open event stream, so an http.Server's Shutdown does not
// wait on them (register it with RegisterOnShutdown). Browsers reconnect to
// whatever serves the page next.
func (p *Page) Close() { p.hub.close() }

// apply folds one message into the state. Callers hold p.mu.
func (p *Page) apply(m updates.Message) {
	p.version++
	m = sanitize(m)
	if m.Kind == updates.KindTest {
		p.lastTest = m
		return
	}
	if p.inc != nil && m.IncidentID != p.inc.id {
		if r := p.pastRecord(m.IncidentID); r != nil {
			r.add(m) // a late retry from an older incident: it stays in the past
			return
		}
		if m.At.Before(p.inc.latest().At) {
			return // a late retry from a forgotten incident must not replace the current one
		}
		p.retireLocked()
	}
	if p.inc == nil {
		p.inc = &record{id: m.IncidentID}
	}
	p.inc.add(m)
}

// add inserts m in time order. A message seen before (same ID: a retry after
// a crash, or Seed followed by the outbox resuming) replaces its first copy.
func (r *record) add(m updates.Message) {
	r.view = nil
	if m.ID != "" {
		for i := range r.msgs {
			if r.msgs[i].ID == m.ID {
				r.msgs[i] = m
				return
			}
		}
	}
	r.total++
	i := sort.Search(len(r.msgs), func(i int) bool { return r.msgs[i].At.After(m.At) })
	r.msgs = append(r.msgs, updates.Message{})
	copy(r.msgs[i+1:], r.msgs[i:])
	r.msgs[i] = m
	if len(r.msgs) > MaxTimeline {
		r.msgs = append(r.msgs[:1], r.msgs[2:]...)
	}
}

func (r *record) latest() updates.Message { return r.msgs[len(r.msgs)-1] }

// snapshotLocked is the current view. Callers hold p.mu.
func (p *Page) snapshotLocked() View {
	v := View{GeneratedAt: p.now(), LastTestAt: p.lastTest.At}
	if !p.lastTest.At.IsZero() {
		v.LastTest = p.lastTest.Style().Time(p.lastTest.At, v.GeneratedAt)
		v.TimeZone = p.lastTest.Style().ZoneName(p.lastTest.At)
	}
	if p.inc != nil {
		v.Incident = buildIncident(p.inc.msgs, v.GeneratedAt)
		v.Incident.NotesTotal = p.inc.total
		v.TimeZone = v.Incident.TimeZone
	}
	v.Recent = p.pastViewsLocked(v.GeneratedAt)
	return v
}

// snapshot is the current view, for handlers.
func (p *Page) snapshot() View {
	v, _ := p.versioned()
	return v
}

// stamp is what a rendered page depends on: the state's version and the
// clock's second.
func (p *Page) stamp() (version uint64, second int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.version, p.now().Unix()
}

// versioned is the current view and the version of the state it shows.
func (p *Page) versioned() (View, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.snapshotLocked(), p.version
}

// publishLocked sends the current view to every stream. Holding p.mu keeps
// streams seeing states in the order Send recorded them.
func (p *Page) publishLocked() {
	p.hub.publish(p.eventLocked())
}

// eventLocked is the current view as one SSE event, encoded once and
// shared by every client.
func (p *Page) eventLocked() []byte {
	v := p.snapshotLocked()
	v.Recent = withoutTimelines(v.Recent)
	b, err := json.Marshal(v)
	if err != nil { // only a time past year 9999 fails; show the calm state rather than nothing
		b = []byte(`{"incident":null}`)
	}
	ev := make([]byte, 0, len(b)+32)
	ev = append(ev, "event: state\ndata: "...)
	ev = append(ev, b...)
	return append(ev, "\n\n"...)
}
