package incident

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Every kind incident writes decodes to its own type, as written.
func TestDecodeEveryKind(t *testing.T) {
	est := Estimate{MinAt: t0.Add(time.Hour), MaxAt: t0.Add(2 * time.Hour)}
	for kind, data := range map[string]any{
		KindDeclared:        Declared{ID: "inc", Title: "db down", Severity: 2, Estimate: est, Runbook: &Runbook{Name: "db", Items: []string{"fail over"}}},
		KindNote:            NoteAdded{Kind: NoteHolding, Text: "still on it", Promised: t0.Add(30 * time.Minute)},
		KindEstimateRevised: EstimateRevised{Estimate: est, Why: "replica slow"},
		KindStatusChanged:   StatusChanged{Status: Identified},
		KindSnoozed:         Snoozed{Until: t0.Add(10 * time.Minute)},
		KindPrompted:        Prompted{Reason: PromptEstimate, For: t0.Add(2 * time.Hour)},
		KindResolved:        Resolution{Summary: "back", RootCause: "disk"},
		KindShieldSaved:     ShieldSaved{Backend: "gnome", Saved: json.RawMessage(`{"dnd":false}`)},
		KindShieldRestored:  ShieldRestored{Backend: "gnome", Reason: "quit"},
		KindChecklistTicked: ChecklistTicked{Item: 1, Text: "fail over", Note: "took 3 min"},
		KindScenarioEvent:   ScenarioEvent{Kind: "channel_fails", Channel: "ops", Text: "ops fails"},
	} {
		got, err := mustEvent(t, t0, kind, data).Decode()
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			continue
		}
		if !reflect.DeepEqual(got, data) {
			t.Errorf("%s decoded to %#v, want %#v", kind, got, data)
		}
	}
}

// A kind nobody registered is no error: it decodes to an Unknown that
// keeps what was stored, for the timeline.
func TestDecodeUnknownKind(t *testing.T) {
	e := Event{Seq: 4, At: t0, Kind: "paged", Data: json.RawMessage(`{"who":"ana"}`)}
	got, err := e.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := got.(Unknown); !ok || u.Kind != "paged" || string(u.Data) != `{"who":"ana"}` {
		t.Fatalf("decoded to %#v, want an Unknown with the kind and data", got)
	}
}

// Data that does not read as its kind says is an error, and no value.
func TestDecodeDamagedData(t *testing.T) {
	for _, data := range []string{`{"kind":1}`, `{"title":`, ``} {
		got, err := Event{Seq: 2, At: t0, Kind: KindNote, Data: json.RawMessage(data)}.Decode()
		if err == nil || got != nil {
			t.Errorf("data %q decoded to %#v, error %v; want an error", data, got, err)
		}
	}
}

type paged struct {
	Who string `json:"who"`
}

// Another package's kind decodes once registered; registering it twice
// is a mistake said at once.
func TestRegister(t *testing.T) {
	const kind = "test_paged"
	Register[paged](kind)
	t.Cleanup(func() { delete(kinds, kind) })
	got, err := Event{Kind: kind, Data: json.RawMessage(`{"who":"ana"}`)}.Decode()
	if err != nil || got != (paged{Who: "ana"}) {
		t.Fatalf("decoded to %#v, %v", got, err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), kind) {
			t.Fatalf("registering %s twice: recovered %v, want a panic naming it", kind, r)
		}
	}()
	Register[paged](kind)
}
