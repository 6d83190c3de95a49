package check

import (
	"fmt"
	"regexp"
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

// pasted says whether lines look like a stray paste, and how to say so.
// In a one-line field any second line is suspect; in a paragraph field
// only log or trace lines are.
func pasted(lines []string, oneLine bool) (string, bool) {
	logs := 0
	for _, l := range lines {
		if logLine.MatchString(l) {
			logs++
		}
	}
	switch {
	case logs >= 2:
		return fmt.Sprintf("has %d lines that look like a log or a stack trace: a stray paste?", logs), true
	case oneLine && len(lines) >= 2:
		return fmt.Sprintf("has %d lines, and goes out as one line: a stray paste?", len(lines)), true
	}
	return "", false
}
