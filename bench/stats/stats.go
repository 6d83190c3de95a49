// Package stats summarises latency samples for the bench programs.
package stats

import (
	"fmt"
	"slices"
	"time"
)

// Summary is the spread of a set of samples.
type Summary struct {
	N                     int
	Min, Median, P99, Max time.Duration
}

// Of summarises samples (which it sorts).
func Of(samples []time.Duration) Summary {
	if len(samples) == 0 {
		return Summary{}
	}
	slices.Sort(samples)
	at := func(q float64) time.Duration { return samples[min(len(samples)-1, int(q*float64(len(samples))))] }
	return Summary{N: len(samples), Min: samples[0], Median: at(0.5), P99: at(0.99), Max: samples[len(samples)-1]}
}

func (s Summary) String() string {
	return fmt.Sprintf("n=%d  min %s  median %s  p99 %s  max %s", s.N, round(s.Min), round(s.Median), round(s.P99), round(s.Max))
}

func round(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d > 10*time.Microsecond:
		return d.Round(time.Microsecond)
	}
	return d
}
