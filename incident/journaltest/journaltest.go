// Package journaltest damages incident journals on disk, as a bad disk or
// a stray editor would, for tests of how keepcool reads them back.
package journaltest

import (
	"bytes"
	"os"
	"testing"
)

// Flip replaces the first old on line n (1-based) of the file at path with
// new: one byte apart, for a flipped bit.
func Flip(tb testing.TB, path string, n int, old, new string) {
	tb.Helper()
	lines := lines(tb, path)
	if n < 1 || n > len(lines) || !bytes.Contains(lines[n-1], []byte(old)) {
		tb.Fatalf("line %d of %s lacks %q", n, path, old)
	}
	lines[n-1] = bytes.Replace(lines[n-1], []byte(old), []byte(new), 1)
	if err := os.WriteFile(path, bytes.Join(lines, nil), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// LineHolding is the number (1-based) of the first line of the file at
// path that holds s.
func LineHolding(tb testing.TB, path, s string) int {
	tb.Helper()
	for i, l := range lines(tb, path) {
		if bytes.Contains(l, []byte(s)) {
			return i + 1
		}
	}
	tb.Fatalf("no line of %s holds %q", path, s)
	return 0
}

func lines(tb testing.TB, path string) [][]byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return bytes.SplitAfter(b, []byte("\n"))
}
