package calibrate

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/postmortem"
)

var day = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func secs(m float64) *postmortem.Seconds {
	s := postmortem.Seconds(m * 60)
	return &s
}

// past is a resolved real incident: severity sev, first estimate lo–hi
// minutes, fixed miss minutes after the range (negative: before; 0: inside).
func past(i, sev int, lo, hi, miss float64) api.HistoryEntry {
	at := day.Add(time.Duration(i) * 24 * time.Hour)
	return api.HistoryEntry{ID: "i" + string(rune('a'+i)), Severity: sev, DeclaredAt: at, ResolvedAt: &at,
		Figures: &postmortem.Figures{FirstEstimate: postmortem.Range{Min: *secs(lo), Max: *secs(hi)}, FirstEstimateError: secs(miss)}}
}

func TestOf(t *testing.T) {
	h := []api.HistoryEntry{
		past(0, 2, 30, 90, 0), past(1, 2, 30, 90, 25), past(2, 2, 30, 90, 0), past(3, 2, 30, 90, 40),
		past(4, 2, 30, 90, 10), past(5, 2, 30, 90, 0), past(6, 2, 30, 90, 0), past(7, 2, 30, 90, 0),
		past(8, 2, 15, 30, 0), past(9, 1, 30, 90, 5),
	}
	// Not counted: a drill, an unresolved incident, one without figures.
	drill := past(10, 2, 30, 90, 300)
	drill.Drill = true
	open := past(11, 2, 30, 90, 0)
	open.ResolvedAt = nil
	bare := past(12, 2, 30, 90, 0)
	bare.Figures = nil
	h = append(h, drill, open, bare)
	// Given a few seconds after the declaration, still 30–90 min.
	h[7].Figures.FirstEstimate = postmortem.Range{Min: 1800 - 4, Max: 5400 - 4}

	c := Of(h, 2, &postmortem.Range{Min: 1800, Max: 5400})
	if c.Incidents != 8 || c.Held != 5 || c.Over != 3 || c.Under != 0 || c.MedianOverrun != 25*60 || !c.Enough {
		t.Errorf("SEV2 30–90 min: %+v", c)
	}
	if got, want := Describe(c), "your 30–90 min SEV2 estimates held 5 of 8 times; median overrun 25 min"; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	if all := Of(h, 2, nil); all.Incidents != 9 || all.Held != 6 {
		t.Errorf("SEV2, any range: %+v", all)
	}
	if got, want := Describe(Of(h, 2, nil)), "your SEV2 estimates held 6 of 9 times; median overrun 25 min"; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
	few := Of(h, 1, nil)
	if few.Enough || !strings.HasPrefix(Describe(few), "not enough history yet") {
		t.Errorf("one SEV1: %+v %q", few, Describe(few))
	}
	for n, want := range map[int]string{
		0: "not enough history yet for your SEV1 estimates: 0 past incidents (3 needed)",
		1: "not enough history yet for your SEV1 estimates: 1 past incident (3 needed)",
		2: "not enough history yet for your SEV1 estimates: 2 past incidents (3 needed)",
	} {
		if got := Describe(Calibration{Severity: 1, Incidents: n}); got != want {
			t.Errorf("sentence %q, want %q", got, want)
		}
	}
}

func TestMedianOverrunEven(t *testing.T) {
	h := []api.HistoryEntry{past(0, 3, 60, 180, 10), past(1, 3, 60, 180, 30), past(2, 3, 60, 180, -20), past(3, 3, 60, 180, 0)}
	c := Of(h, 3, &postmortem.Range{Min: 3600, Max: 3 * 3600})
	if c.MedianOverrun != 20*60 || c.Under != 1 {
		t.Errorf("%+v", c)
	}
	if got, want := Describe(c), "your 1–3 h SEV3 estimates held 1 of 4 times; median overrun 20 min; 1 fixed early"; got != want {
		t.Errorf("sentence %q, want %q", got, want)
	}
}

func TestFor(t *testing.T) {
	r := postmortem.Range{Min: 1800, Max: 5400}
	h := []api.HistoryEntry{past(0, 1, 30, 90, 0), past(1, 2, 30, 90, 0), past(2, 3, 30, 90, 15)}
	// Too few SEV2 ones: the range's at any severity.
	if c := For(h, 2, r); c.Severity != 0 || c.Incidents != 3 || Describe(c) != "your 30–90 min estimates held 2 of 3 times; median overrun 15 min" {
		t.Errorf("%+v %q", c, Describe(c))
	}
	// Too few at all: not enough, for that severity.
	if c := For(h[:2], 2, r); c.Enough || c.Severity != 2 {
		t.Errorf("%+v", c)
	}
	h = append(h, past(3, 2, 30, 90, 0), past(4, 2, 30, 90, 0))
	if c := For(h, 2, r); c.Severity != 2 || c.Incidents != 3 || c.Held != 3 || Describe(c) != "your 30–90 min SEV2 estimates held 3 of 3 times" {
		t.Errorf("%+v %q", c, Describe(c))
	}
}

func TestBySeverity(t *testing.T) {
	h := []api.HistoryEntry{past(0, 2, 60, 180, 0), past(1, 2, 30, 90, 0), past(2, 1, 15, 30, 5), past(3, 2, 30, 90, 0)}
	got := BySeverity(h)
	if len(got) != 2 || got[0].All.Severity != 1 || got[1].All.Incidents != 3 {
		t.Fatalf("%+v", got)
	}
	rs := got[1].Ranges
	if len(rs) != 2 || RangeLabel(*rs[0].Range) != "30–90 min" || rs[0].Incidents != 2 || RangeLabel(*rs[1].Range) != "1–3 h" {
		t.Errorf("SEV2 ranges %+v", rs)
	}
}

func TestRangeLabel(t *testing.T) {
	for _, c := range []struct {
		r    postmortem.Range
		want string
	}{
		{postmortem.Range{Min: 900, Max: 1800}, "15–30 min"},
		{postmortem.Range{Min: 1800, Max: 5400}, "30–90 min"},
		{postmortem.Range{Min: 3600, Max: 3 * 3600}, "1–3 h"},
		{postmortem.Range{Min: 2700, Max: 9000}, "45 min–2 h 30 min"},
		{postmortem.Range{Min: 2700, Max: 2700}, "45 min"},
		{postmortem.Range{Min: 0, Max: 3600}, "0–60 min"},
	} {
		if got := RangeLabel(c.r); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
	}
}
