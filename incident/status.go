package incident

import (
	"fmt"
	"strings"
)

// Status is where the incident stands. It only moves forward in the usual
// flow, but an engineer may step back (monitoring → investigating) when a fix
// does not hold.
type Status string

// Statuses, in their usual order.
const (
	Investigating Status = "investigating"
	Identified    Status = "identified"
	Monitoring    Status = "monitoring"
	Resolved      Status = "resolved"
)

// ParseStatus accepts a status name (case-insensitive). Resolved is not
// accepted: an incident is resolved with Resolve, which sends the all-clear.
func ParseStatus(s string) (Status, error) {
	switch st := Status(strings.ToLower(strings.TrimSpace(s))); st {
	case Investigating, Identified, Monitoring:
		return st, nil
	case Resolved:
		return "", fmt.Errorf("status %q: use `keepcool resolve` to resolve the incident", s)
	default:
		return "", fmt.Errorf("status %q: not one of investigating, identified, monitoring", s)
	}
}
