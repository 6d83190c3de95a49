package drill

import (
	"strings"
	"testing"
	"time"
)

func mustSchedule(t *testing.T, spec string) Schedule {
	t.Helper()
	s, err := ParseSchedule(spec, "db-failover")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseScheduleSpecs(t *testing.T) {
	for _, spec := range []string{"0 10 * * TUE", "@weekly", "@every 168h", "CRON_TZ=Europe/Berlin 0 10 * * 2"} {
		if _, err := ParseSchedule(spec, "x"); err != nil {
			t.Errorf("%q: %v", spec, err)
		}
	}
	_, err := ParseSchedule("0 10 * TUE", "x")
	if err == nil || !strings.Contains(err.Error(), "five fields") {
		t.Errorf("four fields: %v", err)
	}
}

func TestDueArmsANewSchedule(t *testing.T) {
	s := mustSchedule(t, "0 10 * * TUE")
	now := time.Date(2026, 12, 1, 10, 0, 5, 0, time.UTC) // a Tuesday, just after 10:00
	got := Due([]Schedule{s}, nil, now)
	if len(got) != 1 || !got[0].Arm {
		t.Fatalf("Due = %+v, want armed", got)
	}
}

func TestDueOnTimeAndOnce(t *testing.T) {
	s := mustSchedule(t, "0 10 * * TUE")
	armed := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) // Monday
	last := map[string]time.Time{s.Key(): armed}
	if got := Due([]Schedule{s}, last, time.Date(2026, 12, 1, 9, 59, 59, 0, time.UTC)); len(got) != 0 {
		t.Fatalf("before the slot: %+v", got)
	}
	slot := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	got := Due([]Schedule{s}, last, slot)
	if len(got) != 1 || got[0].Arm || !got[0].Slot.Equal(slot) {
		t.Fatalf("at the slot: %+v", got)
	}
	last[s.Key()] = slot.Add(20 * time.Second) // reminded
	if got := Due([]Schedule{s}, last, slot.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("after the reminder: %+v", got)
	}
	if next := NextDue(s, last[s.Key()], slot.Add(time.Hour)); !next.Equal(slot.AddDate(0, 0, 7)) {
		t.Errorf("NextDue = %v", next)
	}
}

// A laptop asleep across two Tuesdays is reminded once, for the latest.
func TestDueAsleepAcrossTwoSlots(t *testing.T) {
	s := mustSchedule(t, "0 10 * * TUE")
	last := map[string]time.Time{s.Key(): time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)}
	wake := time.Date(2026, 12, 10, 8, 0, 0, 0, time.UTC) // Thursday after the second Tuesday
	got := Due([]Schedule{s}, last, wake)
	if len(got) != 1 {
		t.Fatalf("Due = %+v, want one reminder", got)
	}
	if want := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC); !got[0].Slot.Equal(want) {
		t.Errorf("slot = %v, want the latest missed, %v", got[0].Slot, want)
	}
	last[s.Key()] = wake
	if got := Due([]Schedule{s}, last, wake.Add(time.Minute)); len(got) != 0 {
		t.Errorf("reminded again: %+v", got)
	}
}

// In a named zone a weekly 10:00 stays 10:00 local across the end of
// summer time: 08:00 UTC before, 09:00 UTC after.
func TestDueAcrossDSTInNamedZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	s := mustSchedule(t, "0 10 * * TUE")
	last := map[string]time.Time{s.Key(): time.Date(2026, 10, 20, 8, 0, 30, 0, time.UTC)} // reminded Tue 20 Oct, 10:00 CEST
	// Summer time ends Sunday 25 October 2026; the next Tuesday is 27 Oct.
	before := time.Date(2026, 10, 27, 8, 30, 0, 0, time.UTC).In(berlin) // 09:30 CET
	if got := Due([]Schedule{s}, last, before); len(got) != 0 {
		t.Fatalf("08:30 UTC (09:30 CET): %+v, want nothing yet", got)
	}
	at := time.Date(2026, 10, 27, 9, 0, 0, 0, time.UTC).In(berlin)
	got := Due([]Schedule{s}, last, at)
	if len(got) != 1 || !got[0].Slot.Equal(at) {
		t.Fatalf("09:00 UTC (10:00 CET): %+v", got)
	}
	if h := got[0].Slot.In(berlin).Hour(); h != 10 {
		t.Errorf("slot at %d:00 Berlin time, want 10:00", h)
	}
	// Read in UTC, the reminder of 20 October (08:00 UTC) came before
	// that day's 10:00 UTC slot: the zone Due is given decides.
	if got := Due([]Schedule{s}, last, before.UTC()); len(got) != 1 {
		t.Errorf("in UTC: %+v, want the 20 October 10:00 UTC slot due", got)
	}
}
