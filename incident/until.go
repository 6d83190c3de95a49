package incident

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/keepcool/keepcool/timefmt"
)

// "until" estimates: a time of day as the engineer wrote it, on today's or
// tomorrow's calendar.

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

// WallClockOn reads a time of day as "until" does ("09:40", "9:40pm",
// "3pm", "12am") and places it on the calendar day days after now's, in
// now's location; false when text is not a time of day.
func WallClockOn(text string, now time.Time, days int) (time.Time, bool) {
	c, err := parseWallClock(text)
	if err != nil {
		return time.Time{}, false
	}
	return onDay(c, now, days), true
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
