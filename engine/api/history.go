package api

import "github.com/keepcool/keepcool/postmortem"

// PathCalibration (GET, ?severity=N&eta=RANGE, both optional) answers with
// a Calibration: how the first fix estimates of past real incidents of
// that severity, given as that range ("30m-90m", as `start --eta` takes
// it), held.
const PathCalibration = "/v1/calibration"

// Calibration is how past first estimates held. When there are too few
// past incidents of the severity with the range but enough with the range
// at any severity, it is those (Severity 0).
type Calibration struct {
	Severity int               `json:"severity,omitempty"` // 0: every severity
	Range    *postmortem.Range `json:"range,omitempty"`    // nil: every range
	// Incidents counts the past real (not drill), resolved incidents with
	// a first estimate; Held those fixed inside it, Over after, Under
	// before.
	Incidents int `json:"incidents"`
	Held      int `json:"held"`
	Over      int `json:"over"`
	Under     int `json:"under"`
	// MedianOverrun is, over the Over ones, how long after the range the
	// fix landed.
	MedianOverrun postmortem.Seconds `json:"median_overrun_seconds"`
	// Enough: there are enough incidents (3) for the figures to mean
	// something.
	Enough bool `json:"enough"`
	// Sentence says it for people ("your 30–90 min SEV2 estimates held 5
	// of 8 times; median overrun 25 min"); "" when there is not enough
	// history.
	Sentence string `json:"sentence"`
}
