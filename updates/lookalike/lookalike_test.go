package lookalike

import "testing"

func TestEscape(t *testing.T) {
	cases := []struct {
		name, in string
		breaks   []string
		want     string
	}{
		{"twins", "**b** _i_ ~s~ `c` <at>x</at> &amp;", nil, "∗∗b∗∗ ＿i＿ ∼s∼ ˋcˋ ‹at›x‹/at› ＆amp;"},
		{"link", "[l](http://e)", []string{"]("}, "[l]\u200b(http://e)"},
		{"no breaks asked", "[l](http://e) {{x}}", nil, "[l](http://e) {{x}}"},
		{"every pair asked", "[l](e) {{{x}}", []string{"](", "{{"}, "[l]\u200b(e) {\u200b{\u200b{x}}"},
		{"a pair that is not two characters is ignored", "abc", []string{"a", "abc"}, "abc"},
		{"block starts", "- a\n+ b\n# c\n 12. d\n3) e\n* f", nil, "\u200b- a\n\u200b+ b\n\u200b# c\n\u200b 12. d\n\u200b3) e\n∗ f"},
		{"not block starts", "a - b\nv1.2\n12 monkeys\n-", nil, "a - b\nv1.2\n12 monkeys\n\u200b-"},
		{"empty", "", []string{"]("}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Escape(tc.in, tc.breaks...)
			if got != tc.want {
				t.Errorf("Escape(%q, %q) = %q, want %q", tc.in, tc.breaks, got, tc.want)
			}
			if back := Unescape(got); back != tc.in {
				t.Errorf("Unescape(%q) = %q, want the input back", got, back)
			}
		})
	}
}

func TestOnly(t *testing.T) {
	if got := Only("a && b *c* <users/all> ~d~ `e` _f_ > [l](u)", "*_~`<"); got != "a && b ∗c∗ ‹users/all> ∼d∼ ˋeˋ ＿f＿ > [l](u)" {
		t.Errorf("Only = %q", got)
	}
}
