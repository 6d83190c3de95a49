package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
)

// pastEntry is an incident declared on day i of March 2026 at 09:00 UTC,
// resolved after took minutes, its first estimate 30–90 min and missed by
// miss minutes (0: held).
func pastEntry(i, sev int, took, miss float64, drill bool) api.HistoryEntry {
	at := time.Date(2026, 3, i, 9, 0, 0, 0, time.UTC)
	end := at.Add(time.Duration(took * float64(time.Minute)))
	s := func(m float64) *postmortem.Seconds { v := postmortem.Seconds(m * 60); return &v }
	return api.HistoryEntry{ID: at.Format("20060102-150405") + "-checkout", Title: "Checkout returns 500s", Severity: sev,
		Status: "resolved", Drill: drill, DeclaredAt: at, ResolvedAt: &end, Scenario: map[bool]string{true: "db-failover"}[drill],
		Figures: &postmortem.Figures{Updates: 3, MissedPromises: int(miss / 10), TimeToFirstUpdate: s(took / 10),
			MedianLateness: *s(miss / 10), FirstEstimate: postmortem.Range{Min: 1800, Max: 5400}, FirstEstimateError: s(miss)}}
}

func historyFixture() []api.HistoryEntry {
	// Newest first, as the engine lists them.
	return []api.HistoryEntry{
		pastEntry(9, 2, 60, 0, true), pastEntry(8, 2, 115, 25, false), pastEntry(7, 2, 60, 0, false),
		pastEntry(6, 2, 100, 10, false), pastEntry(5, 2, 130, 40, true), pastEntry(4, 2, 60, 0, false), pastEntry(3, 1, 20, 0, false),
	}
}

func printed(t *testing.T, h []api.HistoryEntry, drills bool) string {
	t.Helper()
	var b bytes.Buffer
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	if err := printHistory(&b, h, reader{ts: timefmt.In(time.UTC), now: now}, drills); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestPrintHistory(t *testing.T) {
	out := printed(t, historyFixture(), false)
	mustContain(t, "history", out,
		"ID ", "DECLARED", "UPDATES", "MISSED", "EST. ERROR",
		"20260308-090000-checkout                     Sun 8 Mar 09:00 UTC    SEV2 resolved      1h55m          3      2 +25m       Checkout returns 500s\n",
		" held       [DRILL] Checkout returns 500s\n",
		"How your first fix estimates held (past real incidents):\n",
		"  your SEV2 estimates held 2 of 4 times; median overrun 17 min\n",
		"  not enough history yet for your SEV1 estimates: 1 past incident (3 needed)\n")
	if strings.Contains(out, "Drill trend") {
		t.Errorf("the trend is for --drills:\n%s", out)
	}
}

func TestPrintHistoryDrills(t *testing.T) {
	out := printed(t, historyFixture(), true)
	mustContain(t, "history --drills", out,
		"Drill trend, oldest to newest (2 finished drills):\n",
		"  time to first update: 13 min → 6 min, improving\n",
		"  missed promises: 4 → 0, improving\n",
		"  median lateness: 4 min → 0 s, improving\n",
		"  estimate error: 40 min → 0 s, improving\n")
	if strings.Contains(out, "20260308") || strings.Contains(out, "How your first fix estimates held") {
		t.Errorf("--drills lists only drills:\n%s", out)
	}
	if got := printed(t, historyFixture()[1:4], true); !strings.Contains(got, "No drills yet") {
		t.Errorf("without drills: %s", got)
	}
}

func mustContain(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, out)
		}
	}
}

type askedCalibration struct {
	cal api.Calibration
	err error
}

func (a askedCalibration) Calibration(context.Context, int, string) (api.Calibration, error) {
	return a.cal, a.err
}

func TestCalibrationHint(t *testing.T) {
	held := api.Calibration{Enough: true, Sentence: "your 30–90 min SEV2 estimates held 5 of 8 times; median overrun 25 min"}
	if got := calibrationHint(context.Background(), askedCalibration{cal: held}, 2, "30m-90m"); got != "For calibration: your 30–90 min SEV2 estimates held 5 of 8 times; median overrun 25 min.\n" {
		t.Errorf("%q", got)
	}
	if got := calibrationHint(context.Background(), askedCalibration{cal: api.Calibration{Incidents: 1}}, 2, "30m-90m"); got != "" {
		t.Errorf("too little history: %q", got)
	}
	if got := calibrationHint(context.Background(), askedCalibration{err: errors.New("404")}, 2, "30m-90m"); got != "" {
		t.Errorf("an older engine: %q", got)
	}
}

// history --json prints a list, [] when empty: --drills too.
func TestPrintHistoryJSONEmpty(t *testing.T) {
	for _, tc := range []struct {
		h      []api.HistoryEntry
		drills bool
	}{{nil, false}, {nil, true}, {historyFixture()[1:2], true}} {
		var b bytes.Buffer
		if err := printHistoryJSON(&b, tc.h, tc.drills); err != nil || b.String() != "[]\n" {
			t.Errorf("%d incidents, drills %v: %q (%v); want []", len(tc.h), tc.drills, b.String(), err)
		}
	}
	var b bytes.Buffer
	if err := printHistoryJSON(&b, historyFixture(), true); err != nil {
		t.Fatal(err)
	}
	var got []api.HistoryEntry
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got) != 2 || !got[0].Drill {
		t.Errorf("drills: %s (%v)", b.String(), err)
	}
}

// postmortem and export check their arguments alike, each naming itself.
func TestIncidentArgs(t *testing.T) {
	for _, name := range []string{"postmortem", "export"} {
		format := "md"
		check := incidentArgs(name, &format)
		if err := check(nil, []string{"a"}); err != nil {
			t.Errorf("%s ID: %v", name, err)
		}
		if err := check(nil, []string{"a", "b"}); err == nil || !strings.HasPrefix(err.Error(), name+" takes at most one incident id") {
			t.Errorf("%s with two ids: %v", name, err)
		}
		format = "pdf"
		if err := check(nil, nil); err == nil || err.Error() != `--format "pdf": use md or json` {
			t.Errorf("%s --format pdf: %v", name, err)
		}
	}
	if incidentID(nil) != "" || incidentID([]string{"x"}) != "x" {
		t.Error("incidentID")
	}
}
