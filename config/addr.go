package config

import (
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// isLoopbackHost reports whether host is localhost or a loopback IP
// (127.0.0.0/8, ::1). Names are not resolved: parsing stays offline.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// validPort reports whether port is a decimal number from lowest to 65535.
func validPort(port string, lowest int) bool {
	n, err := strconv.Atoi(port)
	return err == nil && n >= lowest && n <= 65535 && port[0] >= '0' && port[0] <= '9'
}

// webURL reports whether s is an https:// URL, or an http:// URL to a
// loopback host (local relays, tests). Plain http elsewhere would send
// incident details and webhook tokens in the clear.
func webURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		return isLoopbackHost(u.Hostname())
	}
	return false
}

// loopbackURL reports whether s is a URL to a loopback host.
func loopbackURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && isLoopbackHost(u.Hostname())
}

// smtpAddr splits "smtp://host:port", "smtps://host:port" or "host:port"
// into its scheme ("" for the bare form) and host; ok is false otherwise.
func smtpAddr(s string) (scheme, host string, ok bool) {
	hostport := s
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") ||
			u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return "", "", false
		}
		scheme, hostport = u.Scheme, u.Host
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || host == "" || !validPort(port, 1) {
		return "", "", false
	}
	return scheme, host, true
}
