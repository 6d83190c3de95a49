package incident

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// The shield's saved state is replayed from the journal: saved, then put
// back, then saved again when the shield goes up once more.
func TestShieldProjection(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	var s State
	apply := func(kind string, data any) {
		t.Helper()
		ev, err := NewEvent(at, kind, data)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Apply(ev); err != nil {
			t.Fatal(err)
		}
	}
	apply(KindDeclared, Declared{ID: "x", Title: "t", Severity: 2})
	apply(KindShieldSaved, ShieldSaved{Backend: "gnome", Saved: json.RawMessage(`{"show_banners":true}`)})
	apply(KindShieldSaved, ShieldSaved{Backend: "kde"})
	want := map[string]json.RawMessage{"gnome": json.RawMessage(`{"show_banners":true}`), "kde": nil}
	if got := s.ShieldPending(); !reflect.DeepEqual(got, want) {
		t.Fatalf("pending %v, want %v", got, want)
	}
	apply(KindShieldRestored, ShieldRestored{Backend: "gnome", Reason: "quit"})
	apply(KindShieldRestored, ShieldRestored{Backend: "slack"}) // never saved: ignored
	if got := s.ShieldPending(); !reflect.DeepEqual(got, map[string]json.RawMessage{"kde": nil}) {
		t.Fatalf("after restore: pending %v", got)
	}
	apply(KindShieldSaved, ShieldSaved{Backend: "gnome", Saved: json.RawMessage(`{"show_banners":false}`)})
	if got := string(s.ShieldPending()["gnome"]); got != `{"show_banners":false}` {
		t.Fatalf("saved again: %s", got)
	}
}
