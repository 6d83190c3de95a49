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
// the handler may be mounted under a prefix with http.StripPrefix.
func (p *Page) Handler(token string) http.Handler {
	mux := http.NewServeMux()
	// The page and feed link to themselves with the configured token, never
	// with whatever a request carried.
	page := &rendered{}
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { p.servePage(w, token, page) })
	mux.HandleFunc("GET /events", p.serveEvents)
	mux.HandleFunc("GET /api/incident.json", p.serveIncident)
	mux.HandleFunc("GET /banner.json", p.serveBanner)
	mux.HandleFunc("GET /feed.atom", func(w http.ResponseWriter, r *http.Request) { p.serveFeed(w, token) })
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
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // the token must not leave in a Referer
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// rendered keeps the last page rendered: a page shown on a wall screen and
// a hundred phones is the same bytes until the state changes or the clock
// moves on a second ("elapsed" and "overdue" depend on it).
type rendered struct {
	mu      sync.Mutex
	version uint64
	second  int64
	body    []byte
}

func (p *Page) servePage(w http.ResponseWriter, token string, cache *rendered) {
	version, second := p.stamp()
	cache.mu.Lock()
	body := cache.body
	if body == nil || cache.version != version || cache.second != second {
		// Rendered under the cache's lock: a burst of requests renders once.
		v, _ := p.versioned()
		var buf bytes.Buffer
		if err := pageTemplate.Execute(&buf, newPageData(v, token)); err != nil {
			cache.mu.Unlock()
			http.Error(w, "status page: "+err.Error(), http.StatusInternalServerError)
			return
		}
		body = buf.Bytes()
		cache.body, cache.version, cache.second = body, version, second
	}
	cache.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(body)
}

func (p *Page) serveIncident(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, p.snapshot())
}

func (p *Page) serveBanner(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, newBanner(p.snapshot()))
}

// writeJSON answers v for any origin: the JSON is what the page shows
// anyone who can reach it, and a product site must be able to fetch it.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, "status page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(append(b, '\n'))
}
