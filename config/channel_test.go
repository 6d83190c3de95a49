package config

import (
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
)

// email is a valid email channel; cases append one bad key to it.
const email = `[[channel]]
name = "boss"
type = "email"
smtp = "smtp://relay.example.com:587"
from = "keepcool@example.com"
to   = ["boss@example.com"]
`

func TestChannelErrors(t *testing.T) {
	// Every type, from the one table: adding a type changes no test here.
	types := strings.Join(channeltype.Names(), "|")
	runErrorCases(t, []errorCase{
		{"single table", "[channel]\nname = \"ops\"\n", []string{
			`config.toml:1: channel must be written as [[channel]] (double brackets) above each channel's keys (found a table)`,
		}},
		{"name missing", "[[channel]]\ntype = \"slack\"\nurl = \"env:HOOK\"\n", []string{
			`config.toml:1: channel #1: name is required; add name = "ops" (lowercase letters, digits, - and _)`,
		}},
		{"name invalid", "[[channel]]\nname = \"Ops Team\"\ntype = \"slack\"\nurl = \"env:HOOK\"\n", []string{
			`config.toml:2: channel "Ops Team": name = "Ops Team" may use only a-z, 0-9, - and _; e.g. name = "ops-team"`,
		}},
		{"name not a string", "[[channel]]\nname = 1\ntype = \"slack\"\nurl = \"env:HOOK\"\n", []string{
			`config.toml:2: channel #1: name must be a string in quotes, e.g. name = "ops" (found the number 1)`,
		}},
		{"name duplicate", "[[channel]]\nname = \"ops\"\ntype = \"slack\"\nurl = \"env:A\"\n\n[[channel]]\nname = \"ops\"\ntype = \"teams\"\nurl = \"env:B\"\n", []string{
			`config.toml:7: channel "ops": name is already used by the channel on line 1; give each channel its own name`,
		}},
		{"type missing", "[[channel]]\nname = \"ops\"\nurl = \"env:HOOK\"\n", []string{
			`config.toml:1: channel "ops": type is required; add type = "slack" (one of ` + types + `)`,
		}},
		{"type unknown", "[[channel]]\nname = \"ops\"\ntype = \"slak\"\nurl = \"env:HOOK\"\n", []string{
			`config.toml:3: channel "ops": type = "slak" is not supported; did you mean "slack"? use one of ` + types,
		}},
		{"unknown key", "[[channel]]\nname = \"ops\"\ntpye = \"slack\"\n", []string{
			`config.toml:1: channel "ops": type is required; add type = "slack" (one of ` + types + `)`,
			`config.toml:3: channel "ops": unknown key "tpye"; did you mean "type"?`,
		}},
		{"field of another type", "[[channel]]\nname = \"ops\"\ntype = \"slack\"\nurl = \"env:HOOK\"\nto = [\"a@example.com\"]\nsecret = \"env:S\"\n", []string{
			`config.toml:5: channel "ops": to is not used by slack channels; remove it (slack takes name, type, drill, template, url, token, channel)`,
			`config.toml:6: channel "ops": secret is not used by slack channels; remove it (slack takes name, type, drill, template, url, token, channel)`,
		}},
		{"url missing", "[[channel]]\nname = \"ops\"\ntype = \"discord\"\n", []string{
			`config.toml:1: channel "ops": url is required for discord; add url = "keyring:NAME"`,
		}},
		{"url http elsewhere", "[[channel]]\nname = \"ops\"\ntype = \"slack\"\n\n\nurl = \"http://hooks.slack.com/services/x\"\n", []string{
			`config.toml:6: channel "ops": url must be https:// (or http:// to loopback), keyring:NAME or env:NAME`,
		}},
		{"url no host", "[[channel]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"https:///path\"\n", []string{
			`config.toml:4: channel "ops": url must be https:// (or http:// to loopback), keyring:NAME or env:NAME`,
		}},
		{"url empty env ref", "[[channel]]\nname = \"ops\"\ntype = \"mattermost\"\nurl = \"env:\"\n", []string{
			`config.toml:4: channel "ops": url = "env:" names no secret; write env:NAME`,
		}},
		{"drill not bool", "[[channel]]\nname = \"ops\"\ntype = \"googlechat\"\nurl = \"env:X\"\ndrill = \"no\"\n", []string{
			`config.toml:5: channel "ops": drill must be true or false, e.g. drill = false (found a string)`,
		}},
		{"ntfy topic", "[[channel]]\nname = \"n\"\ntype = \"ntfy\"\nurl = \"https://ntfy.sh\"\ntopic = \"ops incidents\"\n", []string{
			`config.toml:5: channel "n": topic = "ops incidents" is not an ntfy topic; use up to 64 of A-Z, a-z, 0-9, - and _`,
		}},
		{"second channel lines", "[[channel]]\nname = \"a\"\ntype = \"slack\"\nurl = \"env:A\"\n[[channel]]\nname = \"b\"\ntype = \"slack\"\nurl = \"ftp://x\"\n", []string{
			`config.toml:8: channel "b": url must be https:// (or http:// to loopback), keyring:NAME or env:NAME`,
		}},
	})
}

