package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

func checklistIncident(at func(h, m int) time.Time) api.Incident {
	done := at(5, 3)
	return api.Incident{
		Title: "DB down", Runbook: "db-failover",
		Checklist: []api.ChecklistItem{
			{N: 1, Text: "Page the DBA"},
			{N: 2, Text: "Fail over to the replica", Done: true, DoneAt: &done, Note: "took 3 min"},
			{N: 3, Text: "Point the app at the new primary"},
		},
		BackOut: "Fail back once the old primary is healthy.\n\n    pg_ctl promote",
	}
}

func TestPrintChecklist(t *testing.T) {
	st, now, ber := statusAt(t)
	at := func(h, m int) time.Time { return time.Date(2026, 11, 23, h, m, 0, 0, ber) }
	var b bytes.Buffer
	printChecklist(&b, checklistIncident(at), reader{ts: timefmt.In(ber), now: now})
	want := `Checklist of runbook db-failover (1/3 done):
    1. Page the DBA
  ✓ 2. Fail over to the replica  (05:03 CET: took 3 min)
    3. Point the app at the new primary
Back-out plan:
  Fail back once the old primary is healthy.

      pg_ctl promote
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	b.Reset()
	inc := checklistIncident(at)
	st.Incident.Runbook, st.Incident.Checklist = inc.Runbook, inc.Checklist
	printStatus(&b, st, reader{ts: timefmt.In(ber), now: now})
	if !strings.Contains(b.String(), "\n  Checklist  1/3 done (runbook db-failover); next: 1. Page the DBA\n") {
		t.Errorf("status:\n%s", b.String())
	}

	b.Reset()
	printTicked(&b, inc, 2, reader{ts: timefmt.In(ber), now: now})
	if got := b.String(); got != "Ticked 2. Fail over to the replica at 05:03 CET: took 3 min (1 of 3 done).\n" {
		t.Errorf("ticked: %q", got)
	}
}

func TestPrintRunbooks(t *testing.T) {
	var b bytes.Buffer
	printRunbooks(&b, api.Runbooks{Dir: "~/runbooks", Runbooks: []api.RunbookInfo{
		{Name: "cache", Title: "Cache stampede", Items: 1}, {Name: "db-failover", Title: "Database failover", Items: 5},
	}})
	want := `Runbooks in ~/runbooks (keepcool start --runbook NAME):
  cache        Cache stampede (1 item)
  db-failover  Database failover (5 items)
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	b.Reset()
	printRunbooks(&b, api.Runbooks{Dir: "~/runbooks"})
	if !strings.HasPrefix(b.String(), "No runbooks in ~/runbooks: write one as ~/runbooks/NAME.md") {
		t.Errorf("%s", b.String())
	}
}

func TestHasChecklist(t *testing.T) {
	for _, tc := range []struct {
		inc  *api.Incident
		want string
	}{
		{nil, "no active incident"},
		{&api.Incident{}, "declared without a runbook"},
		{&api.Incident{Runbook: "empty"}, "runbook empty has no - [ ] items"},
		{&api.Incident{Runbook: "x", Checklist: []api.ChecklistItem{{N: 1, Text: "a"}}}, ""},
	} {
		err := hasChecklist(tc.inc)
		if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: %v, want %q", tc.inc, err, tc.want)
		}
	}
}

// The reply to tick --tell says when the tick's note did not go with the
// told note (too long beside the item), and not otherwise.
func TestToldSaysWhenTheNoteWasLeftOut(t *testing.T) {
	for _, tc := range []struct {
		note     string
		leftOut  bool
		testName string
	}{
		{"", false, "no note"},
		{"took 3 min", false, "a short note"},
		{strings.Repeat("details ", 70), true, "a long note"},
	} {
		inc := api.Incident{Checklist: []api.ChecklistItem{{N: 1, Text: "Page the DBA", Done: true, Note: tc.note}}}
		var b bytes.Buffer
		reportTold(&b, inc, 1)
		if got := b.String(); !strings.HasPrefix(got, "Told stakeholders.\n") || strings.Contains(got, "without your note") != tc.leftOut {
			t.Errorf("%s: %q", tc.testName, got)
		}
	}
}
