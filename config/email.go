package config

import (
	"net/mail"
	"strings"
)

// readEmail reads and checks an email channel's keys.
func readEmail(t table, c *Channel) {
	var scheme, host string
	if s, ok := t.need("smtp", c.Type); ok {
		c.SMTP = s
		var valid bool
		if scheme, host, valid = smtpAddr(s); !valid {
			// The value is not echoed: smtp://user:password@host would leak.
			t.fail("smtp", `must be smtp://host:port, smtps://host:port or host:port, without user:password `+
				`(use username and password), e.g. smtp = %s`, example("smtp"))
		}
	}
	c.TLS = readTLS(t, scheme)
	c.Username, _ = t.str("username")
	c.Password, _ = t.secret("password")
	checkAuth(t)
	if s, ok := t.need("from", c.Type); ok && checkAddress(t, "from", s) {
		c.From = s
	}
	c.To = readTo(t)
	if c.TLS == "none" && c.Password != "" && host != "" && !isLoopbackHost(host) {
		t.warn("tls", `= "none" sends the password to %s unencrypted; use starttls or tls unless the relay is local`, host)
	}
}

// readTLS reads the TLS mode; smtps:// means TLS from the first byte, so
// it defaults to "tls" there and contradicts the other modes.
func readTLS(t table, scheme string) string {
	mode, ok := t.str("tls")
	if !ok {
		if scheme == "smtps" {
			return "tls"
		}
		return "starttls"
	}
	switch mode {
	case "tls":
	case "starttls", "none":
		if scheme == "smtps" {
			t.fail("tls", `= %q contradicts smtps://, which is TLS from the start; set tls = "tls" or use smtp://`, mode)
		}
	default:
		t.fail("tls", `= %q is not a TLS mode; use "starttls" (the default), "tls" or "none"`, mode)
	}
	return mode
}

// checkAuth reports a username without a password and the reverse.
func checkAuth(t table) {
	_, user := t.m["username"]
	_, pass := t.m["password"]
	switch {
	case user && !pass:
		t.fail("username", `is set but password is not; add password = "keyring:NAME", or remove username if the relay needs no login`)
	case pass && !user:
		t.fail("password", `is set but username is not; add username = "keepcool" (the SMTP login)`)
	}
}

func readTo(t table) []string {
	_, present := t.m["to"]
	list, ok := t.list("to")
	switch {
	case !present:
		t.fail("to", "is required for email; add to = %s", example("to"))
	case ok && len(list) == 0:
		t.fail("to", "is empty; list at least one address, e.g. to = %s", example("to"))
	}
	for _, addr := range list {
		checkAddress(t, "to", addr)
	}
	return list
}

// checkAddress reports s unless it is one RFC 5322 address.
func checkAddress(t table, key, s string) bool {
	if _, err := mail.ParseAddress(s); err != nil {
		t.fail(key, `has %q, which is not an email address; write it like "keepcool@example.com" or "Keepcool <keepcool@example.com>"`, s)
		return false
	}
	return true
}

// need returns the non-empty string at key, reporting it as required by
// typ when it is absent or empty.
func (t table) need(key, typ string) (string, bool) {
	_, present := t.m[key]
	s, ok := t.str(key)
	if present && !ok {
		return "", false
	}
	if strings.TrimSpace(s) == "" {
		t.fail(key, "is required for %s; add %s = %s", typ, key, example(key))
		return "", false
	}
	return s, true
}
