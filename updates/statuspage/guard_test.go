package statuspage

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// guarded serves the seeded page behind Guard for site.
func guarded(t *testing.T, s Site) http.Handler {
	t.Helper()
	return Guard(seeded(t).Handler(""), s)
}

// request sends one GET with the given Host and Origin ("" for none).
func request(h http.Handler, host, origin, path string) *http.Response {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = host
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// On loopback the page answers only to loopback names and addresses and
// to configured names; a name pointed at 127.0.0.1 by someone else's DNS
// (rebinding) is refused, so no other web site can read the page.
func TestGuardHostOnLoopback(t *testing.T) {
	h := guarded(t, Site{Listen: netip.MustParseAddrPort("127.0.0.1:8725"), Hostname: "oncall",
		Hosts: []string{"laptop.test"}, PublicURL: "https://status.example.com/"})
	for host, want := range map[string]int{
		"localhost": 200, "localhost:8725": 200, "LOCALHOST.:8725": 200, "127.0.0.1:8725": 200,
		"127.0.0.2": 200, "[::1]:8725": 200, "[::1]": 200, "laptop.test:8725": 200, "Laptop.Test": 200,
		"status.example.com": 200, // public_url: a proxy passing the Host on
		"evil.example":       421, "evil.example:8725": 421, "localhost.evil.example": 421,
		"oncall": 421, "192.168.1.5:8725": 421, "[2001:db8::1]:8725": 421, "": 421,
	} {
		if got := request(h, host, "", "/api/incident.json").StatusCode; got != want {
			t.Errorf("Host %q: %d, want %d", host, got, want)
		}
	}
}

// Off loopback (a token required there) the page also answers to this
// machine's name and to any address: a rebinding attack needs a name.
func TestGuardHostOffLoopback(t *testing.T) {
	h := guarded(t, Site{Listen: netip.MustParseAddrPort("0.0.0.0:19261"), Hostname: "oncall"})
	for host, want := range map[string]int{
		"oncall:19261": 200, "192.168.1.5:19261": 200, "[2001:db8::1]:19261": 200, "localhost": 200,
		"evil.example": 421, "oncall.evil.example": 421,
	} {
		if got := request(h, host, "", "/").StatusCode; got != want {
			t.Errorf("Host %q: %d, want %d", host, got, want)
		}
	}
}

// A refusal says which setting allows the name, and carries the security
// headers like every other answer.
func TestGuardRefusal(t *testing.T) {
	res := request(guarded(t, Site{Listen: netip.MustParseAddrPort("127.0.0.1:8725")}), "evil.example:80", "", "/")
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusMisdirectedRequest || !strings.Contains(string(body), `hosts = ["evil.example"]`) {
		t.Fatalf("%d %q", res.StatusCode, body)
	}
	for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"} {
		if res.Header.Get(k) == "" {
			t.Errorf("refusal without %s", k)
		}
	}
}

// CORS is opt-in per origin, on the JSON routes only: a listed origin is
// echoed with Vary: Origin; any other gets no CORS header at all.
func TestGuardCORS(t *testing.T) {
	h := guarded(t, Site{Listen: netip.MustParseAddrPort("127.0.0.1:8725"), CORS: []string{"https://www.example.com", "http://shop.example:8080"}})
	tests := []struct {
		origin, path, want string
	}{
		{"https://www.example.com", "/api/incident.json", "https://www.example.com"},
		{"https://www.example.com", "/banner.json", "https://www.example.com"},
		{"https://www.example.com:443", "/banner.json", "https://www.example.com:443"},
		{"http://shop.example:8080", "/banner.json", "http://shop.example:8080"},
		{"https://evil.example", "/api/incident.json", ""},
		{"http://www.example.com", "/api/incident.json", ""},
		{"https://www.example.com.evil.example", "/api/incident.json", ""},
		{"null", "/banner.json", ""},
		{"", "/banner.json", ""},
		{"https://www.example.com", "/", ""},
		{"https://www.example.com", "/feed.atom", ""},
	}
	for _, tt := range tests {
		res := request(h, "localhost:8725", tt.origin, tt.path)
		got, vary := res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Vary")
		if res.StatusCode != 200 || got != tt.want || (vary == "Origin") != (tt.want != "") {
			t.Errorf("Origin %q %s: %d, Access-Control-Allow-Origin %q, Vary %q; want %q", tt.origin, tt.path, res.StatusCode, got, vary, tt.want)
		}
	}
	res := request(guarded(t, Site{Listen: netip.MustParseAddrPort("127.0.0.1:8725")}), "localhost", "https://www.example.com", "/banner.json")
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("no cors configured, yet Access-Control-Allow-Origin %q", got)
	}
}
