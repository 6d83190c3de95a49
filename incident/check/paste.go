package check

import (
	"fmt"
	"regexp"
	"strings"
)

// logLine matches a line of a log or a stack trace: a timestamp or a
// level at its start, or a frame of a Go, Java, Python, JavaScript, Ruby
// or .NET trace.
var logLine = regexp.MustCompile(`^\s*(` +
	`\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}` + // 2026-11-30T05:00:01Z, [2026-11-30 05:00
	`|\[?\d{2}:\d{2}:\d{2}` + // 05:00:01
	`|[A-Z][a-z]{2} [ 0-3]\d \d{2}:\d{2}:\d{2}` + // syslog: Nov 30 05:00:01
	`|\[?(ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|PANIC)\b[\]:]?` +
	`|level=\w+` +
	`|at [\w$.<>/]+\(.*\)` + // Java, JS: at com.example.Foo.bar(Foo.java:42)
	`|File ".*", line \d+` + // Python
	`|Traceback \(most recent call last\)` +
	`|goroutine \d+ \[` + // Go
	`|panic: ` +
	`|[\w./-]+\.(go|py|rb|js|ts|java|kt|cs|rs|c|cc|cpp|php):\d+` + // main.go:42
	`|(Caused by|Exception in thread)\b` +
	`|\w+(\.\w+)*(Exception|Error): ` + // java.lang.NullPointerException: …
	`)`)

// Log and trace marks found anywhere in a line: a multi-line paste typed
// into a one-line entry arrives with its line breaks turned into spaces.
var (
	// stamp is a full timestamp, to the second: few sentences hold two.
	stamp = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}|\b[A-Z][a-z]{2} [ 0-3]\d \d{2}:\d{2}:\d{2}\b|\[\d{2}:\d{2}:\d{2}`)
	// level is a log level as a log writes it: [ERROR], level=warn,
	// "level":"info", or after a time of day.
	level = regexp.MustCompile(`(?i)\[(error|err|warn|warning|info|debug|trace|fatal|critical|panic)\]|\blevel=\w|"level"\s*:\s*"|` +
		`\d{2}:\d{2}:\d{2}(\.\d+)?Z?\s+\[?(ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|PANIC)\b`)
	// bareLevel is a level word in capitals.
	bareLevel = regexp.MustCompile(`\b(ERROR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL)\b`)
	// frame is one frame of a stack trace: Java/JavaScript "at f(file:12)",
	// Go "file.go:12 +0x1d", Python `File "x.py", line 12`.
	frame = regexp.MustCompile(`\bat [\w$.<>/]+ ?\([^()\s]*:\d+(:\d+)?\)|\bat [\w$.<>]+\((Native Method|Unknown Source)\)|\.go:\d+ \+0x[0-9a-f]+|\bFile "[^"]+", line \d+`)
	// traceHead opens a trace whatever follows: a Python traceback, a Go
	// panic with its goroutines, a Java exception in a thread.
	traceHead = regexp.MustCompile(`Traceback \(most recent call last\)|\bpanic: .*\bgoroutine \d+ \[|Exception in thread "`)
)

// inlineLog says whether s carries a log or a trace within its lines, and
// what it saw.
func inlineLog(s string) (string, bool) {
	if m := traceHead.FindString(s); m != "" {
		switch {
		case strings.HasPrefix(m, "Traceback"):
			return "a Python traceback", true
		case strings.HasPrefix(m, "panic"):
			return "a Go panic", true
		}
		return "a Java exception", true
	}
	if n := len(stamp.FindAllStringIndex(s, 10)); n >= 2 {
		return fmt.Sprintf("%s timestamps", count(n)), true
	}
	if n := len(level.FindAllStringIndex(s, 10)); n >= 2 {
		return fmt.Sprintf("%s log levels", count(n)), true
	}
	if n := len(frame.FindAllStringIndex(s, 10)); n >= 2 {
		return fmt.Sprintf("%s stack frames", count(n)), true
	}
	// ERROR … ERROR … WARN: three levels, one of them repeated.
	seen := map[string]int{}
	bare := bareLevel.FindAllString(s, 10)
	for _, l := range bare {
		seen[l]++
	}
	if len(bare) >= 3 && len(seen) < len(bare) {
		return fmt.Sprintf("%s log levels", count(len(bare))), true
	}
	return "", false
}

// count says n, or "10 or more" when the search stopped there.
func count(n int) string {
	if n >= 10 {
		return "10 or more"
	}
	return fmt.Sprint(n)
}

// pasted says whether lines (and clean, the text as one line) look like a
// stray paste, and how to say so. In a one-line field any second line is
// suspect; in a paragraph field only log or trace lines are; in any field
// a log run together into one line is.
func pasted(lines []string, clean string, oneLine bool) (string, bool) {
	logs := 0
	for _, l := range lines {
		if logLine.MatchString(l) {
			logs++
		}
	}
	if logs >= 2 {
		return fmt.Sprintf("has %d lines that look like a log or a stack trace: a stray paste?", logs), true
	}
	if what, ok := inlineLog(clean); ok {
		return fmt.Sprintf("looks like a log or a stack trace run into one line (%s): a stray paste?", what), true
	}
	if oneLine && len(lines) >= 2 {
		return fmt.Sprintf("has %d lines, and goes out as one line: a stray paste?", len(lines)), true
	}
	return "", false
}
