package statuspage

import (
	"net/url"
	"strings"
)

// tagYear is the date in every tag: URI (RFC 4151) the page mints. It
// never changes: ids must stay the same for as long as the machine keeps
// its name.
const tagYear = "2026"

// authority is the name that makes the page's ids unique to this
// machine: its host name, else public_url's host, else "localhost"; in
// lower case, reduced to the letters a DNS name may hold.
func (s Site) authority() string {
	name := s.Hostname
	if name == "" {
		if u, err := url.Parse(s.PublicURL); err == nil {
			name = u.Hostname()
		}
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, name)
	if strings.Trim(name, ".-") == "" {
		return "localhost"
	}
	return name
}

// tagPrefix begins every feed and entry id: "tag:HOST,2026:keepcool/".
// An entry id adds the message id ("inc-20260312-0902/3"), unique on the
// machine; HOST makes it unique among machines.
func (s Site) tagPrefix() string { return "tag:" + s.authority() + "," + tagYear + ":keepcool/" }

// linkBase is public_url ending in "/", under which the feed's and the
// API's links are absolute; "" without one (links stay relative to the
// page, whichever name it was opened by).
func (s Site) linkBase() string {
	u := strings.TrimSpace(s.PublicURL)
	if u == "" {
		return ""
	}
	if p, err := url.Parse(u); err == nil {
		p.RawQuery, p.Fragment = "", ""
		u = p.String()
	}
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}
