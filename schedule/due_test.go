package schedule

import (
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
)

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

var policy = Policy{Cadence: 15 * time.Minute, Grace: 2 * time.Minute}

// sim is an incident driven the way the engine drives one: every action Due
// returns is recorded as an event before the next call.
type sim struct {
	t      testing.TB
	state  incident.State
	seq    int
	counts map[ActionKind]int
}

func newSim(t testing.TB, est incident.Estimate) *sim {
	s := &sim{t: t, counts: map[ActionKind]int{}}
	s.add(t0, incident.KindDeclared, incident.Declared{ID: "x", Title: "db down", Severity: 2, Estimate: est})
	return s
}

func (s *sim) add(at time.Time, kind string, data any) {
	s.t.Helper()
	e, err := incident.NewEvent(at, kind, data)
	if err != nil {
		s.t.Fatal(err)
	}
	s.seq++
	e.Seq = s.seq
	if err := s.state.Apply(e); err != nil {
		s.t.Fatal(err)
	}
}

// tick calls Due at now and acts on the result as the engine does.
func (s *sim) tick(now time.Time, p Policy) []Action {
	due := Due(s.state, now, p)
	for _, a := range due {
		s.counts[a.Kind]++
		switch a.Kind {
		case SendHolding:
			s.add(now, incident.KindNote, incident.NoteAdded{Kind: incident.NoteHolding, Promised: a.Promised})
		case PromptUpdate:
			s.add(now, incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: a.For})
		case PromptEstimate:
			s.add(now, incident.KindPrompted, incident.Prompted{Reason: incident.PromptEstimate, For: a.For})
		}
	}
	return due
}

// run ticks every step from..to inclusive.
func (s *sim) run(from, to time.Time, step time.Duration, p Policy) {
	for now := from; !now.After(to); now = now.Add(step) {
		s.tick(now, p)
	}
}

func far() incident.Estimate {
	return incident.Estimate{MinAt: t0.Add(10 * time.Hour), MaxAt: t0.Add(12 * time.Hour)}
}

func kinds(as []Action) []ActionKind {
	var out []ActionKind
	for _, a := range as {
		out = append(out, a.Kind)
	}
	return out
}

