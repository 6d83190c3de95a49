package incident

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/keepcool/keepcool/timefmt"
)

// Estimate is when the fix is expected, as absolute wall-clock times.
// MinAt == MaxAt is a point estimate ("45m", "until 11:30").
type Estimate struct {
	MinAt time.Time `json:"min_at"`
	MaxAt time.Time `json:"max_at"`
}

// maxEstimateAhead caps how far out an estimate may reach. Past a week the
// work is a project, not an incident; the cap also keeps now.Add far away
// from time.Duration's overflow.
const maxEstimateAhead = 7 * 24 * time.Hour

const estimateForms = `use a range like 30m-90m, a point like 45m, or "until 11:30"`

var (
	errEstimateGarbage   = errors.New("not understood; " + estimateForms)
	errEstimateTooLong   = errors.New("more than 7 days is not an incident estimate; give at most 168h")
	errEstimateNegative  = errors.New("a duration cannot be negative; give the time from now, e.g. 30m-90m")
	errEstimateNoUnit    = errors.New("every bound needs a unit (h, m or s); write e.g. 30m-90m or 30-90m")
	errEstimateNoBound   = errors.New(`a range needs a lower and an upper bound; write e.g. 30m-90m or "until 11:30-12:00"`)
	errEstimateMixedAMPM = errors.New(`give both times am/pm, or neither; write e.g. "until 9:30pm-10pm" or "until 21:30-22:00"`)
)

// Span is how wide the range is: MaxAt-MinAt, zero for a point.
func (e Estimate) Span() time.Duration { return e.MaxAt.Sub(e.MinAt) }

// IsZero reports an unset estimate.
func (e Estimate) IsZero() bool { return e.MinAt.IsZero() && e.MaxAt.IsZero() }

// ParseEstimate parses an estimate given at now. It accepts
//
//	30m-90m, 30-90m, 1h-2h30m   a range from now (a bare number takes the other bound's unit)
//	45m                         a point from now
//	until 11:30, until 9:05pm   that wall-clock time today in now's location
//	until 11:30-12:00           a range of wall-clock times today
//	until tomorrow 05:00        the same, tomorrow ("until 05:00 tomorrow" too)
//
// case-insensitively, with spaces around the tokens and "-", "–" or "—" as
// the separator. Durations use Go's h, m and s units and must be positive and
// at most 7 days. A clock time that has passed today is refused, never
// moved to tomorrow unasked; a clock range may cross midnight
// ("23:30-00:30"), and one whose lower time has passed is refused too.
// Errors quote s and say how to write it instead.
func ParseEstimate(s string, now time.Time) (Estimate, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	if text == "" {
		return Estimate{}, errors.New("estimate is empty; " + estimateForms)
	}
	text = strings.NewReplacer("–", "-", "—", "-", "−", "-").Replace(text)
	var e Estimate
	var err error
	if rest, ok := strings.CutPrefix(text, "until"); ok && startsWithSpaceOrEnd(rest) {
		e, err = parseUntil(strings.TrimSpace(rest), now)
	} else {
		e, err = parseFromNow(text, now)
	}
	if err != nil {
		return Estimate{}, fmt.Errorf("estimate %q: %w", s, err)
	}
	return e, nil
}

func startsWithSpaceOrEnd(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s == "" || unicode.IsSpace(r)
}

// splitEstimateRange splits "a-b" into its trimmed bounds. ok is false when
// there is no separator; a second separator is an error.
func splitEstimateRange(text string) (lo, hi string, ok bool, err error) {
	lo, hi, ok = strings.Cut(text, "-")
	if !ok {
		return text, text, false, nil
	}
	lo, hi = strings.TrimSpace(lo), strings.TrimSpace(hi)
	switch {
	case lo == "" && hi != "", strings.HasPrefix(hi, "-"):
		return "", "", true, errEstimateNegative
	case lo == "" || hi == "":
		return "", "", true, errEstimateNoBound
	case strings.Contains(hi, "-"):
		return "", "", true, errEstimateGarbage
	}
	return lo, hi, true, nil
}

