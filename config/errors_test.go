package config

import (
	"strings"
	"testing"
)

type errorCase struct {
	name string
	src  string
	want []string // every line of the error, in order
}

// runErrorCases parses each source and compares the whole error text.
func runErrorCases(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parse("config.toml", []byte(tc.src), "linux")
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			want := strings.Join(tc.want, "\n")
			if got := err.Error(); got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := []struct {
		name, src, prefix string
	}{
		{"unterminated string", "[incident]\ncadence = \"15m\n", "config.toml:2: TOML syntax: "},
		{"duplicate table", "[focus]\ndesktop = true\n\n[focus]\n", "config.toml:4: TOML syntax: "},
		{"bare word value", "[incident]\n\n\nengineer = Sam\n", "config.toml:4: TOML syntax: "},
		{"not toml at all", "{", "config.toml:1: TOML syntax: "},
		// The parser counts the newline that ends the line as the next line.
		{"unclosed table header", "# keepcool\n[incident\ncadence = \"15m\"\n", "config.toml:2: TOML syntax: "},
		{"unclosed array of tables header", "[focus]\ndesktop = true\n[[channel]\nname = \"ops\"\n", "config.toml:3: TOML syntax: "},
		{"bad table header", "[incident]\n[focus desktop]\ndesktop = true\n", "config.toml:2: TOML syntax: "},
		{"missing =", "[incident]\ncadence \"15m\"\ngrace = \"2m\"\n", "config.toml:2: TOML syntax: "},
		{"key without a value", "[incident]\ncadence =\n\ngrace = \"2m\"\n", "config.toml:2: TOML syntax: "},
		{"unclosed string before more lines", "[incident]\nengineer = \"Sam\ncadence = \"15m\"\n", "config.toml:2: TOML syntax: "},
		{"unclosed string at the end", "[incident]\nengineer = 'Sam", "config.toml:2: TOML syntax: "},
		{"after a byte order mark", "\ufeff[incident]\n[focus\n", "config.toml:2: TOML syntax: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("config.toml", []byte(tc.src))
			if err == nil || !strings.HasPrefix(err.Error(), tc.prefix) {
				t.Errorf("error = %v, want prefix %q", err, tc.prefix)
			}
		})
	}
}

func TestSectionErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"unknown key with suggestion", "[incident]\ncadence = \"15m\"\n\ncadance = \"10m\"\n", []string{
			`config.toml:4: unknown key "incident.cadance"; did you mean "cadence"?`,
		}},
		{"unknown key without suggestion", "[focus]\nwallpaper = \"calm\"\n", []string{
			`config.toml:2: unknown key "focus.wallpaper"; remove it (valid here: desktop, slack_token, macos_focus_on, macos_focus_off)`,
		}},
		{"unknown table", "# keepcool\n[incidnet]\ncadence = \"15m\"\n", []string{
			`config.toml:2: unknown key "incidnet"; did you mean "incident"?`,
		}},
		{"unknown subtable", "[incident]\n[incident.extra]\nx = 1\n", []string{
			`config.toml:2: unknown key "incident.extra"; remove it (valid here: cadence, grace, engineer, cadence_sev1, cadence_sev2, cadence_sev3, cadence_sev4, timezone, clock)`,
		}},
		{"section not a table", "incident = \"15m\"\n", []string{
			`config.toml:1: incident must be a table: put [incident] on its own line with its keys below it (found a string)`,
		}},
		{"duration as number", "[incident]\ngrace = \"2m\"\ncadence = 15\n", []string{
			`config.toml:3: incident.cadence must be a duration in quotes, e.g. cadence = "15m" (found the number 15)`,
		}},
		{"duration unparsable", "[incident]\ncadence_sev2 = \"15 minutes\"\n", []string{
			`config.toml:2: incident.cadence_sev2 = "15 minutes" is not a duration; write it like "15m", "90s" or "1h30m"`,
		}},
		{"duration below 1s", "[incident]\n\ngrace = \"500ms\"\n", []string{
			`config.toml:3: incident.grace = "500ms" is too short; it must be at least "1s", e.g. grace = "2m"`,
		}},
		{"negative duration", "[incident]\ncadence = \"-5m\"\n", []string{
			`config.toml:2: incident.cadence = "-5m" is too short; it must be at least "1s", e.g. cadence = "15m"`,
		}},
		{"string as number", "[incident]\nengineer = 7\n", []string{
			`config.toml:2: incident.engineer must be a string in quotes, e.g. engineer = "Sam" (found the number 7)`,
		}},
		{"unknown time zone", "[incident]\n\ntimezone = \"Europe/Berlinn\"\n", []string{
			`config.toml:3: incident.timezone = "Europe/Berlinn" is not a time zone; write an IANA name such as "Europe/Berlin" or "UTC" (or leave it out for this machine's zone)`,
		}},
		{"time zone as number", "[incident]\ntimezone = 1\n", []string{
			`config.toml:2: incident.timezone must be a string in quotes, e.g. timezone = "Europe/Berlin" (found the number 1)`,
		}},
		{"clock neither 12h nor 24h", "[incident]\nclock = \"am/pm\"\n", []string{
			`config.toml:2: incident.clock = "am/pm" is not a clock; write "12h" or "24h", or leave it out to follow the locale`,
		}},
		{"bool as string", "[focus]\ndesktop = \"yes\"\n", []string{
			`config.toml:2: focus.desktop must be true or false, e.g. desktop = true (found a string)`,
		}},
		{"empty secret ref", "[focus]\nslack_token = \"keyring:\"\n", []string{
			`config.toml:2: focus.slack_token = "keyring:" names no secret; write keyring:NAME`,
		}},
		{"listen not host:port", "[statuspage]\nlisten = \"8725\"\n", []string{
			`config.toml:2: statuspage.listen = "8725" is not host:port; write e.g. listen = "127.0.0.1:8725", or "off" to turn the page off`,
		}},
		{"listen bad port", "[statuspage]\nlisten = \"127.0.0.1:http\"\n", []string{
			`config.toml:2: statuspage.listen = "127.0.0.1:http" is not host:port; write e.g. listen = "127.0.0.1:8725", or "off" to turn the page off`,
		}},
		{"listen elsewhere without token", "[statuspage]\nlisten = \":8725\"\n", []string{
			`config.toml:2: statuspage.listen = ":8725" lets other machines read the page, so it needs a token: add token = "keyring:NAME" to [statuspage], or listen on 127.0.0.1`,
		}},
		{"dotted key line", "# top\n\nincident.grace = 2\n[focus]\ndesktop = true\n", []string{
			`config.toml:3: incident.grace must be a duration in quotes, e.g. grace = "2m" (found the number 2)`,
		}},
		{"inline table line", "\nincident = { cadence = \"15m\", grace = \"0s\" }\n", []string{
			`config.toml:2: incident.grace = "0s" is too short; it must be at least "1s", e.g. grace = "2m"`,
		}},
	})
}

func TestSeveralErrorsSortedByLine(t *testing.T) {
	src := `[[channel]]
name = "ops"
type = "slack"
url  = "ftp://example.com/hook"

[incident]
cadence = "15 min"
cadance = "10m"

[statuspage]
listen = "0.0.0.0:80"

[focus]
desktop = "yes"
`
	runErrorCases(t, []errorCase{{"four sections", src, []string{
		`config.toml:4: channel "ops": url must be https:// (or http:// to loopback), keyring:NAME or env:NAME`,
		`config.toml:7: incident.cadence = "15 min" is not a duration; write it like "15m", "90s" or "1h30m"`,
		`config.toml:8: unknown key "incident.cadance"; did you mean "cadence"?`,
		`config.toml:11: statuspage.listen = "0.0.0.0:80" lets other machines read the page, so it needs a token: add token = "keyring:NAME" to [statuspage], or listen on 127.0.0.1`,
		`config.toml:14: focus.desktop must be true or false, e.g. desktop = true (found a string)`,
	}}})
}

// public_url goes into every message: no credentials, no query of its own.
func TestPublicURLErrors(t *testing.T) {
	page := "[statuspage]\nlisten = \"0.0.0.0:8725\"\ntoken = \"env:T\"\n"
	for _, tc := range []struct{ name, url, want string }{
		{"credentials", "https://user:pw@status.example.com/", "holds a user name or password"},
		{"query", "https://status.example.com/kc?x=1", "has a ?query or #fragment"},
		{"not a URL", "status.example.com", "is not an http(s) address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse("config.toml", []byte(page+"public_url = \""+tc.url+"\"\n"), "linux")
			if err == nil || !strings.Contains(err.Error(), "config.toml:4: statuspage.public_url") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want config.toml:4 … %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "pw@") {
				t.Errorf("the error repeats the password: %v", err)
			}
		})
	}
}
