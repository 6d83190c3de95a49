package updates

import "testing"

// cleaners are Clean and its variants, by the name a failure shows.
var cleaners = []struct {
	name string
	fn   func(string) string
}{
	{"Clean(false)", func(s string) string { return Clean(s, false) }},
	{"Clean(true)", func(s string) string { return Clean(s, true) }},
	{"CleanPlain(false)", func(s string) string { return CleanPlain(s, false) }},
	{"CleanPlain(true)", func(s string) string { return CleanPlain(s, true) }},
	{"CleanLines", CleanLines},
}

// TestCleanAgrees: what every variant does alike.
func TestCleanAgrees(t *testing.T) {
	for in, want := range map[string]string{
		"Rolled back 4512 — ok":                                           "Rolled back 4512 — ok",
		"red\x1b[31m bell\a nul\x00 del\x7f c1\u0085":                     "red bell nul del c1",    // a whole terminal escape, C0 and C1 controls
		"\u202aa\u202eb\u2066c\u2069":                                     "abc",                    // bidi embeddings, overrides, isolates
		"a\u200bb\ufeffc\u200dd":                                          "a\u200bb\ufeffc\u200dd", // invisible but harmless
		"bad \xff\xfe utf8 \xc3":                                          "bad \uFFFD utf8 \uFFFD",
		"\x1b[31mRED\x1b[0m payments":                                     "RED payments", // colours pasted from a terminal
		"\x1b]0;sam@web-3\x07$ ls \x1b]8;;https://x\x1b\\l\x1b]8;;\x1b\\": "$ ls l",       // a window title, a hyperlink
		"lone\x1b esc":                                                    "lone esc",
		"":                                                                "",
	} {
		for _, c := range cleaners {
			if got := c.fn(in); got != want {
				t.Errorf("%s(%q) = %q, want %q", c.name, in, got, want)
			}
		}
	}
}

// TestCleanDiffers: line breaks, tabs and bidi marks, where the variants
// part ways; want is in the order of cleaners.
func TestCleanDiffers(t *testing.T) {
	cases := []struct {
		name, in string
		want     [5]string
	}{
		{"line breaks", "a\nb\r\nc\u2028d\u2029e", [5]string{"a b c d e", "a\nb\nc\nd\ne", "a b c d e", "a\nb\nc\nd\ne", "a\nb\nc\nd\ne"}},
		{"lone carriage return", "a\rb\r\r\nc", [5]string{"ab c", "ab\nc", "ab c", "ab\nc", "a\nb\n\nc"}},
		{"tabs", "a\tb", [5]string{"a b", "a b", "a b", "a\tb", "a b"}},
		{"bidi marks", "a\u200eb\u200fc\u061cd", [5]string{"a\u200eb\u200fc\u061cd", "a\u200eb\u200fc\u061cd", "a\u200eb\u200fc\u061cd", "a\u200eb\u200fc\u061cd", "abcd"}},
		{"invalid bytes around a break", "\xff\r\n\xfe", [5]string{"\uFFFD \uFFFD", "\uFFFD\n\uFFFD", "\uFFFD \uFFFD", "\uFFFD\n\uFFFD", "\uFFFD\n\uFFFD"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for i, c := range cleaners {
				if got := c.fn(tc.in); got != tc.want[i] {
					t.Errorf("%s(%q) = %q, want %q", c.name, tc.in, got, tc.want[i])
				}
			}
		})
	}
}

func TestIsBidiOverride(t *testing.T) {
	for r, want := range map[rune]bool{
		'\u202A': true, '\u202E': true, '\u2066': true, '\u2069': true,
		'\u2029': false, '\u202F': false, '\u2065': false, '\u206A': false, '\u200E': false, '\u061C': false, 'a': false,
	} {
		if got := IsBidiOverride(r); got != want {
			t.Errorf("IsBidiOverride(%U) = %v, want %v", r, got, want)
		}
	}
}
