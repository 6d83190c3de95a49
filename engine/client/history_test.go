package client

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
)

// decodeHistory (what History decodes with, for the CLI and the app
// alike) reads what the engine's encoding/json wrote exactly as
// encoding/json reads it.
func TestDecodeHistory(t *testing.T) {
	at := time.Date(2026, 3, 9, 9, 0, 0, 0, time.FixedZone("CET", 3600))
	end := at.Add(time.Hour)
	miss := postmortem.Seconds(1500)
	h := []api.HistoryEntry{
		{ID: "20260309-090000-checkout", Title: "Checkout returns 500s", Severity: 2, Status: "resolved", Drill: true, Scenario: "db-failover",
			DeclaredAt: at, ResolvedAt: &end, Notes: 3, Figures: &postmortem.Figures{Updates: 3, MissedPromises: 1, MedianLateness: 60,
				FirstEstimate: postmortem.Range{Min: 1800, Max: 5400}, FirstEstimateError: &miss}},
		{ID: "20260308-090000-login", Title: "Login times out", Severity: 1, Status: "investigating", DeclaredAt: at.Add(-24 * time.Hour)},
	}
	raw, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var want []api.HistoryEntry
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	got, err := decodeHistory(append(raw, '\n'))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v (%v), want %+v", got, err, want)
	}
	// A newer engine's extra fields are skipped, not refused.
	if got, err := decodeHistory([]byte(`[{"id":"x","from_the_future":1}]`)); err != nil || len(got) != 1 || got[0].ID != "x" {
		t.Errorf("an unknown field: %+v %v", got, err)
	}
	if _, err := decodeHistory([]byte(`{"not":"an array"}`)); err == nil || !strings.Contains(err.Error(), "same version") {
		t.Errorf("a wrong answer: %v", err)
	}
}
