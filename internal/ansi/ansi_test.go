package ansi

import "testing"

func TestStrip(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"colour", "\x1b[31mRED\x1b[0m", "RED"},
		{"bold and reset with parameters", "a\x1b[1;31;40mb\x1b[m", "ab"},
		{"private mode", "\x1b[?25lhidden cursor\x1b[?25h", "hidden cursor"},
		{"clear screen", "\x1b[2Jkubectl", "kubectl"},
		{"intermediate byte", "a\x1b[2 qb", "ab"},
		{"8-bit CSI", "a\u009b31mb", "ab"},
		{"window title, BEL", "\x1b]0;sam@web-3: ~\x07$ ls", "$ ls"},
		{"OSC 8 hyperlink, ST", "\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"8-bit OSC and ST", "a\u009d0;title\u009cb", "ab"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"charset", "\x1b(Bplain", "plain"},
		{"save cursor", "a\x1b7b\x1b8c", "abc"},
		{"plain text", "Rolled back deploy 412", "Rolled back deploy 412"},
		{"lone ESC at the end", "text\x1b", "text\x1b"},
		{"ESC before a space", "a\x1b b", "a\x1b b"},
		{"CSI cut short", "a\x1b[31", "a\x1b[31"},
		{"CSI broken by a control", "a\x1b[3\x07m", "a\x1b[3\x07m"},
		{"OSC never ended", "a\x1b]0;title", "a\x1b]0;title"},
		{"invalid UTF-8 passes", "\xff\x1b[0m\xfe", "\xff\xfe"},
		{"two ESC", "\x1b\x1b[31mx", "\x1bx"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Strip(tt.in); got != tt.want {
				t.Errorf("Strip(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got, want := Has(tt.in), tt.in != tt.want; got != want {
				t.Errorf("Has(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}
