package postmortem

import (
	"slices"
	"time"
)

// FiguresVersion says how Compute works out Figures. Bump it whenever
// Compute's results for the same journal change (a promise judged
// differently, a new figure): the history index keeps figures it computed
// and makes them again when their version is not this one.
const FiguresVersion = 4

// Figures are an incident's numbers, as its post-mortem, `keepcool
// history` and the drill trend show them. Spans are whole seconds; a nil
// span is one that cannot be known (no start time given, no update yet,
// not resolved yet).
type Figures struct {
	// TimeToDeclare runs from when the trouble began (start --started) to
	// the declaration.
	TimeToDeclare *Seconds `json:"time_to_declare_seconds,omitempty"`
	// TimeToFirstUpdate runs from the declaration to the first update
	// the engineer posted (a note or a no-change).
	TimeToFirstUpdate *Seconds `json:"time_to_first_update_seconds,omitempty"`
	// Duration runs from the declaration to the all-clear.
	Duration *Seconds `json:"duration_seconds,omitempty"`

	Updates int `json:"updates"` // notes and no-change updates the engineer posted

	// Promises counts the next-update times stakeholders were promised
	// that have come; Kept those an update met in time, Missed those a
	// holding message answered instead. Lateness is, per promise, how long
	// after it the next update came (0 when in time).
	Promises       int     `json:"promises"`
	PromisesKept   int     `json:"promises_kept"`
	MissedPromises int     `json:"missed_promises"`
	MedianLateness Seconds `json:"median_lateness_seconds"`
	WorstLateness  Seconds `json:"worst_lateness_seconds"`

	// FirstEstimate is the range given at the declaration, FinalEstimate
	// the last one, each as spans from the time it was given.
	FirstEstimate     Range `json:"first_estimate"`
	FinalEstimate     Range `json:"final_estimate"`
	EstimateRevisions int   `json:"estimate_revisions"`
	// FirstEstimateError and FinalEstimateError say where the fix landed
	// against that range: 0 inside it, positive that long after its upper
	// bound, negative that long before its lower bound.
	FirstEstimateError *Seconds `json:"first_estimate_error_seconds,omitempty"`
	FinalEstimateError *Seconds `json:"final_estimate_error_seconds,omitempty"`
}

// Range is an estimate as spans from when it was given: "fix in 30–90 min".
type Range struct {
	Min Seconds `json:"min_seconds"`
	Max Seconds `json:"max_seconds"`
}

// Seconds is a span in whole seconds, as JSON carries it.
type Seconds int64

// SecondsOf rounds d to whole seconds.
func SecondsOf(d time.Duration) Seconds { return Seconds(d.Round(time.Second) / time.Second) }

// Duration is s as a time.Duration.
func (s Seconds) Duration() time.Duration { return time.Duration(s) * time.Second }

// Median is the middle of xs (the mean of the two middle ones for an even
// count), 0 for none. It sorts xs in place.
func Median(xs []Seconds) Seconds {
	n := len(xs)
	if n == 0 {
		return 0
	}
	slices.Sort(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}
