package statuspage

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/keepcool/keepcool/updates"
)

func TestViewFollowsTheIncident(t *testing.T) {
	tests := []struct {
		name  string
		now   string
		msgs  func() []updates.Message
		check func(t *testing.T, v *IncidentView)
	}{
		{"in progress", "09:55", scenario, func(t *testing.T, v *IncidentView) {
			want := []any{"Checkout returns 500s for EU customers", 2, "identified", "09:45–10:30 CEST", "09:30–10:15 CEST",
				"09:45–10:30 CEST (revised from 09:30–10:15 CEST)", "Next update by 10:07 CEST", "53 min"}
			got := []any{v.Title, v.Severity, v.Status, v.EstimateRange, v.EstimateRevisedFrom,
				v.EstimateText, v.NextUpdateText, v.Elapsed}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("view\n got %+v\nwant %+v", got, want)
			}
			if v.Resolved || v.NextUpdateOverdue || v.EstimatePassed || v.Drill {
				t.Errorf("flags: resolved %v overdue %v passed %v drill %v", v.Resolved, v.NextUpdateOverdue, v.EstimatePassed, v.Drill)
			}
			if len(v.Timeline) != 6 || v.Timeline[0].Time != "09:52 CEST" || v.Timeline[5].Label != "Incident declared" {
				t.Errorf("timeline not newest first: %+v", v.Timeline)
			}
			if v.Impact == "" || v.Known == "" || v.Unknown == "" || v.Plan == "" {
				t.Errorf("situation lost: %+v", v)
			}
			if d := v.Timeline[2].Detail; d != "Fix expected 09:45–10:30 CEST (revised from 09:30–10:15 CEST)" {
				t.Errorf("estimate entry detail %q", d)
			}
		}},
		{"next update overdue, estimate passed", "10:40", scenario, func(t *testing.T, v *IncidentView) {
			if !v.NextUpdateOverdue || !v.EstimatePassed || v.Elapsed != "1 h 38 min" {
				t.Errorf("overdue %v passed %v elapsed %q", v.NextUpdateOverdue, v.EstimatePassed, v.Elapsed)
			}
		}},
		{"resolved", "11:00", func() []updates.Message { return append(scenario(), resolvedMsg()) }, func(t *testing.T, v *IncidentView) {
			if !v.Resolved || v.Elapsed != "1 h 10 min" || v.ResolvedAtText != "10:12 CEST" || v.NextUpdateText != "" || v.NextUpdateOverdue {
				t.Errorf("resolved view: %+v", v)
			}
			if v.Summary == "" || v.RootCause == "" || v.Timeline[0].Detail != "Duration 1 h 10 min" {
				t.Errorf("summary %q cause %q detail %q", v.Summary, v.RootCause, v.Timeline[0].Detail)
			}
		}},
		{"drill", "09:10", func() []updates.Message {
			m := scenario()[:1]
			m[0].Drill = true
			return m
		}, func(t *testing.T, v *IncidentView) {
			if !v.Drill || v.EstimateRevisedFrom != "" || v.EstimateText != "09:30–10:15 CEST" {
				t.Errorf("drill view: %+v", v)
			}
		}},
		{"just declared", "09:02", func() []updates.Message { return scenario()[:1] }, func(t *testing.T, v *IncidentView) {
			if v.Elapsed != "under a minute" {
				t.Errorf("elapsed %q right after declaring", v.Elapsed)
			}
		}},
		{"a retry replaces its first copy", "09:55", func() []updates.Message {
			s := scenario()
			return append(s, s[3], s[5])
		}, func(t *testing.T, v *IncidentView) {
			if len(v.Timeline) != 6 {
				t.Errorf("duplicates on the timeline: %d entries", len(v.Timeline))
			}
		}},
		{"a late message sorts by time", "09:55", func() []updates.Message {
			s := scenario()
			return []updates.Message{s[0], s[2], s[1]}
		}, func(t *testing.T, v *IncidentView) {
			if v.Status != "identified" || v.Timeline[0].Time != "09:24 CEST" {
				t.Errorf("latest state taken from the late message: %+v", v.Timeline[0])
			}
		}},
		{"the estimate without a revision message", "09:55", func() []updates.Message {
			s := scenario()
			return []updates.Message{s[0], s[4]} // the no-change carries the new estimate only
		}, func(t *testing.T, v *IncidentView) {
			if v.EstimateRevisedFrom != "09:30–10:15 CEST" {
				t.Errorf("revised from %q", v.EstimateRevisedFrom)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New("statuspage", clockAt(tt.now))
			p.Seed(tt.msgs(), 0)
			v := p.snapshot().Incident
			if v == nil {
				t.Fatal("no incident after seeding")
			}
			tt.check(t, v)
		})
	}
}

