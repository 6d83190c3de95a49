package api

import "time"

// Drill routes: GET PathDrills answers Drills; POST PathDrillSkip records
// that the engineer skipped a scheduled drill (DrillSkipRequest →
// DrillSkipReply).
const (
	PathDrills    = "/v1/drills"
	PathDrillSkip = "/v1/drills/skip"
)

// Drills is what `keepcool drills` shows: the scenarios in the drills
// folder and the [[drill]] schedules.
type Drills struct {
	Dir       string          `json:"dir"`
	Scenarios []DrillScenario `json:"scenarios"`
	Schedules []DrillSchedule `json:"schedules"`
	// Problems are scenario files that do not read, each "FILE:LINE: what".
	Problems []string `json:"problems,omitempty"`
}

// DrillScenario is one scenario file: what a drill of it declares.
type DrillScenario struct {
	Name     string `json:"name"` // start it with `keepcool start --scenario NAME`
	Title    string `json:"title"`
	File     string `json:"file"`
	Severity int    `json:"severity,omitempty"`
	Estimate string `json:"estimate,omitempty"`
	Impact   string `json:"impact,omitempty"`
	Known    string `json:"known,omitempty"`
	Unknown  string `json:"unknown,omitempty"`
	Plan     string `json:"plan,omitempty"`
	Events   int    `json:"events"` // scripted events
	// Problems are why a drill of it would be refused, each
	// "FILE:LINE: what" (a channel_fails on a channel without drill = true).
	Problems []string `json:"problems,omitempty"`
}

// DrillSchedule is one [[drill]] schedule and what became of it last.
type DrillSchedule struct {
	Spec     string     `json:"schedule"`
	Scenario string     `json:"scenario"`
	NextDue  *time.Time `json:"next_due,omitempty"`
	// Pending: its reminder is on screen, neither started nor skipped.
	Pending     bool       `json:"pending,omitempty"`
	LastOutcome string     `json:"last_outcome,omitempty"` // reminded|started|skipped
	LastAt      *time.Time `json:"last_at,omitempty"`
	LastWhy     string     `json:"last_why,omitempty"` // why it was skipped
	Missing     bool       `json:"missing,omitempty"`  // its scenario is not in the folder
}

// DrillSkipRequest skips the pending reminder of Scenario, or every
// pending one when Scenario is "".
type DrillSkipRequest struct {
	Scenario string `json:"scenario,omitempty"`
}

// DrillSkipReply names the scenarios whose reminders were skipped.
type DrillSkipReply struct {
	Skipped []string `json:"skipped"`
}
