package check

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// assignment is NAME=value or name: value as shell, env files, JSON, YAML,
// TOML and command-line flags write it: export AWS_SECRET_ACCESS_KEY=…,
// "password": "…", api_key: …, --token=…, $env:API_KEY = "…".
// Groups: the name's opening quote, the name, the operator, the value.
var assignment = regexp.MustCompile(`(?:^|[^\w.$-])(?:export\s+|set\s+|\$env:|--?)?(["']?)([A-Za-z_][\w.-]*)["']?\s*(=|:)\s*["']?([^\s"',;&]*)`)

// secretParts are the parts of a variable's name that say it holds a
// secret (AWS_SECRET_ACCESS_KEY, dbPassword, github_token, PGPASSWORD).
// weakParts say so only in a longer name (DB_PASS, BASIC_AUTH): alone,
// "Auth: AADSTS50058 for SSO users" is a sentence.
var (
	secretParts = words("password passwd pwd passphrase secret token apikey apitoken authtoken accesstoken " +
		"privatekey secretkey accesskey credential credentials")
	weakParts = words("pass auth private secrets")
)

// keyOwners are the words that make a "key" secret: api_key, accessKey,
// AccountKey — not monkey_id or key_count.
var keyOwners = words("api access secret private account signing encryption master client shared auth app ssh deploy service subscription")

// secretName reports whether a variable's name says it holds a secret.
func secretName(name string) bool {
	parts := nameParts(name)
	for i, p := range parts {
		switch {
		case secretParts[p], weakParts[p] && len(parts) > 1, p == "key" && i > 0 && keyOwners[parts[i-1]]:
			return true
		}
		for _, end := range []string{"password", "passwd", "secret", "token", "apikey"} {
			if strings.HasSuffix(p, end) {
				return true // PGPASSWORD, csrftoken
			}
		}
	}
	return false
}

// nameParts splits a name at _ - . and camelCase, in lower case:
// AWS_SECRET_ACCESS_KEY → aws secret access key; apiKey → api key.
func nameParts(name string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush()
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		cur = append(cur, r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	flush()
	return out
}

// placeholders are values that stand for a secret rather than being one.
var placeholders = words("redacted changeme change_me example none null nil empty true false yes no on off unset " +
	"hidden masked removed placeholder secret password token xxx todo tbd required optional default rotated " +
	"revoked expired reset n/a done ok pending enabled disabled set")

// trivialValue reports a value that is no secret: a placeholder, a
// reference ($VAR, ${…}, <…>), a mask (****), a number (a TTL, a count), a
// path, a plain URL, an address.
func trivialValue(name, v string) bool {
	lower := strings.ToLower(v)
	parts := nameParts(name)
	last := parts[len(parts)-1]
	switch {
	case utf8.RuneCountInString(v) < 3, placeholders[lower], strings.HasPrefix(lower, "your"),
		strings.ContainsAny(v[:1], "$<{%[(/~"), strings.HasPrefix(v, "./"), strings.HasPrefix(v, "../"),
		strings.Trim(v, "*xX.•#-_") == "",
		last == "file" || last == "path" || last == "dir" || last == "url" || last == "ttl" || last == "expiry",
		trivialShape.MatchString(v):
		return true
	}
	// A number is a count or a duration unless the name is a password's.
	return strings.Trim(v, "0123456789") == "" && !passwordName(parts)
}

// trivialShape is a URL without credentials, an IP address or network, a
// duration, a version.
var trivialShape = regexp.MustCompile(`^([a-z][a-z0-9+.-]*://[^@]*|\d{1,3}(\.\d{1,3}){3}(/\d+)?|\d+[smhd]|v?\d+(\.\d+)+)$`)

// passwordName reports a name for a password or PIN: a number may be one.
func passwordName(parts []string) bool {
	for _, p := range parts {
		switch p {
		case "password", "passwd", "pwd", "pass", "pin", "passphrase", "secret":
			return true
		}
	}
	return false
}

// assignedSecret finds a value assigned to a variable named like a secret.
// Where the text may be a sentence ("Token: rotated", "password: reset for
// everyone"), only a value that looks machine-made counts: a plain word
// followed by ":" is how prose names things too.
func assignedSecret(s string) (string, bool) {
	for _, m := range assignment.FindAllStringSubmatch(s, -1) {
		quote, name, op, v := m[1], m[2], m[3], m[4]
		if !secretName(name) || v == "" || trivialValue(name, v) {
			continue
		}
		config := op == "=" || quote != "" || len(nameParts(name)) > 1
		if !config && !(generated(v) && len(v) >= 8) {
			continue
		}
		if config && op == ":" && quote == "" && !generated(v) && utf8.RuneCountInString(v) < 12 {
			continue // github_token: rotated
		}
		return fmt.Sprintf("a secret (%s%s…)", shortName(name), opShown(op)), true
	}
	return "", false
}

// opShown writes the operator as the message shows it.
func opShown(op string) string {
	if op == ":" {
		return ": "
	}
	return op
}

// shortName keeps a message short when a name is long.
func shortName(name string) string {
	if len(name) > 40 {
		return name[:40] + "…"
	}
	return name
}

// generated tells a value that looks machine-made ("token: 3f9a6c21e0")
// from prose that merely names one ("token: rotated", "password: reset
// for everyone"): letters and digits both.
func generated(v string) bool {
	return strings.ContainsAny(v, "0123456789") && strings.IndexFunc(v, unicode.IsLetter) >= 0
}
