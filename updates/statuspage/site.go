package statuspage

import (
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Site is where the page is served and by which names people open it: the
// links the engine hands out and the Host names Guard answers to.
type Site struct {
	Listen    netip.AddrPort // the address listened on, its port resolved
	PublicURL string         // [statuspage] public_url; "" makes one from Hostname
	Hostname  string         // this machine's name (os.Hostname); "" when unknown
	Hosts     []string       // [statuspage] hosts: more names to answer to
	CORS      []string       // [statuspage] cors: origins whose scripts may read the JSON
}

// Loopback reports whether only this machine can reach the page.
func (s Site) Loopback() bool { return s.Listen.Addr().Unmap().IsLoopback() }

// StakeholderURL is the page as people on other machines open it, without
// its token: public_url when set; else "" on loopback (nobody else can open
// it), the host's name for an unspecified address (0.0.0.0 or ::: "[::]"
// opens nothing on another machine), and the address itself otherwise.
func (s Site) StakeholderURL() string {
	switch ip := s.Listen.Addr().Unmap(); {
	case s.PublicURL != "":
		return s.PublicURL
	case ip.IsLoopback():
		return ""
	case ip.IsUnspecified() && s.Hostname == "":
		return "" // nothing to name it by: the engine says to set public_url
	case ip.IsUnspecified():
		return pageURL(s.Hostname, s.Listen.Port())
	default:
		return pageURL(ip.WithZone("").String(), s.Listen.Port())
	}
}

// LocalURL is the page as this machine opens it, without its token: by
// 127.0.0.1 when it listens on every address. (Go listens on 0.0.0.0 and ::
// alike with one dual-stack socket, which 127.0.0.1 reaches even where
// IPv6 is turned off and ::1 is not.)
func (s Site) LocalURL() string {
	ip := s.Listen.Addr().Unmap()
	if ip.IsUnspecified() {
		ip = netip.AddrFrom4([4]byte{127, 0, 0, 1})
	}
	return pageURL(ip.WithZone("").String(), s.Listen.Port())
}

func pageURL(host string, port uint16) string {
	return "http://" + net.JoinHostPort(host, strconv.Itoa(int(port))) + "/"
}

// names are the Host names the page answers to besides loopback ones:
// configured hosts and public_url's host; off loopback also this machine's
// name. (Off loopback, any IP address answers too: see allows.)
func (s Site) names() map[string]bool {
	names := map[string]bool{}
	for _, h := range s.Hosts {
		names[normalHost(h)] = true
	}
	if u, err := url.Parse(s.PublicURL); err == nil && u.Hostname() != "" {
		names[normalHost(u.Hostname())] = true
	}
	if !s.Loopback() && s.Hostname != "" {
		names[normalHost(s.Hostname)] = true
	}
	return names
}

// allows reports whether the page answers a request for host (its Host
// header), given the extra names. DNS rebinding, the attack this guards
// against, always comes by a name the attacker owns resolving to this
// machine; an address typed as such is never one. So loopback names and
// addresses always answer, and off loopback every address does.
func (s Site) allows(host string, names map[string]bool) bool {
	h := normalHost(host)
	if h == "localhost" || names[h] {
		return true
	}
	ip, err := netip.ParseAddr(h)
	if err != nil {
		return false
	}
	return ip.Unmap().IsLoopback() || !s.Loopback()
}

// normalHost is a Host header's or a configured name's host, lower case,
// without port, brackets or a final dot.
func normalHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(strings.TrimSuffix(host, "."))
}
