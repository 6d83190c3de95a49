package updates

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUTF16(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "жж": 2, "漢": 1, "🔥": 2, "a🔥b": 4, "\xff": 1} {
		if got := UTF16(s); got != want {
			t.Errorf("UTF16(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestTruncateRunes(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"🔥🔥🔥", 3, "🔥🔥🔥"},
		{"🔥🔥🔥🔥", 3, "🔥🔥…"},
		{"abc", 0, ""},
		{"abc", 1, "…"},
	}
	for _, tc := range cases {
		if got := TruncateRunes(tc.s, tc.n); got != tc.want {
			t.Errorf("TruncateRunes(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}

// TestChunks: every piece is within the limit escaped, breaks fall at
// blanks, and the pieces together are the whole text.
func TestChunks(t *testing.T) {
	amp := func(s string) string { return strings.ReplaceAll(s, "&", "&amp;") }
	for name, tc := range map[string]struct {
		raw   string
		limit int
	}{
		"words":     {strings.Repeat("жжжжж ", 400), 300},
		"escaped":   {strings.Repeat("a&b&c ", 300), 100},
		"one word":  {strings.Repeat("🔥", 500), 64},
		"fits":      {"short", 10},
		"lines":     {strings.Repeat("line one\n", 50), 40},
		"blank end": {"a b c   ", 3},
	} {
		t.Run(name, func(t *testing.T) {
			parts := Chunks(tc.raw, tc.limit, amp, UTF16)
			var joined strings.Builder
			for i, p := range parts {
				if UTF16(p) > tc.limit || p == "" || !utf8.ValidString(p) {
					t.Errorf("piece %d: %d units (limit %d), valid %v", i, UTF16(p), tc.limit, utf8.ValidString(p))
				}
				joined.WriteString(p)
			}
			if squeeze(joined.String()) != squeeze(amp(tc.raw)) {
				t.Errorf("pieces do not make the whole text")
			}
		})
	}
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func TestCutMarked(t *testing.T) {
	m := Message{StatusPage: "http://127.0.0.1:8725/"}
	amp := func(s string) string { return strings.ReplaceAll(s, "&", "&amp;") }
	long := strings.Repeat("R&D 🔥 ", 200)
	if got := CutMarked(m, "whole", 100, amp, UTF16); got != "whole" {
		t.Errorf("text that fits was changed: %q", got)
	}
	got := CutMarked(m, long, 300, amp, UTF16)
	if UTF16(amp(got)) > 300 || !strings.HasSuffix(got, CutMark(m)) || !strings.HasPrefix(long, strings.TrimSuffix(got, CutMark(m))) {
		t.Errorf("cut %d units (limit 300): %q", UTF16(amp(got)), got)
	}
	if got := CutMarked(m, long, 5, amp, UTF16); got != strings.TrimSpace(CutMark(m)) {
		t.Errorf("with no room, want the mark alone, got %q", got)
	}
	if !strings.Contains(CutMark(m), "status page") || strings.Contains(CutMark(Message{}), "status page") {
		t.Error("the mark points at the status page only when there is one")
	}
}

func TestFairShare(t *testing.T) {
	got := FairShare([]int{100000, 10, 10}, 100)
	if got[0] != 80 || got[1] != 10 || got[2] != 10 {
		t.Errorf("FairShare = %v", got)
	}
}
