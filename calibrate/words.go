package calibrate

import (
	"fmt"

	"github.com/keepcool/keepcool/postmortem"
	"github.com/keepcool/keepcool/timefmt"
)

// RangeLabel writes a range as the declare window's quick picks do:
// "30–90 min", "1–3 h", "45 min–2 h 30 min".
func RangeLabel(r postmortem.Range) string {
	const minute, hour = 60, 3600
	switch {
	case r.Min == r.Max:
		return span(r.Max)
	case r.Min%hour == 0 && r.Max%hour == 0 && r.Min > 0:
		return fmt.Sprintf("%d–%d h", r.Min/hour, r.Max/hour)
	case r.Min%minute == 0 && r.Max%minute == 0 && r.Max <= 2*hour:
		return fmt.Sprintf("%d–%d min", r.Min/minute, r.Max/minute)
	}
	return span(r.Min) + "–" + span(r.Max)
}

// span is s for people: "25 min", "1 h 05 min", "40 s".
func span(s postmortem.Seconds) string { return timefmt.Span(s.Duration()) }
