package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/timefmt"
)

// statusAt is an incident declared at 04:30 on Monday 23 November 2026 in
// Berlin, its estimate revised to the next day (`eta 30h-40h`), read at 05:12.
func statusAt(t *testing.T) (api.Status, time.Time, *time.Location) {
	t.Helper()
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, ber) }
	next, snoozed := at(23, 5, 27), at(23, 5, 20)
	return api.Status{Incident: &api.Incident{
		Title: "Login page times out", Severity: 2, Status: "investigating", Engineer: "Sam",
		DeclaredAt: at(23, 4, 30), NextUpdateDue: &next, SnoozedUntil: &snoozed,
		Estimate: api.Estimate{MinAt: at(24, 10, 44), MaxAt: at(24, 20, 44), Revisions: 1,
			History: []api.Revision{{At: at(23, 4, 44), FromMin: at(23, 5, 0), FromMax: at(23, 6, 0)}}},
		Notes: []api.Note{
			{At: at(22, 23, 58), Kind: "note", Text: "Seen first before midnight"},
			{At: at(23, 5, 12), Kind: "note", Text: "Restore started"},
		},
	}}, at(23, 5, 12), ber
}

func TestPrintStatusNamesTheZoneAndTheDay(t *testing.T) {
	st, now, ber := statusAt(t)
	var b bytes.Buffer
	printStatus(&b, st, reader{ts: timefmt.In(ber), now: now})
	want := `SEV2 · Login page times out · investigating
  Declared   04:30 CET (42 min ago) by Sam
  Estimate   fix expected Tue 10:44–20:44 CET (revised once, first was 05:00–06:00 CET)
  Next update by 05:27 CET (in 15m)
  Prompts snoozed until 05:20 CET
  Last notes (2 of 2, times in CET):
    Sun 22 Nov 23:58  note      Seen first before midnight
    05:12  note      Restore started
`
	if got := b.String(); got != want {
		t.Errorf("status =\n%s\nwant\n%s", got, want)
	}
}

func TestPrintStatusOnATwelveHourClockInNewYork(t *testing.T) {
	st, now, _ := statusAt(t)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	printStatus(&b, st, reader{ts: timefmt.Style{Zone: ny, Hour12: true}, now: now})
	// 05:12 in Berlin is 23:12 on Sunday in New York: the 24th is two days on.
	for _, line := range []string{
		"  Declared   10:30 PM EST (42 min ago) by Sam\n",
		"  Estimate   fix expected Tue 4:44 AM–2:44 PM EST (revised once, first was 11:00 PM–Mon 12:00 AM EST)\n",
		"  Next update by 11:27 PM EST (in 15m)\n",
		"    5:58 PM  note      Seen first before midnight\n",
	} {
		if !bytes.Contains(b.Bytes(), []byte(line)) {
			t.Errorf("status lacks %q:\n%s", line, b.String())
		}
	}
}

func TestReaderSaysByForAPoint(t *testing.T) {
	ber, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 29, 1, 0, 0, 0, ber) // DST starts at 02:00
	r := reader{ts: timefmt.In(ber), now: now}
	point := now.Add(2 * time.Hour)
	if got, want := r.estimate(api.Estimate{MinAt: point, MaxAt: point}), "by 04:00 CEST"; got != want {
		t.Errorf("estimate = %q, want %q", got, want)
	}
	if got, want := r.estimate(api.Estimate{MinAt: now.Add(30 * time.Minute), MaxAt: point}), "01:30 CET–04:00 CEST"; got != want {
		t.Errorf("estimate = %q, want %q", got, want)
	}
	if got := r.at(nil); got != "—" {
		t.Errorf("at(nil) = %q", got)
	}
}

func TestPrintStatusSaysWhenNotesAreCapped(t *testing.T) {
	st, now, ber := statusAt(t)
	st.Incident.NotesTotal = 60
	var b bytes.Buffer
	printStatus(&b, st, reader{ts: timefmt.In(ber), now: now})
	want := "  Last notes (showing the last 2 of 60 notes; keepcool export has all; times in CET):\n"
	if !strings.Contains(b.String(), want) {
		t.Errorf("status =\n%s\nwant a line\n%s", b.String(), want)
	}
}

// A channel that delivers but refused a message of this incident says so
// as a refusal, not as the error of a channel that is failing now; one
// that fails now shows its error.
func TestPrintStatusTellsARefusalFromAFailure(t *testing.T) {
	st, now, ber := statusAt(t)
	st.Channels = []api.Channel{
		{Name: "ops", Type: "slack", State: api.ChannelOK, Delivered: 4, Undelivered: 1,
			LastError: "answered 422 Unprocessable Entity: invalid_blocks", Reason: "HTTP 422 Unprocessable Entity"},
		{Name: "hook", Type: "webhook", State: api.ChannelRetrying, Pending: 2, LastError: "connection refused"},
		{Name: "war-room", Type: "slack", State: api.ChannelOK, Delivered: 3, Undelivered: 2,
			LastError: "root message not updated: cant_update_message", LastRefusal: "answered 400 Bad Request: msg_too_long"},
	}
	var b bytes.Buffer
	printStatus(&b, st, reader{ts: timefmt.In(ber), now: now})
	for _, want := range []string{
		"  Channel ops          slack      ok: 4 delivered, 0 pending (1 message of this incident not delivered, not to be retried; the last: answered 422 Unprocessable Entity: invalid_blocks)\n",
		"  Channel hook         webhook    retrying: 0 delivered, 2 pending connection refused\n",
		// A delivery's warning is not the refusal.
		"  Channel war-room     slack      ok: 3 delivered, 0 pending root message not updated: cant_update_message (2 messages of this incident not delivered, not to be retried; the last: answered 400 Bad Request: msg_too_long)\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("status =\n%s\nwant a line\n%s", b.String(), want)
		}
	}
}

// A linked incident in another tool is named, with how to change it.
func TestPrintStatusNamesTheLinkedIncident(t *testing.T) {
	st, now, ber := statusAt(t)
	st.Incident.Links = map[string]string{"pagerduty": "PT4KHLK"}
	var b bytes.Buffer
	printStatus(&b, st, reader{ts: timefmt.In(ber), now: now})
	if want := "  Linked     pagerduty incident PT4KHLK (keepcool link pagerduty ID changes it)\n"; !strings.Contains(b.String(), want) {
		t.Errorf("status =\n%s\nwant a line\n%s", b.String(), want)
	}
}
