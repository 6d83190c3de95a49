package statuspage

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Guard serves next only to requests addressed to the page by a name s
// answers to, and lets the origins in s.CORS read the JSON routes.
//
// A Host the page does not answer to gets 421 Misdirected Request, saying
// which setting allows it: without this, a web page anywhere could point a
// name it owns at 127.0.0.1 (DNS rebinding) and read the page as its own.
// CORS is opt-in per origin: a listed Origin is echoed in
// Access-Control-Allow-Origin (with Vary: Origin) on the *.json routes; any
// other origin gets no CORS header, so browsers keep the answer from its
// scripts.
func Guard(next http.Handler, s Site) http.Handler {
	names := s.names()
	origins := map[string]bool{}
	for _, o := range s.CORS {
		origins[normalOrigin(o)] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.allows(r.Host, names) {
			setSecurityHeaders(w.Header())
			http.Error(w, misdirected(r.Host), http.StatusMisdirectedRequest)
			return
		}
		if len(origins) > 0 && strings.HasSuffix(r.URL.Path, ".json") {
			allowOrigin(w.Header(), r.Header.Get("Origin"), origins)
		}
		next.ServeHTTP(w, r)
	})
}

// allowOrigin lets a listed origin's scripts read the answer.
func allowOrigin(h http.Header, origin string, allowed map[string]bool) {
	if origin != "" && allowed[normalOrigin(origin)] {
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	}
}

// misdirected says why host is refused and which setting would allow it.
func misdirected(host string) string {
	h := normalHost(host)
	if len(h) > 100 {
		h = h[:100] + "…"
	}
	return fmt.Sprintf("421 misdirected request: this status page does not answer to the name %q "+
		"(a guard against other web sites reading it); if people open it by that name, "+
		"add it to the [statuspage] section of keepcool's config: hosts = [%q]\n", h, h)
}

// normalOrigin is an origin in lower case without its scheme's default
// port, as browsers send it.
func normalOrigin(o string) string {
	u, err := url.Parse(strings.ToLower(strings.TrimSpace(o)))
	if err != nil || u.Host == "" {
		return o
	}
	host := u.Host
	switch {
	case u.Scheme == "http" && u.Port() == "80", u.Scheme == "https" && u.Port() == "443":
		host = u.Hostname()
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
	}
	return u.Scheme + "://" + host
}
