package lookalike

import "testing"

func TestOnly(t *testing.T) {
	cases := []struct{ in, chars, want string }{
		{"a && b *c* <users/all> ~d~ `e` _f_ > [l](u)", "*_~`<", "a && b ∗c∗ ‹users/all> ∼d∼ ˋeˋ ＿f＿ > [l](u)"},
		{"**b** <at>x</at> &amp;", "*<>&", "∗∗b∗∗ ‹at›x‹/at› ＆amp;"},
		{"a && b", "", "a && b"},
		{"x#y", "#", "x#y"}, // no twin: left as it is
		{"", "*", ""},
	}
	for _, tc := range cases {
		got := Only(tc.in, tc.chars)
		if got != tc.want {
			t.Errorf("Only(%q, %q) = %q, want %q", tc.in, tc.chars, got, tc.want)
		}
		if back := Unescape(got + ZWSP); back != tc.in {
			t.Errorf("Unescape(%q) = %q, want the input back", got, back)
		}
	}
}
