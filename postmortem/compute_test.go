package postmortem

import (
	"slices"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/timefmt"
	"github.com/keepcool/keepcool/updates"
)

func secs(t *testing.T, name string, got *Seconds, want time.Duration) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = nil; want %s", name, want)
		return
	}
	if got.Duration() != want {
		t.Errorf("%s = %s; want %s", name, got.Duration(), want)
	}
}

// An incident whose every promise was met: time to declare from the
// start given, time to first update, no lateness, a fix inside the range.
func TestComputeKeptPromises(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2, StartedAt: t0.Add(-12 * time.Minute), Estimate: s.estimateIn(30*time.Minute, 90*time.Minute)})
	s.after(4 * time.Minute).note("Rolling back deploy 412.")
	s.after(15 * time.Minute).noChange() // exactly on time
	s.after(10*time.Minute).resolve("Rolled back.", "")
	f := Compute(s.state())

	secs(t, "TimeToDeclare", f.TimeToDeclare, 12*time.Minute)
	secs(t, "TimeToFirstUpdate", f.TimeToFirstUpdate, 4*time.Minute)
	secs(t, "Duration", f.Duration, 29*time.Minute)
	if f.Updates != 2 || f.Promises != 3 || f.PromisesKept != 3 || f.MissedPromises != 0 {
		t.Errorf("updates %d, promises %d kept %d missed %d; want 2, 3, 3, 0", f.Updates, f.Promises, f.PromisesKept, f.MissedPromises)
	}
	if f.MedianLateness != 0 || f.WorstLateness != 0 {
		t.Errorf("lateness median %d worst %d; want 0, 0", f.MedianLateness, f.WorstLateness)
	}
	// Fixed 1 min before the lower bound of 30 min.
	secs(t, "FirstEstimateError", f.FirstEstimateError, -time.Minute)
	if f.FirstEstimate != (Range{Min: 1800, Max: 5400}) || f.FinalEstimate != f.FirstEstimate || f.EstimateRevisions != 0 {
		t.Errorf("estimates %+v %+v revisions %d; want 30–90 min twice, none", f.FirstEstimate, f.FinalEstimate, f.EstimateRevisions)
	}
}

// A missed promise (a holding message went instead), a late update within
// the grace, a revised estimate the fix overran.
func TestComputeMissedAndLate(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2, Estimate: s.estimateIn(10*time.Minute, 20*time.Minute)})
	// Promised 09:45; a note came 2 min late: late, neither kept nor missed.
	s.after(17 * time.Minute).note("Found it.") // 09:47, promises 10:02
	// Promise 10:02 missed: a holding message at 10:05 (promising 10:20),
	// then an update at 10:12: 10 min late for 10:02, in time for 10:20.
	s.after(18 * time.Minute).holding(s.now.Add(-3 * time.Minute)) // 10:05
	s.after(7*time.Minute).estimate(20*time.Minute, 10*time.Minute, "The restore is slower.")
	// 10:12, fix expected 10:32–10:42; fixed at 10:50, 8 min after it.
	s.after(38*time.Minute).resolve("Restored.", "A bad index.")
	f := Compute(s.state())

	if f.TimeToDeclare != nil {
		t.Errorf("TimeToDeclare = %d; want none without a start time", *f.TimeToDeclare)
	}
	// Promises: 09:45 (late 2 min), 10:02 (missed, 10 min), 10:20 (holding's,
	// kept by 10:12), 10:27 (the estimate's, late: the all-clear at 10:50).
	if f.Promises != 4 || f.MissedPromises != 1 || f.PromisesKept != 1 {
		t.Errorf("promises %d, missed %d, kept %d; want 4, 1, 1", f.Promises, f.MissedPromises, f.PromisesKept)
	}
	if f.WorstLateness.Duration() != 23*time.Minute {
		t.Errorf("worst lateness %s; want 23m (10:27 promised, 10:50 came)", f.WorstLateness.Duration())
	}
	if f.MedianLateness.Duration() != 6*time.Minute { // of 0, 2, 10, 23 min
		t.Errorf("median lateness %s; want 6m", f.MedianLateness.Duration())
	}
	if f.EstimateRevisions != 1 || f.FinalEstimate != (Range{Min: 1200, Max: 1800}) || f.FirstEstimate != (Range{Min: 600, Max: 1200}) {
		t.Errorf("estimates %+v → %+v (%d revisions); want 10–20 min → 20–30 min, 1", f.FirstEstimate, f.FinalEstimate, f.EstimateRevisions)
	}
	secs(t, "FirstEstimateError", f.FirstEstimateError, 60*time.Minute) // 09:50 upper bound, fixed 10:50
	secs(t, "FinalEstimateError", f.FinalEstimateError, 8*time.Minute)
}

