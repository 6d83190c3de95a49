package incident

import (
	"testing"
	"time"
)

// A link made after the declaration sets (or corrects) the incident's
// link of that type and keeps the others; a copy taken before it keeps
// the links it had.
func TestLinkedSetsTheLink(t *testing.T) {
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	ev := func(seq int, kind string, data any) Event {
		e, err := NewEvent(at, kind, data)
		if err != nil {
			t.Fatal(err)
		}
		e.Seq = seq
		return e
	}
	s, errs := Project([]Event{
		ev(1, KindDeclared, Declared{ID: "i", Title: "x", Severity: 2, Links: map[string]string{"other": "A1"}}),
	})
	if errs != nil {
		t.Fatal(errs)
	}
	before := s
	for i, id := range []string{"PT4KHLK", "Q1ABC"} {
		if err := s.Apply(ev(2+i, KindLinked, Linked{Type: "pagerduty", ID: id})); err != nil {
			t.Fatal(err)
		}
		if s.Links["pagerduty"] != id || s.Links["other"] != "A1" {
			t.Errorf("after linking %s: links %v", id, s.Links)
		}
	}
	if _, ok := before.Links["pagerduty"]; ok {
		t.Errorf("a copy taken before the link has it: %v", before.Links)
	}
	v, err := ev(9, KindLinked, Linked{Type: "pagerduty", ID: "P1", Found: "pd"}).Decode()
	if l, ok := v.(Linked); err != nil || !ok || l.Found != "pd" {
		t.Errorf("Decode: %#v, %v", v, err)
	}
}
