package postmortem

import (
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

// The golden incident holds every kind of timeline entry but an open
// prompt, so the golden files show them all.
func TestEverythingHasEveryEntryKind(t *testing.T) {
	got := map[string]bool{}
	for _, e := range Timeline(everything(t), timefmt.In(time.UTC)) {
		got[e.Kind] = true
	}
	for _, k := range []string{EntryStarted, EntryDeclared, EntryNote, EntryNoChange, EntryHolding, EntryStatus,
		EntryEstimate, EntryPromptAnswered, EntryPromptMissed, EntrySnoozed, EntryShieldUp, EntryShieldDown,
		EntryChecklist, EntryScenario, EntrySent, EntryRetried, EntryGaveUp, EntryUndelivered, EntryResolved} {
		if !got[k] {
			t.Errorf("the golden incident has no %q entry", k)
		}
	}
}

func hasLines(t *testing.T, got string, lines ...string) {
	t.Helper()
	for _, line := range lines {
		if !strings.Contains(got, line) {
			t.Errorf("Markdown lacks %q:\n%s", line, got)
		}
	}
}

// Declared on Sunday evening in New York on a 12-hour clock: Monday's
// times carry their day, every time its zone.
func TestMarkdownOnATwelveHourClockInAnotherZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	s := newScript(t, time.Date(2026, 11, 23, 3, 30, 0, 0, time.UTC)) // 22:30 EST on Sunday
	s.declare(incident.Declared{Title: "Login page times out", Severity: 2, Estimate: s.estimateIn(30*time.Minute, 90*time.Minute)})
	s.after(14*time.Minute).estimate(24*time.Hour, 10*time.Hour, "The restore takes a day.")
	s.after(time.Minute).note("Restoring.")
	hasLines(t, Markdown(s.state(), timefmt.Style{Zone: ny, Hour12: true}),
		"- **Declared:** 2026-11-22 10:30:00 PM EST\n",
		"- Initial estimate: fix expected 11:00 PM–Mon 12:00 AM EST",
		"- Revised at 10:44:00 PM EST: fix expected Mon 10:44 PM–Tue 8:44 AM EST",
		"- 10:45:00 PM EST — Update: Restoring.\n",
	)
}

// Across the end of summer time each time names the zone it was in.
func TestMarkdownAcrossDST(t *testing.T) {
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// 25 October 2026: 03:00 CEST becomes 02:00 CET.
	s := newScript(t, time.Date(2026, 10, 25, 1, 30, 0, 0, ber))
	s.declare(incident.Declared{Title: "Night batch stuck", Severity: 3, Estimate: s.estimateIn(time.Hour, 2*time.Hour)})
	s.after(90 * time.Minute).note("Batch restarted.")
	s.after(30*time.Minute).resolve("", "")
	hasLines(t, Markdown(s.state(), timefmt.In(ber)),
		"- **Declared:** 2026-10-25 01:30:00 CEST\n",
		"- **Resolved:** 2026-10-25 02:30:00 CET (after 2 h 00 min)\n",
		"- Initial estimate: fix expected 02:30 CEST–02:30 CET",
		"- 02:00:00 CET — Update: Batch restarted.\n",
	)
}

// Damage to the journal is said under its own heading, before the
// sections it may have left incomplete.
func TestMarkdownSaysWhatIsDamaged(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	st := s.state()
	st.Damage = []string{"line 7 of the journal is damaged and was skipped: a note at 05:02 CET may be missing"}
	md := Markdown(st, timefmt.In(time.UTC))
	want := "\n## Damaged journal\n\nPart of this incident's journal could not be read; this post-mortem is without it.\n\n" +
		"- line 7 of the journal is damaged and was skipped: a note at 05:02 CET may be missing\n\n## What happened\n"
	if !strings.Contains(md, want) {
		t.Fatalf("Markdown lacks the damage section:\n%s", md)
	}
	st.Damage = nil
	if md := Markdown(st, timefmt.In(time.UTC)); strings.Contains(md, "Damaged") {
		t.Fatalf("an undamaged journal is said to be damaged:\n%s", md)
	}
}

// An open incident: no duration, open promises, a prompt not answered,
// and the sections still ask.
func TestMarkdownOfAnOpenIncident(t *testing.T) {
	s := newScript(t, t0)
	declared := s.declare(incident.Declared{Title: "Checkout down", Severity: 2, Estimate: s.estimateIn(10*time.Minute, 20*time.Minute)})
	s.after(time.Second).add(updates.EventDelivered, updates.Delivered{MessageID: declared, Channel: "slack", Attempt: 1})
	s.after(15*time.Minute-time.Second).add(incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: s.now})
	md := Markdown(s.state(), timefmt.In(time.UTC))
	hasLines(t, md,
		"- Time to declare: not known (give `keepcool start --started` next time)\n",
		"- Time to first update: no update was posted\n",
		"- Duration: not resolved yet\n",
		"- Promised at 09:30:00 UTC for 09:45:00 UTC: still open\n",
		"- 09:45:00 UTC — Asked for the update promised by 09:45:00 UTC; not answered\n",
		"## Root cause\n\n> Why did it break",
	)
	if strings.Contains(md, "## Undelivered") {
		t.Errorf("an incident whose messages all went lists undelivered ones:\n%s", md)
	}
}

// An outbox record whose data cannot be read is said, not silently left
// out of the timeline.
func TestTimelineSaysWhatItCouldNotRead(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.add("delivered", []int{1, 2})
	tl := Timeline(s.state(), timefmt.In(time.UTC))
	last := tl[len(tl)-1]
	if last.Kind != EntryUnreadable || last.Text != "Event 3 (delivered) could not be read and is left out" || last.Detail == "" {
		t.Fatalf("last entry %+v; want the unreadable record said", last)
	}
}
