//go:build cgo

package app

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

func TestParseTimelineTicksEachUpdatePerChannel(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	tl, err := parseTimeline(raw, timefmt.In(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if tl.Zone != "UTC" {
		t.Errorf("zone %q, want UTC, said once for the list", tl.Zone)
	}
	got := lines(tl)
	want := []string{
		// support failed once, then got it: a delivery is what counts.
		"09:12:00 Declared SEV2: Checkout returns 500s. Fix expected 09:42–10:42 UTC. Impact: EU customers cannot pay | ✓ ops | ✓ support | ✗ exec | ✓ statuspage",
		// exec is dead: what it holds is not getting through.
		"09:30:00 Rolled back deploy 412, error rate falling | ✓ ops | ⟳ support | ✗ exec | ✓ statuspage",
		"09:45:00 Asked for an update",
		"09:47:00 Holding message sent: the 09:45 UTC update was missed",
		"09:48:00 Prompts snoozed until 09:58 UTC",
		"09:49:00 Estimate revised: fix expected 10:19–11:19 UTC — the restore is slower than expected",
		"09:50:00 No change",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if d := tl.Entries[0].Ticks[2].Detail; d != "HTTP 404: no such webhook" {
		t.Fatalf("dead channel's detail = %q", d)
	}
}

func TestParseTimelineRefusesGarbage(t *testing.T) {
	if _, err := parseTimeline([]byte("<html>"), timefmt.In(time.UTC)); err == nil {
		t.Fatal("parsed HTML as a timeline")
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		20 * time.Second: "under a minute", 42 * time.Minute: "42 min", time.Hour: "1 h",
		72 * time.Minute: "1 h 12 min", 3*time.Hour + 29*time.Second: "3 h",
	} {
		if got := span(d); got != want {
			t.Errorf("span(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestTimelineShowsTheShield(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		kind, data, want string
	}{
		{incident.KindShieldSaved, `{"backend":"gnome","saved":{"show_banners":true}}`, "Focus shield up: GNOME notification banners off"},
		{incident.KindShieldRestored, `{"backend":"slack","reason":"resolved"}`, "Focus shield: Slack put back as it was"},
		{incident.KindShieldRestored, `{"backend":"gnome","reason":"start"}`, "Focus shield: GNOME put back as it was (when keepcool started again)"},
	} {
		e, ok := describe(read(incident.Event{At: at, Kind: tc.kind, Data: []byte(tc.data)}), reading{timefmt.In(time.UTC), at})
		if !ok || e.Text != tc.want {
			t.Errorf("%s %s: %q (%v), want %q", tc.kind, tc.data, e.Text, ok, tc.want)
		}
	}
}

// A drill's scripted events show: a channel made to fail as a warning,
// the rest as quiet entries.
func TestTimelineShowsDrillScenarioEvents(t *testing.T) {
	at := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		data, want string
		kind       entryKind
	}{
		{`{"kind":"channel_fails","channel":"ops","text":"channel ops fails for 10m0s (scripted)"}`, "Drill scenario: channel ops fails for 10m0s (scripted)", entryWarning},
		{`{"kind":"message","text":"The database team says failover is under way."}`, "Drill scenario: The database team says failover is under way.", entryQuiet},
		{`{"kind":"message"}`, "Drill scenario: message", entryQuiet},
	} {
		e, ok := describe(read(incident.Event{At: at, Kind: incident.KindScenarioEvent, Data: []byte(tc.data)}), reading{timefmt.In(time.UTC), at})
		if !ok || e.Text != tc.want || e.Kind != tc.kind {
			t.Errorf("%s: %q kind %d (%v), want %q kind %d", tc.data, e.Text, e.Kind, ok, tc.want, tc.kind)
		}
	}
}

// An incident over midnight and into summer time, as readers in three
// styles read it: each row's time in the reader's zone and clock, the day
// on rows not on the incident's day, the zone once in the header when
// every row is in it, else on each row.
func TestTimelineReadsAsTheReader(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	// Saturday 28 March 2026, 23:50 CET; Berlin moves to CEST at 02:00 on Sunday.
	declared := time.Date(2026, 3, 28, 22, 50, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return declared.Add(d) }
	raw := exportJSON(t, declared, at(3*time.Hour+40*time.Minute), []incident.Event{
		event(1, at(0), incident.KindDeclared, incident.Declared{Title: "Checkout returns 500s", Severity: 2,
			Estimate: incident.Estimate{MinAt: at(30 * time.Minute), MaxAt: at(90 * time.Minute)}}),
		event(2, at(20*time.Minute+5*time.Second), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Rolled back"}),
		event(3, at(40*time.Minute), incident.KindSnoozed, incident.Snoozed{Until: at(55 * time.Minute)}),
		event(4, at(3*time.Hour+20*time.Minute), incident.KindNote, incident.NoteAdded{Kind: incident.NoteHolding, Promised: at(3*time.Hour + 15*time.Minute)}),
		event(5, at(3*time.Hour+40*time.Minute), incident.KindResolved, incident.Resolution{Summary: "Fixed."}),
	})
	tests := []struct {
		name    string
		ts      timefmt.Style
		rows    []string
		summary string // read on Monday 30 March, 09:00 UTC
	}{
		{"Berlin: two zones, each named", timefmt.In(berlin), []string{
			"23:50:00 CET Declared SEV2: Checkout returns 500s. Fix expected Sun 00:20–01:20 CET.",
			"Sun 00:10:05 CET Rolled back",
			"Sun 00:30:00 CET Prompts snoozed until Sun 00:45 CET",
			"Sun 04:10:00 CEST Holding message sent: the Sun 04:05 CEST update was missed",
			"Sun 04:30:00 CEST Resolved. Fixed.",
		}, "Declared Sat 28 Mar 23:50 CET, resolved Sun 04:30 CEST after 3 h 40 min · 1 update · 0 missed promises"},
		{"UTC: one zone, named once; the day changes later", timefmt.In(time.UTC), []string{
			"22:50:00 Declared SEV2: Checkout returns 500s. Fix expected 23:20–Sun 00:20 UTC.",
			"23:10:05 Rolled back",
			"23:30:00 Prompts snoozed until 23:45 UTC",
			"Sun 02:10:00 Holding message sent: the Sun 02:05 UTC update was missed",
			"Sun 02:30:00 Resolved. Fixed.",
		}, "Declared Sat 28 Mar 22:50 UTC, resolved Sun 02:30 UTC after 3 h 40 min · 1 update · 0 missed promises · times in UTC"},
		{"New York, 12-hour: all on the incident's day", timefmt.Style{Zone: mustZone(t, "America/New_York"), Hour12: true}, []string{
			"6:50:00 PM Declared SEV2: Checkout returns 500s. Fix expected 7:20 PM–8:20 PM EDT.",
			"7:10:05 PM Rolled back",
			"7:30:00 PM Prompts snoozed until 7:45 PM EDT",
			"10:10:00 PM Holding message sent: the 10:05 PM EDT update was missed",
			"10:30:00 PM Resolved. Fixed.",
		}, "Declared Sat 28 Mar 6:50 PM EDT, resolved 10:30 PM EDT after 3 h 40 min · 1 update · 0 missed promises · times in EDT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl, err := parseTimeline(raw, tc.ts)
			if err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, e := range tl.Entries {
				rows = append(rows, e.When+" "+e.Text)
			}
			if got, want := strings.Join(rows, "\n"), strings.Join(tc.rows, "\n"); got != want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, want)
			}
			if got := tl.summary(tc.ts, time.Date(2026, 3, 30, 9, 0, 0, 0, time.UTC)); got != tc.summary {
				t.Errorf("summary %q\nwant    %q", got, tc.summary)
			}
		})
	}
}

// An active incident's header says when it was declared as the reader
// reads it now: with the day once it is no longer today.
func TestTimelineSummaryOfAnActiveIncident(t *testing.T) {
	declared := time.Date(2026, 11, 30, 22, 50, 0, 0, time.UTC) // Monday
	tl := timeline{Incident: api.Incident{Status: "investigating", DeclaredAt: declared}, Zone: "UTC"}
	ts := timefmt.In(time.UTC)
	for now, want := range map[time.Time]string{
		declared.Add(98 * time.Minute): "Investigating · declared Mon 30 Nov 22:50 UTC, 1 h 38 min ago · 0 updates · 0 missed promises · times in UTC",
		declared.Add(5 * time.Minute):  "Investigating · declared 22:50 UTC, 5 min ago · 0 updates · 0 missed promises · times in UTC",
	} {
		if got := tl.summary(ts, now); got != want {
			t.Errorf("at %v: %q\nwant %q", now, got, want)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func event(seq int, at time.Time, kind string, data any) incident.Event {
	b, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	return incident.Event{Seq: seq, At: at, Kind: kind, Data: b}
}

// exportJSON is `keepcool export --format json` of an incident.
func exportJSON(t *testing.T, declared, resolved time.Time, events []incident.Event) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"incident": api.Incident{ID: "x", Title: "Checkout returns 500s", Severity: 2, DeclaredAt: declared, ResolvedAt: &resolved},
		"events":   events,
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// lines is the timeline as its list reads: each entry's time and text,
// then each channel's tick.
func lines(tl timeline) []string {
	var out []string
	for _, e := range tl.Entries {
		line := e.When + " " + e.Text
		for _, tk := range e.Ticks {
			line += " | " + tk.State.glyph() + " " + tk.Channel
		}
		out = append(out, line)
	}
	return out
}

// An event whose data cannot be read shows as unreadable, where it
// stood, as the post-mortem shows it: never as an entry with empty words,
// nor as a silent gap. The rest of the timeline reads as ever; a kind
// this keepcool does not know stays out of it.
func TestTimelineShowsUnreadableEvents(t *testing.T) {
	declared := time.Date(2026, 3, 14, 9, 12, 0, 0, time.UTC)
	at := func(d time.Duration) time.Time { return declared.Add(d) }
	damaged := func(seq int, d time.Duration, kind, data string) incident.Event {
		return incident.Event{Seq: seq, At: at(d), Kind: kind, Data: json.RawMessage(data)}
	}
	raw := exportJSON(t, declared, at(time.Hour), []incident.Event{
		event(1, at(0), incident.KindDeclared, incident.Declared{Title: "Checkout returns 500s", Severity: 2,
			Estimate: incident.Estimate{MinAt: at(30 * time.Minute), MaxAt: at(90 * time.Minute)}}),
		damaged(2, time.Minute, incident.KindNote, `{"kind":1}`),
		event(3, at(2*time.Minute), updates.EventQueued, updates.Queued{Message: updates.Message{ID: "x/1", Kind: updates.KindDeclared}, Channels: []string{"ops"}}),
		damaged(4, 3*time.Minute, updates.EventFailed, `{"message_id":"x/1","channel":"ops","attempt":"two"}`),
		event(5, at(4*time.Minute), updates.EventDelivered, updates.Delivered{MessageID: "x/1", Channel: "ops", Attempt: 2}),
		damaged(6, 5*time.Minute, "paged", `{"who":"ana"}`),
	})
	tl, err := parseTimeline(raw, timefmt.In(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	got := lines(tl)
	want := []string{
		"09:12:00 Declared SEV2: Checkout returns 500s. Fix expected 09:42–10:42 UTC. | ✓ ops",
		"09:13:00 Event 2 (note) could not be read and is left out: json: cannot unmarshal number into Go struct field NoteAdded.kind of type incident.NoteKind",
		"09:15:00 Event 4 (delivery_failed) could not be read and is left out: json: cannot unmarshal string into Go struct field Failed.attempt of type int",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, e := range tl.Entries[1:] {
		if e.Kind != entryWarning {
			t.Errorf("%q: kind %d, want a warning", e.Text, e.Kind)
		}
	}
	d, _, w := harness(t, &fakeEngine{export: raw})
	newTimeline(d, w)
	fatalIf(t, !shows(w, want[1][len("09:13:00 "):]), "the window lacks the unreadable note; it shows %q", texts(w))
	savePNG(t, w, "/tmp/issue11/timeline-unreadable.png")
}

// The header counts updates and missed promises as the post-mortem does:
// holding messages are not updates (it said "4 updates" of two updates and
// two holding messages, beside the post-mortem's "Updates posted: 2").
func TestTimelineCountsAsThePostmortem(t *testing.T) {
	declared := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return declared.Add(time.Duration(m) * time.Minute) }
	events := []incident.Event{
		event(1, at(0), incident.KindDeclared, incident.Declared{Title: "Checkout returns 500s", Severity: 2,
			Estimate: incident.Estimate{MinAt: at(30), MaxAt: at(90)}}),
		event(2, at(10), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Rolled back"}),
		event(3, at(42), incident.KindNote, incident.NoteAdded{Kind: incident.NoteHolding, Promised: at(40)}),
		event(4, at(57), incident.KindNote, incident.NoteAdded{Kind: incident.NoteHolding, Promised: at(55)}),
		event(5, at(60), incident.KindNote, incident.NoteAdded{Kind: incident.NoteNoChange, Text: "No change"}),
	}
	inc := api.Incident{ID: "x", Title: "Checkout returns 500s", Severity: 2, Status: "investigating", DeclaredAt: declared, MissedUpdates: 7}
	for _, e := range events[1:] {
		d, _ := e.Decode()
		n := d.(incident.NoteAdded)
		inc.Notes = append(inc.Notes, api.Note{At: e.At, Kind: string(n.Kind), Text: n.Text})
	}
	raw, err := json.Marshal(map[string]any{"incident": inc, "events": events})
	fatalIf(t, err != nil, "%v", err)
	tl, err := parseTimeline(raw, timefmt.In(time.UTC))
	fatalIf(t, err != nil, "%v", err)
	st, _ := incident.Project(events)
	f := postmortem.Compute(st)
	fatalIf(t, f.Updates != 2, "the post-mortem counts %d updates; the test means 2", f.Updates)
	want := fmt.Sprintf("· 2 updates · %s ·", plural(f.MissedPromises, "missed promise"))
	got := tl.summary(timefmt.In(time.UTC), at(70))
	fatalIf(t, !strings.Contains(got, want), "header %q, want it to say %q as the post-mortem counts", got, want)
}

// A PagerDuty incident linked mid-incident, by the engineer or found by a
// channel, is a row of the timeline, as in the post-mortem.
func TestTimelineShowsLinks(t *testing.T) {
	declared := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	raw := exportJSON(t, declared, time.Time{}, []incident.Event{
		event(1, declared, incident.KindDeclared, incident.Declared{Title: "Checkout returns 500s", Severity: 2,
			Estimate: incident.Estimate{MinAt: declared.Add(30 * time.Minute), MaxAt: declared.Add(90 * time.Minute)}}),
		event(2, declared.Add(time.Minute), incident.KindLinked, incident.Linked{Type: "pagerduty", ID: "PNEWEST", Found: "pager"}),
		event(3, declared.Add(2*time.Minute), incident.KindLinked, incident.Linked{Type: "pagerduty", ID: "PT4KHLK"}),
	})
	tl, err := parseTimeline(raw, timefmt.In(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, e := range tl.Entries {
		rows = append(rows, e.Text)
	}
	want := []string{"Linked to pagerduty incident PNEWEST, which pager found on its service", "Linked to pagerduty incident PT4KHLK"}
	if len(rows) != 3 || rows[1] != want[0] || rows[2] != want[1] {
		t.Errorf("rows %q, want the declaration then %q", rows, want)
	}
}
