package incident

import (
	"errors"
	"fmt"
	"strconv"
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

// wallClock is a time of day as the engineer wrote it.
type wallClock struct {
	hour, minute int
	ampm         bool // written with am/pm
	text         string
}

func (c wallClock) minutes() int { return c.hour*60 + c.minute }

// parseUntil parses what follows "until": "11:30", "9:05pm", "11:30-12:00",
// each on today's calendar in now's location, or tomorrow's when the text
// starts or ends with "tomorrow". A time that has passed today is refused
// with the fix ("until tomorrow 05:00"), never moved to tomorrow silently:
// the engineer may have misread the zone or mistyped the hour, and the
// estimate goes to stakeholders at once.
func parseUntil(text string, now time.Time) (Estimate, error) {
	text, day := cutTomorrow(text)
	if text == "" {
		return Estimate{}, errors.New(`the time is missing; write e.g. "until 11:30" or "until 9:05pm"`)
	}
	loText, hiText, isRange, err := splitEstimateRange(text)
	if errors.Is(err, errEstimateNegative) { // a stray dash, not a sign
		return Estimate{}, notAWallClock(text)
	}
	if err != nil {
		return Estimate{}, err
	}
	lo, err := parseWallClock(loText)
	if err != nil {
		return Estimate{}, err
	}
	if !isRange {
		at := onDay(lo, now, day)
		if !at.After(now) {
			return Estimate{}, passedError(lo, lo, at, now)
		}
		return Estimate{MinAt: at, MaxAt: at}, nil
	}
	hi, err := parseWallClock(hiText)
	if err != nil {
		return Estimate{}, err
	}
	if lo.ampm != hi.ampm {
		return Estimate{}, errEstimateMixedAMPM
	}
	hiDay, err := wallClockRangeEndDay(lo, hi, day)
	if err != nil {
		return Estimate{}, err
	}
	minAt, maxAt := onDay(lo, now, day), onDay(hi, now, hiDay)
	if minAt.After(maxAt) { // lo fell into a DST gap and was moved past hi
		minAt = maxAt
	}
	// A window across midnight that began yesterday is under way now.
	if hiDay > day && day == 0 && onDay(hi, now, 0).After(now) {
		return Estimate{}, fmt.Errorf(`%s has already passed; write "until %s"`, lo.text, hi.text)
	}
	switch {
	case !maxAt.After(now):
		return Estimate{}, passedError(lo, hi, maxAt, now)
	case minAt.Before(now) && hiDay > day:
		return Estimate{}, fmt.Errorf(`%s has already passed; write "until tomorrow %s"`, lo.text, hi.text)
	case minAt.Before(now):
		return Estimate{}, fmt.Errorf(`%s has already passed; write "until %s"`, lo.text, hi.text)
	}
	return Estimate{MinAt: minAt, MaxAt: maxAt}, nil
}

// cutTomorrow strips "tomorrow" from either end of text and returns how
// many days ahead the clock times fall: 1 with it, 0 without.
func cutTomorrow(text string) (string, int) {
	if text == "tomorrow" {
		return "", 1
	}
	if rest, ok := strings.CutPrefix(text, "tomorrow"); ok && startsWithSpaceOrEnd(rest) {
		return strings.TrimSpace(rest), 1
	}
	if rest, ok := strings.CutSuffix(text, "tomorrow"); ok && strings.TrimRightFunc(rest, unicode.IsSpace) != rest {
		return strings.TrimSpace(rest), 1
	}
	return text, 0
}

// passedError refuses the clock time lo (or the range lo-hi) that has
// passed today, saying how to ask for tomorrow, and for a morning time
// written as a 12-hour clock would ("1:20", not "01:20") how to ask for
// the afternoon, which its writer may have meant.
func passedError(lo, hi wallClock, at, now time.Time) error {
	written := lo.text
	if hi.text != lo.text {
		written += "-" + hi.text
	}
	msg := fmt.Sprintf(`%s %s has passed; write "until tomorrow %s" for tomorrow`, written, timefmt.In(now.Location()).ZoneName(at), written)
	if lo.text == hi.text && !lo.ampm && lo.text[0] != '0' && lo.hour >= 1 && lo.hour < 12 {
		if pm := onDay(wallClock{hour: lo.hour + 12, minute: lo.minute}, now, 0); pm.After(now) {
			msg += fmt.Sprintf(`, or "until %spm" for %s today`, lo.text, timefmt.Style{Zone: now.Location(), Hour12: true}.Clock(pm))
		}
	}
	return errors.New(msg)
}

// wallClockRangeEndDay is the day, counted from today, on which the range's
// upper time falls when its lower one falls on day. A lower clock later
// than the upper one is read as crossing midnight ("23:30-00:30"), but only
// for windows of up to 12 hours: "12:00-11:30" is far more likely swapped
// than a 23½-hour window.
func wallClockRangeEndDay(lo, hi wallClock, day int) (int, error) {
	if lo.minutes() <= hi.minutes() {
		return day, nil
	}
	if lo.minutes()-hi.minutes() < 12*60 {
		return 0, fmt.Errorf(`the lower bound is after the upper bound; write it as "until %s-%s"`, hi.text, lo.text)
	}
	return day + 1, nil
}

// onDay is the time c on the calendar day days after now's, in now's
// location.
func onDay(c wallClock, now time.Time, days int) time.Time {
	y, m, d := now.Date()
	return time.Date(y, m, d+days, c.hour, c.minute, 0, 0, now.Location())
}

// parseWallClock parses "11:30", "21:05", "9:05pm", "9 pm" and "12am".
func parseWallClock(text string) (wallClock, error) {
	c := wallClock{text: text}
	body, pm := text, false
	if b, ok := strings.CutSuffix(text, "pm"); ok {
		body, pm, c.ampm = strings.TrimSpace(b), true, true
	} else if b, ok := strings.CutSuffix(text, "am"); ok {
		body, c.ampm = strings.TrimSpace(b), true
	}
	hourText, minuteText, hasMinutes := strings.Cut(body, ":")
	hour, okHour := smallNumber(hourText, 1, 2)
	minute, okMinute := 0, c.ampm && !hasMinutes
	if hasMinutes {
		minute, okMinute = smallNumber(minuteText, 2, 2)
	}
	switch {
	case !okHour || !okMinute || minute > 59:
	case c.ampm && hour >= 1 && hour <= 12:
		c.hour, c.minute = hour%12, minute
		if pm {
			c.hour += 12
		}
		return c, nil
	case !c.ampm && hour <= 23:
		c.hour, c.minute = hour, minute
		return c, nil
	}
	return wallClock{}, notAWallClock(text)
}

func notAWallClock(text string) error {
	return fmt.Errorf(`%q is not a time of day; write e.g. "until 11:30" or "until 9:05pm"`, text)
}

// smallNumber parses a string of minLen to maxLen ASCII digits.
func smallNumber(text string, minLen, maxLen int) (int, bool) {
	if len(text) < minLen || len(text) > maxLen {
		return 0, false
	}
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(text)
	return n, err == nil
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
