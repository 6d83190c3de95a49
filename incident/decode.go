package incident

import (
	"encoding/json"
	"fmt"
)

// Decode is the one reader of an event's data: the typed value of its
// kind (a Declared for KindDeclared, a NoteAdded for KindNote, …; the
// outbox's kinds as package updates registers them). An event of a kind
// no package registered decodes to an Unknown, without error: an older
// keepcool keeps a newer journal's events in the timeline. An error is
// data that does not decode as its kind says: a damaged event, which a
// reader shows as unreadable rather than leave a silent gap.
func (e Event) Decode() (any, error) {
	decode, ok := kinds[e.Kind]
	if !ok {
		return Unknown{Kind: e.Kind, Data: e.Data}, nil
	}
	return decode(e.Data)
}

// Unknown is what Decode gives for an event of a kind no package
// registered: its kind and its data as stored.
type Unknown struct {
	Kind string
	Data json.RawMessage
}

// Register makes Decode read events of kind as a T: a package that writes
// its own kinds to the journal (the outbox: package updates) registers
// them in its init, so that incident need not import it. Call it from an
// init function only (Decode reads the table unlocked). A kind is
// registered once: registering it again is a programming error and panics.
func Register[T any](kind string) {
	if _, dup := kinds[kind]; dup {
		panic(fmt.Sprintf("incident.Register: event kind %q is registered twice", kind))
	}
	kinds[kind] = as[T]
}

// as decodes data as a T.
func as[T any](data json.RawMessage) (any, error) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// kinds maps each known event kind to its decoder: incident's own here,
// others' through Register.
var kinds = map[string]func(json.RawMessage) (any, error){
	KindDeclared:        as[Declared],
	KindNote:            as[NoteAdded],
	KindEstimateRevised: as[EstimateRevised],
	KindStatusChanged:   as[StatusChanged],
	KindSnoozed:         as[Snoozed],
	KindPrompted:        as[Prompted],
	KindResolved:        as[Resolution],
	KindShieldSaved:     as[ShieldSaved],
	KindShieldRestored:  as[ShieldRestored],
	KindChecklistTicked: as[ChecklistTicked],
	KindScenarioEvent:   as[ScenarioEvent],
	KindLinked:          as[Linked],
}