// A fix inside the range has no error; a message queued twice (again
// after a crash) and to several channels makes one promise; an open
// promise with nothing after it has not come.
func TestComputeOncePerMessage(t *testing.T) {
	s := newScript(t, t0)
	s.to = []string{"slack", "email", "status-page"}
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2, Estimate: s.estimateIn(10*time.Minute, 20*time.Minute)})
	again := s.events[len(s.events)-1]
	again.Seq = len(s.events) + 1
	s.events = append(s.events, again) // the requeue of the same message
	st := s.state()
	if f := Compute(st); f.Promises != 0 || f.Duration != nil || f.FirstEstimateError != nil {
		t.Errorf("open incident: promises %d, duration %v, error %v; want 0, nil, nil", f.Promises, f.Duration, f.FirstEstimateError)
	}
	s.after(5 * time.Minute).note("Found it.")
	s.after(10*time.Minute).resolve("Fixed.", "")
	f := Compute(s.state())
	if f.Promises != 2 || f.PromisesKept != 2 {
		t.Errorf("promises %d kept %d; want 2, 2 (one per message)", f.Promises, f.PromisesKept)
	}
	secs(t, "FirstEstimateError", f.FirstEstimateError, 0)
}

// Without its events (a live state) the notes still give the updates.
func TestComputeWithoutEvents(t *testing.T) {
	st := incident.State{DeclaredAt: t0, Notes: []incident.Note{
		{At: t0.Add(3 * time.Minute), Kind: incident.NoteHolding},
		{At: t0.Add(7 * time.Minute), Kind: incident.NoteProgress},
	}}
	f := Compute(st)
	secs(t, "TimeToFirstUpdate", f.TimeToFirstUpdate, 7*time.Minute)
	if f.Updates != 1 {
		t.Errorf("updates %d; want 1 (a holding message is not the engineer's)", f.Updates)
	}
}

// A message whose queueing was lost (a full disk) is queued again at the
// next start, after later ones: it is judged where its event was.
func TestComputeRequeuedMessageInItsPlace(t *testing.T) {
	s := newScript(t, t0)
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2})
	s.after(5 * time.Minute)
	lost := s.add(incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "Found it."}) // queued only later
	s.after(20 * time.Minute).noChange()                                                                 // 09:55
	s.after(time.Minute).publish(updates.KindNote, lost, lost.At.Add(s.cadence))                         // the requeue at a restart
	f := Compute(s.state())
	// 09:45 met by the note at 09:35; 09:50 (the note's) 5 min late by the no-change.
	if f.Promises != 2 || f.PromisesKept != 1 || f.WorstLateness.Duration() != 5*time.Minute {
		t.Errorf("promises %d kept %d worst %s; want 2, 1, 5m", f.Promises, f.PromisesKept, f.WorstLateness.Duration())
	}
}