// parseFromNow parses the duration forms: "45m", "30m-90m", "30-90m".
func parseFromNow(text string, now time.Time) (Estimate, error) {
	loText, hiText, isRange, err := splitEstimateRange(text)
	if err != nil {
		return Estimate{}, err
	}
	if !isRange {
		if isBareNumber(text) {
			return Estimate{}, fmt.Errorf("%s needs a unit (h, m or s); write e.g. %sm", text, text)
		}
		d, err := parseEstimateDuration(text)
		if err != nil {
			return Estimate{}, err
		}
		return Estimate{MinAt: now.Add(d), MaxAt: now.Add(d)}, nil
	}
	lo, err := parseEstimateBound(loText, hiText)
	if err != nil {
		return Estimate{}, err
	}
	hi, err := parseEstimateBound(hiText, loText)
	if err != nil {
		return Estimate{}, err
	}
	if lo > hi {
		return Estimate{}, fmt.Errorf("the lower bound is after the upper bound; write it as %s-%s", hiText, loText)
	}
	return Estimate{MinAt: now.Add(lo), MaxAt: now.Add(hi)}, nil
}

// parseEstimateBound parses one bound of a range; a bare number borrows the
// unit of the other bound when that one has exactly one ("30-90m", "1h-2").
func parseEstimateBound(bound, other string) (time.Duration, error) {
	if isBareNumber(bound) {
		unit := singleUnit(other)
		switch {
		case unit != "":
			bound += unit
		case isBareNumber(other) || isUnitSequence(other):
			return 0, errEstimateNoUnit
		default:
			return 0, errEstimateGarbage
		}
	}
	return parseEstimateDuration(bound)
}

// parseEstimateDuration parses a positive duration of at most 7 days.
// time.ParseDuration alone would also take signs and ms, µs and ns, none of
// which belong in an incident estimate.
func parseEstimateDuration(text string) (time.Duration, error) {
	if !isUnitSequence(text) {
		return 0, errEstimateGarbage
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		// The text is well-formed, so the only failure left is overflow.
		return 0, errEstimateTooLong
	}
	if d <= 0 {
		return 0, fmt.Errorf("%s is zero; an estimate must be later than now, e.g. 30m", text)
	}
	if d > maxEstimateAhead {
		return 0, errEstimateTooLong
	}
	return d, nil
}

// isUnitSequence reports whether text is one or more number+unit pairs with
// units h, m or s: "90m", "1h30m", "1.5h".
func isUnitSequence(text string) bool {
	if text == "" {
		return false
	}
	for text != "" {
		n := numberPrefixLen(text)
		if n == 0 || n == len(text) || !isEstimateUnit(text[n]) {
			return false
		}
		text = text[n+1:]
	}
	return true
}

// singleUnit returns the unit of a one-unit duration like "90m" or "1.5h",
// and "" for anything else ("1h30m", "30", garbage).
func singleUnit(text string) string {
	n := numberPrefixLen(text)
	if n == 0 || len(text) != n+1 || !isEstimateUnit(text[n]) {
		return ""
	}
	return text[n:]
}

func isEstimateUnit(c byte) bool { return c == 'h' || c == 'm' || c == 's' }

func isBareNumber(text string) bool { return text != "" && numberPrefixLen(text) == len(text) }

// numberPrefixLen is the length of the decimal number ("90", "1.5", ".5")
// text starts with, or 0 if it does not start with one.
func numberPrefixLen(text string) int {
	digits, dots, i := 0, 0, 0
	for ; i < len(text); i++ {
		switch c := text[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			if digits == 0 || dots > 1 {
				return 0
			}
			return i
		}
	}
	if digits == 0 || dots > 1 {
		return 0
	}
	return i
}

// Format renders the estimate as wall-clock times in now's location, on a
// 24-hour clock: see Text.
func (e Estimate) Format(now time.Time) string {
	return e.Text(timefmt.In(now.Location()), now)
}

// Text renders the estimate as wall-clock times in ts, read at now:
// "09:30–10:15 CET", or "09:30 CET" for a point. A time on a later day
// than now gets its weekday ("Tue 09:30 CET"), and one further than six
// days away or already in the past its date too ("Tue 1 Dec 09:30 CET"),
// so it is never ambiguous. The zero Estimate renders as "".
func (e Estimate) Text(ts timefmt.Style, now time.Time) string {
	if e.IsZero() {
		return ""
	}
	return ts.Range(e.MinAt, e.MaxAt, now)
}
