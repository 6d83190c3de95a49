package config

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/keepcool/keepcool/timefmt"
)

func topKeys() []string {
	return []string{"incident", "statuspage", "channel", "focus", "runbooks", "drills", "drill"}
}

func incidentKeys() []string {
	return []string{"cadence", "grace", "engineer", "cadence_sev1", "cadence_sev2", "cadence_sev3", "cadence_sev4", "timezone", "clock"}
}

func statusPageKeys() []string {
	return []string{"listen", "token", "public_url", "cors", "hosts"}
}

func focusKeys() []string {
	return []string{"desktop", "slack_token", "macos_focus_on", "macos_focus_off"}
}

func readIncident(t table, in Incident) Incident {
	t.only(incidentKeys())
	if d, ok := t.duration("cadence"); ok {
		in.Cadence = d
	}
	if d, ok := t.duration("grace"); ok {
		in.Grace = d
	}
	if s, ok := t.str("engineer"); ok {
		in.Engineer = strings.TrimSpace(s)
	}
	for sev := 1; sev <= 4; sev++ {
		if d, ok := t.duration("cadence_sev" + strconv.Itoa(sev)); ok {
			in.CadenceBySeverity[sev] = d
		}
	}
	if s, ok := t.str("timezone"); ok {
		if _, err := timefmt.LoadZone(strings.TrimSpace(s)); err != nil {
			t.fail("timezone", "= %v (or leave it out for this machine's zone)", err)
		} else {
			in.TimeZone = strings.TrimSpace(s)
		}
	}
	if s, ok := t.str("clock"); ok {
		if _, err := timefmt.ParseClock(s); err != nil || strings.TrimSpace(s) == "" {
			t.fail("clock", `= %q is not a clock; write "12h" or "24h", or leave it out to follow the locale`, s)
		} else {
			in.Clock = strings.ToLower(strings.TrimSpace(s))
		}
	}
	return in
}

func readStatusPage(t table, sp StatusPage) StatusPage {
	t.only(statusPageKeys())
	if s, ok := t.str("listen"); ok {
		sp.Listen = strings.TrimSpace(s)
	}
	if s, ok := t.secret("token"); ok {
		sp.Token = s
	}
	if s, ok := t.str("public_url"); ok {
		u, err := url.Parse(strings.TrimSpace(s))
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			t.fail("public_url", `= %q is not an http(s) address; write the page's address as stakeholders open it, e.g. public_url = "https://status.example.com/"`, s)
		case u.User != nil:
			// Every stakeholder message carries the link: a password in it
			// would go to all of them (and into the log).
			t.fail("public_url", `holds a user name or password, which every message would carry to every stakeholder; put the proxy's credentials elsewhere`)
		case u.RawQuery != "" || u.Fragment != "":
			t.fail("public_url", `= %q has a ?query or #fragment; give the page's address alone (keepcool adds ?token= itself)`, s)
		default:
			sp.PublicURL = strings.TrimSpace(s)
			if u.Scheme == "http" && sp.Token != "" && !isLoopbackHost(u.Hostname()) {
				t.warn("public_url", `is plain http: the page's token travels in the clear in every link; use https`)
			}
		}
	}
	if l, ok := t.list("cors"); ok {
		for _, o := range l {
			u, err := url.Parse(strings.TrimSpace(o))
			if o == "*" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
				t.fail("cors", `holds %q, which is not an origin; list the sites that may read the page's JSON, e.g. cors = ["https://www.example.com"]`, o)
				continue
			}
			sp.CORS = append(sp.CORS, u.Scheme+"://"+u.Host)
		}
	}
	if l, ok := t.list("hosts"); ok {
		for _, h := range l {
			if h = strings.TrimSpace(h); h == "" || strings.ContainsAny(h, "/:?# ") {
				t.fail("hosts", `holds %q, which is not a host name; list the names the page may be opened by, e.g. hosts = ["laptop.local"]`, h)
				continue
			}
			sp.Hosts = append(sp.Hosts, strings.ToLower(h))
		}
	}
	if strings.EqualFold(sp.Listen, listenOff) {
		sp.Listen = listenOff
		return sp
	}
	host, port, err := net.SplitHostPort(sp.Listen)
	switch {
	case err != nil || !validPort(port, 0):
		t.fail("listen", `= %q is not host:port; write e.g. listen = "%s", or "off" to turn the page off`,
			sp.Listen, defaultListen)
	case !isLoopbackHost(host) && sp.Token == "":
		t.fail("listen", `= %q lets other machines read the page, so it needs a token: `+
			`add token = "keyring:NAME" to [statuspage], or listen on 127.0.0.1`, sp.Listen)
	}
	return sp
}

func readFocus(t table, f Focus) Focus {
	t.only(focusKeys())
	if b, ok := t.boolean("desktop"); ok {
		f.Desktop = b
	}
	if s, ok := t.secret("slack_token"); ok {
		f.SlackToken = s
	}
	if s, ok := t.str("macos_focus_on"); ok {
		f.MacOSFocusOn = s
	}
	if s, ok := t.str("macos_focus_off"); ok {
		f.MacOSFocusOff = s
	}
	return f
}

// secret reads a string that holds a secret: a keyring:/env: reference is
// checked for a name, anything else is accepted with a plain-text warning.
func (t table) secret(key string) (string, bool) {
	s, ok := t.str(key)
	if !ok || !t.validRef(key, s) {
		return "", false
	}
	t.warnPlain(key, s)
	return s, true
}

// validRef reports whether s is a literal or a reference with a name.
func (t table) validRef(key, s string) bool {
	if scheme, name, isRef := splitRef(s); isRef && name == "" {
		t.fail(key, "= %q names no secret; write %sNAME", s, scheme)
		return false
	}
	return true
}

// warnPlain warns when a secret sits in the file in the clear.
func (t table) warnPlain(key, s string) {
	if s == "" || IsRef(s) {
		return
	}
	t.warn(key, "is stored in plain text; prefer keyring:NAME (%s) or env:NAME", storeCommand(t.r.goos, "NAME"))
}
