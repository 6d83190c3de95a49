package check

import (
	"fmt"
	"time"
)

// FarEstimate is how far away a fix estimate's upper bound may be before it
// is more likely a typo (30h for 30m) than a plan.
const FarEstimate = 24 * time.Hour

// EstimateRange warns when the estimate's upper bound, maxAt, is more than
// FarEstimate after now.
func EstimateRange(maxAt, now time.Time) []Warning {
	d := maxAt.Sub(now)
	if d <= FarEstimate {
		return nil
	}
	return []Warning{{Code: Estimate, Field: "estimate", Message: fmt.Sprintf(
		"The fix estimate ends %s from now, more than a day: did you mean minutes? Stakeholders will plan around it.", days(d))}}
}

// days says a long duration the way people say it: "30 h", "3 days".
func days(d time.Duration) string {
	h := int(d.Round(time.Hour) / time.Hour)
	if h < 48 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d days", h/24)
}