func TestIncidentsReplaceEachOther(t *testing.T) {
	p := seeded(t)
	if p.snapshot().Incident == nil {
		t.Fatal("seeded page shows no incident")
	}
	next := scenario()[0]
	next.ID, next.IncidentID, next.Title, next.At, next.DeclaredAt = "inc-2/1", "inc-2", "Search is slow", at("11:00"), at("11:00")
	_ = p.Send(context.Background(), next)
	if v := p.snapshot().Incident; v.ID != "inc-2" || len(v.Timeline) != 1 {
		t.Fatalf("new incident did not replace the old one: %s, %d entries", v.ID, len(v.Timeline))
	}
	_ = p.Send(context.Background(), noteMsg("99", "10:00", "late retry from the old incident"))
	if v := p.snapshot().Incident; v.ID != "inc-2" {
		t.Errorf("a late message from the old incident took the page back to %s", v.ID)
	}
	test := updates.Message{Kind: updates.KindTest, At: at("11:05"), Title: "keepcool test"}
	_ = p.Send(context.Background(), test)
	if v := p.snapshot(); v.Incident.ID != "inc-2" || v.LastTest != "11:05 CEST" {
		t.Errorf("a test message changed the incident (%s) or was not noted (%q)", v.Incident.ID, v.LastTest)
	}
	p.Seed(nil, 0)
	if p.snapshot().Incident != nil {
		t.Error("Seed(nil) kept an incident")
	}
}

func TestSanitizeKeepsTextReadableAndBounded(t *testing.T) {
	m := sanitize(updates.Message{Title: "a\x1b[31mb\u202ec\x00", Note: hostileNote})
	if m.Title != "abc" {
		t.Errorf("title %q", m.Title)
	}
	if len(m.Note) > maxText || !utf8.ValidString(m.Note) || !strings.HasPrefix(m.Note, "<script>alert(1)</script> <!channel>") {
		t.Errorf("note: %d bytes, valid %v, starts %q", len(m.Note), utf8.ValidString(m.Note), m.Note[:40])
	}
	if !strings.HasSuffix(m.Note, "…") {
		t.Error("a cut note does not say it was cut")
	}
}

func TestTimelineIsBounded(t *testing.T) {
	p := seeded(t)
	for i := range MaxTimeline + 50 {
		m := noteMsg("n"+strconv.Itoa(i), "09:53", "note")
		_ = p.Send(context.Background(), m)
	}
	v := p.snapshot().Incident
	if len(v.Timeline) != MaxTimeline || v.Timeline[len(v.Timeline)-1].Kind != "declared" {
		t.Errorf("%d entries, oldest %q", len(v.Timeline), v.Timeline[len(v.Timeline)-1].Kind)
	}
	if want := len(scenario()) + MaxTimeline + 50; v.NotesTotal != want {
		t.Errorf("notes_total %d, want %d", v.NotesTotal, want)
	}
}

// A start seeds the page with a long incident's first and latest messages
// and how many it has: notes_total counts them all, and then each new one.
func TestSeedCountsWhatItWasNotGiven(t *testing.T) {
	p := New("statuspage", clockAt("09:55"))
	p.Seed(scenario(), 10000)
	if v := p.snapshot().Incident; v.NotesTotal != 10000 || len(v.Timeline) != len(scenario()) {
		t.Fatalf("seeded: notes_total %d, %d entries", v.NotesTotal, len(v.Timeline))
	}
	_ = p.Send(context.Background(), noteMsg("9999", "09:56", "one more"))
	_ = p.Send(context.Background(), noteMsg("9999", "09:56", "one more, sent again after a restart"))
	_, body := get(t, p.Handler(""), "/api/incident.json")
	if !strings.Contains(body, `"notes_total": 10001`) {
		t.Errorf("incident.json after a new note:\n%.2000s", body)
	}
}
