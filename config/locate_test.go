package config

import "testing"

func TestLocator(t *testing.T) {
	src := `# keepcool
top = 1
incident.cadence = "15m"

[incident]   # comment
grace = "2m"
"engineer" = "Sam"

[[channel]]
name = "ops"
to = [
  "a@example.com",   # [not] a header
  "name = x",
]
url = "x"

[[ channel ]]
name = 'b'
note = """
[focus]
url = "inside a string"
"""
  template.path = "t"
[channel.extra]
k = 1

[statuspage]
inline = { listen = "x",
  nested = [1, 2] }
token = "t"
[focus]
slack_token = "it's"
`
	l := newLocator(src)
	cases := []struct {
		path string
		want int
	}{
		{"top", 2},
		{"incident", 3}, // defined first by the dotted key
		{"incident.cadence", 3},
		{"incident.grace", 6},
		{"incident.engineer", 7},
		{"incident.missing", 3},
		{"channel", 9},
		{"channel.0", 9},
		{"channel.0.name", 10},
		{"channel.0.to", 11},
		{"channel.0.url", 15},
		{"channel.0.type", 9}, // absent: the table header
		{"channel.1", 17},
		{"channel.1.name", 18},
		{"channel.1.note", 19},
		{"channel.1.url", 17}, // only inside a string
		{"channel.1.template.path", 23},
		{"channel.1.extra", 24},
		{"channel.1.extra.k", 25},
		{"statuspage.inline", 28},
		{"statuspage.inline.listen", 28},
		{"statuspage.token", 30},
		{"focus", 31},
		{"focus.slack_token", 32},
		{"nowhere", 1},
		{"channel.7.url", 9},
		{"", 1},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			if got := l.line(tc.path); got != tc.want {
				t.Errorf("line(%q) = %d, want %d", tc.path, got, tc.want)
			}
		})
	}
}

func TestLocatorLineEndingsAndBOM(t *testing.T) {
	l := newLocator("\ufeff[incident]\r\ncadence = \"1m\"\r\n[[channel]]\r\nname = \"a\"\r\n")
	for path, want := range map[string]int{"incident": 1, "incident.cadence": 2, "channel.0": 3, "channel.0.name": 4} {
		if got := l.line(path); got != want {
			t.Errorf("line(%q) = %d, want %d", path, got, want)
		}
	}
}

func TestParseKey(t *testing.T) {
	cases := []struct {
		in   string
		want []string
		rest string
		ok   bool
	}{
		{`a = 1`, []string{"a"}, "= 1", true},
		{`a.b . c= 1`, []string{"a", "b", "c"}, "= 1", true},
		{`"a.b".'c d' = 1`, []string{"a.b", "c d"}, "= 1", true},
		{`"a\"b" = 1`, []string{`a"b`}, "= 1", true},
		{`"open = 1`, nil, "", false},
		{`= 1`, nil, "", false},
		{`a. = 1`, nil, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			parts, rest, ok := parseKey(tc.in)
			if ok != tc.ok || rest != tc.rest || len(parts) != len(tc.want) {
				t.Fatalf("parseKey(%q) = %q, %q, %v", tc.in, parts, rest, ok)
			}
			for i := range parts {
				if parts[i] != tc.want[i] {
					t.Errorf("part %d = %q, want %q", i, parts[i], tc.want[i])
				}
			}
		})
	}
}
