package updates

import "testing"

func TestTruncateOrDrop(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"abcdefgh", 5, "ab…"},
		{"abcdefgh", 4, "a…"},
		{"abcdefgh", 3, ""}, // room for the ellipsis alone: left out
		{"abcdefgh", 0, ""},
		{"abcdefgh", -1, ""},
		{"ééé", 5, "é…"},
		{"ééé", 4, "…"}, // never a split rune: Truncate's cut
		{"", 0, ""},
	}
	for _, tc := range cases {
		if got := TruncateOrDrop(tc.s, tc.n); got != tc.want {
			t.Errorf("TruncateOrDrop(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