func TestEmailErrors(t *testing.T) {
	runErrorCases(t, []errorCase{
		{"everything missing", "[[channel]]\nname = \"boss\"\ntype = \"email\"\n", []string{
			`config.toml:1: channel "boss": from is required for email; add from = "keepcool@example.com"`,
			`config.toml:1: channel "boss": smtp is required for email; add smtp = "smtp://relay.example.com:587"`,
			`config.toml:1: channel "boss": to is required for email; add to = ["boss@example.com"]`,
		}},
		{"url on email", email + "url = \"https://example.com\"\n", []string{
			`config.toml:7: channel "boss": url is not used by email channels; remove it (email takes name, type, drill, template, smtp, tls, username, password, from, to)`,
		}},
		{"tls unknown", email + "tls = \"ssl\"\n", []string{
			`config.toml:7: channel "boss": tls = "ssl" is not a TLS mode; use "starttls" (the default), "tls" or "none"`,
		}},
		{"username without password", email + "username = \"keepcool\"\n", []string{
			`config.toml:7: channel "boss": username is set but password is not; add password = "keyring:NAME", or remove username if the relay needs no login`,
		}},
		{"password without username", email + "password = \"env:PW\"\n", []string{
			`config.toml:7: channel "boss": password is set but username is not; add username = "keepcool" (the SMTP login)`,
		}},
		{"from invalid", "[[channel]]\nname = \"boss\"\ntype = \"email\"\nsmtp = \"relay:25\"\nfrom = \"keepcool\"\nto = [\"a@example.com\"]\n", []string{
			`config.toml:5: channel "boss": from has "keepcool", which is not an email address; write it like "keepcool@example.com" or "Keepcool <keepcool@example.com>"`,
		}},
		{"to empty", "[[channel]]\nname = \"boss\"\ntype = \"email\"\nsmtp = \"relay:25\"\nfrom = \"k@example.com\"\nto = []\n", []string{
			`config.toml:6: channel "boss": to is empty; list at least one address, e.g. to = ["boss@example.com"]`,
		}},
		{"to a string", "[[channel]]\nname = \"boss\"\ntype = \"email\"\nsmtp = \"relay:25\"\nfrom = \"k@example.com\"\nto = \"a@example.com\"\n", []string{
			`config.toml:6: channel "boss": to must be a list of strings, e.g. to = ["boss@example.com"] (found a string)`,
		}},
		{"to bad address on a later line", "[[channel]]\nname = \"boss\"\ntype = \"email\"\nsmtp = \"relay:25\"\nfrom = \"k@example.com\"\nto = [\n  \"a@example.com\",\n  \"nobody\",\n]\n", []string{
			`config.toml:6: channel "boss": to has "nobody", which is not an email address; write it like "keepcool@example.com" or "Keepcool <keepcool@example.com>"`,
		}},
	})
}

func TestSMTPForms(t *testing.T) {
	const msg = `config.toml:4: channel "boss": smtp must be smtp://host:port, smtps://host:port or host:port, without user:password (use username and password), e.g. smtp = "smtp://relay.example.com:587"`
	cases := []struct{ smtp, tls, want string }{
		{"http://relay.example.com:587", "", msg},
		{"smtp://relay.example.com", "", msg},
		{"smtp://user:pw@relay.example.com:587", "", msg},
		{"smtp://relay.example.com:0", "", msg},
		{"relay.example.com", "", msg},
		{"smtps://relay.example.com:465", "starttls", `config.toml:5: channel "boss": tls = "starttls" contradicts smtps://, which is TLS from the start; set tls = "tls" or use smtp://`},
		{"smtps://relay.example.com:465", "none", `config.toml:5: channel "boss": tls = "none" contradicts smtps://, which is TLS from the start; set tls = "tls" or use smtp://`},
	}
	for _, tc := range cases {
		src := "[[channel]]\nname = \"boss\"\ntype = \"email\"\nsmtp = \"" + tc.smtp + "\"\n"
		if tc.tls != "" {
			src += "tls = \"" + tc.tls + "\"\n"
		}
		src += "from = \"k@example.com\"\nto = [\"a@example.com\"]\n"
		runErrorCases(t, []errorCase{{tc.smtp + " " + tc.tls, src, []string{tc.want}}})
	}
}