func equalKinds(a, b []ActionKind) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDue(t *testing.T) {
	m := time.Minute
	tests := []struct {
		name  string
		setup func(s *sim)
		at    time.Duration
		want  []ActionKind
	}{
		{"nothing before the cadence", nil, 14*m + 59*time.Second, nil},
		{"prompt at the cadence", nil, 15 * m, []ActionKind{PromptUpdate}},
		{"note resets the cadence", func(s *sim) {
			s.add(t0.Add(10*m), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "rolled back"})
		}, 20 * m, nil},
		{"prompt 15m after the last note", func(s *sim) {
			s.add(t0.Add(10*m), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "rolled back"})
		}, 25 * m, []ActionKind{PromptUpdate}},
		{"no-change counts as an update", func(s *sim) {
			s.add(t0.Add(14*m), incident.KindNote, incident.NoteAdded{Kind: incident.NoteNoChange})
		}, 16 * m, nil},
		{"already prompted: nothing until grace ends", func(s *sim) {
			s.add(t0.Add(15*m), incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: t0.Add(15 * m)})
		}, 16 * m, nil},
		{"grace passed: holding message", func(s *sim) {
			s.add(t0.Add(15*m), incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: t0.Add(15 * m)})
		}, 17 * m, []ActionKind{SendHolding}},
		{"snooze delays the prompt", func(s *sim) {
			s.add(t0.Add(14*m), incident.KindSnoozed, incident.Snoozed{Until: t0.Add(19 * m)})
		}, 16 * m, nil},
		{"snooze over: prompt", func(s *sim) {
			s.add(t0.Add(15*m), incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: t0.Add(15 * m)})
			s.add(t0.Add(15*m+10*time.Second), incident.KindSnoozed, incident.Snoozed{Until: t0.Add(16 * m)})
		}, 16 * m, []ActionKind{PromptUpdate}},
		{"snooze does not hold back the holding message", func(s *sim) {
			s.add(t0.Add(15*m), incident.KindPrompted, incident.Prompted{Reason: incident.PromptUpdate, For: t0.Add(15 * m)})
			s.add(t0.Add(15*m), incident.KindSnoozed, incident.Snoozed{Until: t0.Add(30 * m)})
		}, 17 * m, []ActionKind{SendHolding}},
		{"resolved: nothing", func(s *sim) {
			s.add(t0.Add(5*m), incident.KindResolved, incident.Resolution{})
		}, 3 * time.Hour, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSim(t, far())
			if tt.setup != nil {
				tt.setup(s)
			}
			if got := kinds(Due(s.state, t0.Add(tt.at), policy)); !equalKinds(got, tt.want) {
				t.Fatalf("Due at +%s = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}

func TestEstimateExceeded(t *testing.T) {
	est := incident.Estimate{MinAt: t0.Add(5 * time.Minute), MaxAt: t0.Add(10 * time.Minute)}
	s := newSim(t, est)
	if got := kinds(s.tick(t0.Add(9*time.Minute), policy)); len(got) != 0 {
		t.Fatalf("before the upper bound: %v", got)
	}
	if got := kinds(s.tick(t0.Add(10*time.Minute), policy)); !equalKinds(got, []ActionKind{PromptEstimate}) {
		t.Fatalf("at the upper bound: %v, want [prompt-estimate]", got)
	}
	if got := kinds(s.tick(t0.Add(11*time.Minute), policy)); len(got) != 0 {
		t.Fatalf("asked once per estimate, got %v again", got)
	}
	// A revision moves the bound; passing the new one asks again.
	s.add(t0.Add(12*time.Minute), incident.KindEstimateRevised, incident.EstimateRevised{
		Estimate: incident.Estimate{MinAt: t0.Add(20 * time.Minute), MaxAt: t0.Add(40 * time.Minute)},
	})
	s.run(t0.Add(12*time.Minute), t0.Add(39*time.Minute), 30*time.Second, policy)
	if n := s.counts[PromptEstimate]; n != 1 {
		t.Fatalf("estimate prompts before the new bound = %d, want 1", n)
	}
	s.tick(t0.Add(40*time.Minute), policy)
	if n := s.counts[PromptEstimate]; n != 2 {
		t.Fatalf("estimate prompts after the new bound = %d, want 2", n)
	}
}

// After the laptop sleeps two hours, the first tick catches up with one
// holding message and one prompt, not eight of each.
func TestClockJumpForward(t *testing.T) {
	s := newSim(t, far())
	s.run(t0, t0.Add(10*time.Minute), 30*time.Second, policy)
	woke := t0.Add(10*time.Minute + 2*time.Hour)
	if got := kinds(s.tick(woke, policy)); !equalKinds(got, []ActionKind{SendHolding, PromptUpdate}) {
		t.Fatalf("after the jump: %v, want [holding prompt-update]", got)
	}
	s.run(woke.Add(30*time.Second), woke.Add(14*time.Minute), 30*time.Second, policy)
	if s.counts[SendHolding] != 1 || s.counts[PromptUpdate] != 1 {
		t.Fatalf("after the jump: %d holding, %d prompts; want 1 and 1", s.counts[SendHolding], s.counts[PromptUpdate])
	}
	if s.state.MissedUpdates != 1 {
		t.Fatalf("missed updates = %d, want 1", s.state.MissedUpdates)
	}
}

// A restart is a replay: a fresh State from the same events decides the same.
func TestRestartReplaysTheSameDecision(t *testing.T) {
	s := newSim(t, far())
	s.run(t0, t0.Add(16*time.Minute), 30*time.Second, policy) // prompted at 15m
	replayed, errs := incident.Project(s.state.Events)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	at := t0.Add(16*time.Minute + 30*time.Second)
	if got := Due(replayed, at, policy); len(got) != 0 {
		t.Fatalf("after a restart the prompt fired again: %v", kinds(got))
	}
	if got := kinds(Due(replayed, t0.Add(17*time.Minute), policy)); !equalKinds(got, []ActionKind{SendHolding}) {
		t.Fatalf("after a restart, at grace end: %v, want [holding]", got)
	}
}

// A wall clock stepped back an hour must not silence the prompts while
// holding messages go on.
func TestClockStepBack(t *testing.T) {
	s := newSim(t, far())
	s.run(t0, t0.Add(40*time.Minute), 30*time.Second, policy)
	before := s.counts[PromptUpdate]
	holdingsBefore := s.counts[SendHolding]
	back := t0.Add(40*time.Minute - time.Hour)
	// A note posted after the step: its promise is in the new wall time.
	s.add(back, incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "still on it"})
	s.run(back, back.Add(50*time.Minute), 30*time.Second, policy)
	prompts, holdings := s.counts[PromptUpdate]-before, s.counts[SendHolding]-holdingsBefore
	if prompts != 3 || holdings != 2 {
		t.Fatalf("in the 50 minutes after the clock stepped back: %d prompts, %d holding messages; want 3 and 2", prompts, holdings)
	}
}

// Snoozing after an estimate prompt does not ask for the estimate again.
func TestSnoozeAfterEstimatePrompt(t *testing.T) {
	s := newSim(t, incident.Estimate{MinAt: t0.Add(5 * time.Minute), MaxAt: t0.Add(10 * time.Minute)})
	s.tick(t0.Add(10*time.Minute), policy)
	s.add(t0.Add(11*time.Minute), incident.KindSnoozed, incident.Snoozed{Until: t0.Add(16 * time.Minute)})
	s.run(t0.Add(11*time.Minute), t0.Add(20*time.Minute), 30*time.Second, policy)
	if n := s.counts[PromptEstimate]; n != 1 {
		t.Fatalf("%d estimate prompts, want 1", n)
	}
	if n := s.counts[PromptUpdate]; n != 1 {
		t.Fatalf("%d update prompts after the snooze, want 1 (at 16m)", n)
	}
}

func TestSteadyRhythm(t *testing.T) {
	s := newSim(t, far())
	s.run(t0, t0.Add(2*time.Hour), 10*time.Second, policy)
	// No notes at all: prompt at +15, holding at +17, prompt at +32, …: a
	// 17-minute rhythm, so 7 of each in two hours.
	if s.counts[PromptUpdate] != 7 || s.counts[SendHolding] != 7 {
		t.Fatalf("in 2h with no notes: %d prompts, %d holding; want 7 and 7", s.counts[PromptUpdate], s.counts[SendHolding])
	}
}

func TestPerSeverityCadence(t *testing.T) {
	p := policy
	p.CadenceBySeverity = map[int]time.Duration{2: 5 * time.Minute}
	s := newSim(t, far())
	if got := kinds(Due(s.state, t0.Add(5*time.Minute), p)); !equalKinds(got, []ActionKind{PromptUpdate}) {
		t.Fatalf("SEV2 with a 5m cadence at +5m: %v", got)
	}
	if got := NextUpdateDue(s.state, p); !got.Equal(t0.Add(5 * time.Minute)) {
		t.Fatalf("next update due %s", got)
	}
}

func TestNextIsWhenDueChanges(t *testing.T) {
	s := newSim(t, incident.Estimate{MinAt: t0.Add(20 * time.Minute), MaxAt: t0.Add(40 * time.Minute)})
	now := t0
	var fired []time.Duration
	for range 6 {
		next := Next(s.state, now, policy)
		if next.IsZero() {
			t.Fatal("nothing scheduled during an active incident")
		}
		if got := Due(s.state, next.Add(-time.Millisecond), policy); len(got) != 0 {
			t.Fatalf("something was due before Next (%s): %v", next.Sub(t0), kinds(got))
		}
		if len(s.tick(next, policy)) == 0 {
			t.Fatalf("Next said %s but nothing was due then", next.Sub(t0))
		}
		fired = append(fired, next.Sub(t0))
		now = next
	}
	want := []time.Duration{15 * time.Minute, 17 * time.Minute, 32 * time.Minute, 34 * time.Minute, 40 * time.Minute, 49 * time.Minute}
	for i := range want {
		if fired[i] != want[i] {
			t.Fatalf("wake-ups %v, want %v", fired, want)
		}
	}
}

func BenchmarkDue(b *testing.B) {
	s := newSim(b, far())
	for i := range 200 {
		s.add(t0.Add(time.Duration(i)*time.Second), incident.KindNote, incident.NoteAdded{Kind: incident.NoteProgress, Text: "x"})
	}
	now := t0.Add(time.Hour)
	for b.Loop() {
		Due(s.state, now, policy)
	}
}
