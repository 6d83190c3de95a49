package timefmt

import (
	"fmt"
	"time"
)

// Span says how long something took, for people: "42 min", "1 h 05 min",
// "35 s", rounded to the second.
func Span(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
	case d >= time.Minute:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d <= 0:
		return "0 s"
	}
	return fmt.Sprintf("%d s", int(d.Seconds()))
}

// Ago says how long ago something happened: "just now" under a minute,
// else "42 min ago", "1 h 05 min ago".
func Ago(d time.Duration) string {
	if d < time.Minute {
		return "just now"
	}
	return Span(d.Truncate(time.Minute)) + " ago"
}

// Count is n and a noun that agrees with it: "1 note", "3 notes",
// "0 notes".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Capital starts s with a capital letter, for a line or sentence that
// stands alone: "sent message", "Sent message". keepcool's own words are
// ASCII; s is left as it is when it starts with anything but a-z.
func Capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// Times says how often: "once", "twice", "3 times".
func Times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
