package config

import (
	"reflect"
	"testing"
)

func TestWarnings(t *testing.T) {
	const plain = ` is stored in plain text; prefer keyring:NAME (secret-tool store --label="keepcool NAME" service keepcool username NAME) or env:NAME`
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"chat webhook url", "[[channel]]\nname = \"ops\"\ntype = \"slack\"\nurl = \"https://hooks.slack.com/services/T/B/X\"\n", []string{
			`config.toml:4: channel "ops": url` + plain,
		}},
		{"generic webhook url and secret", "[[channel]]\nname = \"w\"\ntype = \"webhook\"\nurl = \"https://example.com/hook\"\nsecret = \"s3cret\"\n", []string{
			`config.toml:5: channel "w": secret` + plain,
		}},
		{"password", email + "username = \"k\"\npassword = \"hunter2\"\n", []string{
			`config.toml:8: channel "boss": password` + plain,
		}},
		{"token and slack_token", "[statuspage]\nlisten = \"0.0.0.0:8725\"\ntoken = \"abc\"\n[focus]\nslack_token = \"xoxp-1\"\n", []string{
			`config.toml:3: statuspage.token` + plain,
			`config.toml:5: focus.slack_token` + plain,
		}},
		{"short durations", "[incident]\ngrace = \"30s\"\ncadence = \"1s\"\n", []string{
			`config.toml:2: incident.grace = "30s" is under a minute: fine for drills and tests, too often for a real incident`,
			`config.toml:3: incident.cadence = "1s" is under a minute: fine for drills and tests, too often for a real incident`,
		}},
		{"tls none with password", "[[channel]]\nname = \"m\"\ntype = \"email\"\nsmtp = \"mail.example.com:25\"\ntls = \"none\"\n" +
			"username = \"k\"\npassword = \"env:PW\"\nfrom = \"k@example.com\"\nto = [\"a@example.com\"]\n", []string{
			`config.toml:5: channel "m": tls = "none" sends the password to mail.example.com unencrypted; use starttls or tls unless the relay is local`,
		}},
		{"none for refs, loopback and defaults", "[incident]\ncadence = \"1m\"\n[[channel]]\nname = \"l\"\ntype = \"teams\"\nurl = \"http://127.0.0.1:1/x\"\n" +
			"[[channel]]\nname = \"m\"\ntype = \"email\"\nsmtp = \"localhost:25\"\ntls = \"none\"\nusername = \"u\"\npassword = \"keyring:pw\"\nfrom = \"k@example.com\"\nto = [\"a@example.com\"]\n", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parse("config.toml", []byte(tc.src), "linux")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.Warnings, tc.want) {
				t.Errorf("Warnings:\n%q\nwant:\n%q", c.Warnings, tc.want)
			}
		})
	}
}