// Several updates in one second promise the same next-update time: one
// promise, the earliest made, judged by what came after the last of them.
// Times are judged to the second: an update within the promised second is
// in time, one in the next second a second late.
func TestComputePromisesToTheSecond(t *testing.T) {
	s := newScript(t, t0)
	s.cadence = 3 * time.Second
	s.declare(incident.Declared{Title: "Checkout down", Severity: 2}) // promises 09:30:03
	s.now = t0.Add(3*time.Second + 400*time.Millisecond)              // 09:30:03.4: in time
	s.note("One.")                                                    // promises 09:30:06.4
	s.after(100 * time.Millisecond).note("Two.")                      // 09:30:03.5, promises 09:30:06.5
	s.after(100 * time.Millisecond).noChange()                        // 09:30:03.6, promises 09:30:06.6
	s.now = t0.Add(9 * time.Second)                                   // nothing by 09:30:06: a holding message
	s.holding(t0.Add(6 * time.Second))                                // promises 09:30:12
	s.now = t0.Add(12*time.Second + 900*time.Millisecond)             // 09:30:12.9: in time
	s.note("Three.")                                                  // promises 09:30:15.9
	s.now = t0.Add(16*time.Second + 100*time.Millisecond)             // 09:30:16.1: 1 s late (15 → 16)
	s.resolve("Fixed.", "")
	st := s.state()

	ps := Promises(st.Events)
	if len(ps) != 4 {
		t.Fatalf("%d promises; want 4 (09:30:03, 09:30:06 once, 09:30:12, 09:30:15): %+v", len(ps), ps)
	}
	if p := ps[1]; !p.Made.Equal(t0.Add(3400*time.Millisecond)) || !p.Missed || p.Late != 6*time.Second {
		t.Errorf("the 09:30:06 promise: made %s, missed %v, late %s; want made by the first of the three, missed, 6s (the update came at 09:30:12)", p.Made, p.Missed, p.Late)
	}
	if !ps[0].Kept() || !ps[2].Kept() || ps[3].Kept() || ps[3].Late != time.Second {
		t.Errorf("promises %+v; want 09:30:03 and 09:30:12 kept (within the second), 09:30:15 1 s late", ps)
	}
	f := Compute(st)
	if f.Promises != 4 || f.PromisesKept != 2 || f.MissedPromises != 1 || f.WorstLateness != 6 {
		t.Errorf("promises %d kept %d missed %d worst %d; want 4, 2, 1, 6", f.Promises, f.PromisesKept, f.MissedPromises, f.WorstLateness)
	}
	md := Markdown(st, timefmt.In(time.UTC))
	hasLines(t, md,
		"- Promised at 09:30:03 UTC for 09:30:06 UTC: **missed**, a holding message went instead; the update came at 09:30:12 UTC (6 s late)",
		"- Promised at 09:30:09 UTC for 09:30:12 UTC: kept, the update came at 09:30:12 UTC",
		"- Promised at 09:30:12 UTC for 09:30:15 UTC: late, the update came at 09:30:16 UTC (1 s late)",
	)
}

// Spans under an hour keep their seconds where minutes alone would
// mislead; whole minutes and hours read as before.
func TestSpanText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0 s", 800 * time.Millisecond: "1 s", 59 * time.Second: "59 s", time.Minute: "1 min",
		108 * time.Second: "1 min 48 s", 12 * time.Minute: "12 min", 59*time.Minute + 59*time.Second: "59 min 59 s",
		time.Hour + 90*time.Second: "1 h 01 min",
	} {
		if got := spanText(d); got != want {
			t.Errorf("spanText(%s) = %q; want %q", d, got, want)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		xs   []Seconds
		want Seconds
	}{
		{nil, 0},
		{[]Seconds{40}, 40},
		{[]Seconds{300, 60, 120}, 120},
		{[]Seconds{300, 60, 120, 30}, 90},
	} {
		if got := Median(slices.Clone(c.xs)); got != c.want {
			t.Errorf("Median(%v) = %d; want %d", c.xs, got, c.want)
		}
	}
}
