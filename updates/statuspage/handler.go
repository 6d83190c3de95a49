package statuspage

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"sync"
)

// csp allows only the page's own script, style and event stream: no inline
// script, so injected markup could not run even if escaping ever failed.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Handler serves the page and its feeds. With a token, every route answers
// 401 unless the URL carries ?token=TOKEN; the page passes the token on to
// its own links, script and stream. Routes are relative to the page, so
// the handler may be mounted under a prefix with http.StripPrefix. It
// checks no Host and allows no other origin: serve it behind Guard.
func (p *Page) Handler(token string) http.Handler { return p.HandlerAt(token, Site{}) }

// HandlerAt is Handler for a page served at s: the feed's ids name s's
// machine (unique per machine, as feed readers need), its links and the
// Statuspage-format API's are absolute when s has a public_url.
func (p *Page) HandlerAt(token string, s Site) http.Handler {
	mux := http.NewServeMux()
	// The page and feed link to themselves with the configured token, never
	// with whatever a request carried. Each route keeps its last answer.
	mux.HandleFunc("GET /{$}", p.cached("text/html; charset=utf-8", p.renderPage(token)))
	mux.HandleFunc("GET /events", p.serveEvents)
	mux.HandleFunc("GET /api/incident.json", p.cached(jsonType, p.renderJSON(func(v View) any { return v })))
	mux.HandleFunc("GET /banner.json", p.cached(jsonType, p.renderJSON(func(v View) any { return newBanner(v) })))
	mux.HandleFunc("GET /feed.atom", p.cached("application/atom+xml; charset=utf-8", p.renderFeed(token, s)))
	p.routeV2(mux, token, s)
	for _, a := range staticAssets() {
		mux.Handle("GET /"+a.name, a)
	}
	return withHeaders(requireToken(token, mux))
}

// requireToken compares hashes in constant time, so neither the token's
// bytes nor its length leak through response timing.
func requireToken(token string, next http.Handler) http.Handler {
	if token == "" {
		return next
	}
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := sha256.Sum256([]byte(r.URL.Query().Get("token")))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			// Closed after the answer: a client without the token must not
			// hold one of the page's capped connections while it idles.
			w.Header().Set("Connection", "close")
			http.Error(w, "401 unauthorized: this status page needs ?token=… in its URL; ask whoever shared it for the full link",
				http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withHeaders sets the security headers on every answer, errors included,
// and forbids caching: everything but the static assets is live state.
func withHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer") // the token must not leave in a Referer
	h.Set("Cache-Control", "no-store")
}

const jsonType = "application/json; charset=utf-8"

// rendered keeps a route's last answer: a page shown on a wall screen and a
// hundred phones is the same bytes until the state changes or the clock
// moves on a second ("elapsed", "overdue" and "generated_at" depend on it).
type rendered struct {
	mu      sync.Mutex
	version uint64
	second  int64
	body    []byte
}

// cached answers render's bytes, rendering them again only when the state
// or the second changed since.
func (p *Page) cached(contentType string, render func() ([]byte, error)) http.HandlerFunc {
	cache := &rendered{}
	return func(w http.ResponseWriter, _ *http.Request) {
		body, err := cache.get(p, render)
		if err != nil {
			http.Error(w, "status page: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	}
}

// get is the cached body, rendered first when it is not p's current state
// and second. Rendering holds the cache's lock, so a burst of requests
// renders once. The body may show a state newer than the stamp it is kept
// under; the next request then renders again, never the other way round.
func (c *rendered) get(p *Page, render func() ([]byte, error)) ([]byte, error) {
	version, second := p.stamp()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.body != nil && c.version == version && c.second == second {
		return c.body, nil
	}
	body, err := render()
	if err != nil {
		return nil, err
	}
	c.body, c.version, c.second = body, version, second
	return body, nil
}

func (p *Page) renderPage(token string) func() ([]byte, error) {
	return func() ([]byte, error) {
		v, _ := p.versioned()
		var buf bytes.Buffer
		err := pageTemplate.Execute(&buf, newPageData(v, token))
		return buf.Bytes(), err
	}
}

// renderJSON renders what shape makes of the current view. Which origins
// may read it is Guard's business.
func (p *Page) renderJSON(shape func(View) any) func() ([]byte, error) {
	return func() ([]byte, error) {
		b, err := json.MarshalIndent(shape(p.snapshot()), "", "  ")
		return append(b, '\n'), err
	}
}
