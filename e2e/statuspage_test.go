package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/keepcool/keepcool/internal/poll"
)

// The whole path a stakeholder sees: a note typed at the CLI appears on a
// status page already open in a real browser, without a reload, and a
// hostile note shows as text and runs nothing.
func TestNoteAppearsLiveOnOpenPage(t *testing.T) {
	h := newHome(t, "")
	url := pageAddress(t, h.startDaemon())
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")

	ctx := browser(t)
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
		chromedp.Evaluate[chromedp.Void](`window.__sameLoad = 1`)); err != nil {
		t.Fatalf("open the page: %v", err)
	}

	h.must("note", "Rolled back deploy 412, error rate falling")
	hostile := `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> <!channel>`
	h.must("note", hostile)

	poll.ForWithin(t, 15*time.Second, "both notes on the open page", func() bool {
		body, err := chromedp.Run(tctx, chromedp.Text("body"))
		return err == nil && strings.Contains(body, "Rolled back deploy 412") && strings.Contains(body, `<script>window.__pwned=1</script>`)
	})
	sameLoad, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__sameLoad === 1`))
	if err != nil {
		t.Fatal(err)
	}
	pwned, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__pwned !== undefined || document.querySelector('main img, main script') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !sameLoad {
		t.Fatal("the page reloaded to show the note; it must update in place")
	}
	if pwned {
		t.Fatal("a note ran script on the status page")
	}
}

// pageAddress is the status page's local address, from the daemon's log.
func pageAddress(t *testing.T, d daemon) string {
	t.Helper()
	var url string
	poll.ForWithin(t, 10*time.Second, "the status page address in the log", func() bool {
		m := regexp.MustCompile(`status page: (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(d.Output())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	return url
}

// pageGet asks the page for path with the given Host and Origin headers.
func pageGet(t *testing.T, page, path, host, origin string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(page, "/")+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	hc := &http.Client{Timeout: 10 * time.Second} // a hang guard
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	hc.CloseIdleConnections()
	return res
}

// On loopback, the page answers only by loopback names and configured
// hosts (a DNS-rebinding name gets 421), and only listed origins may read
// its JSON (the page sent Access-Control-Allow-Origin: * to all).
func TestStatusPageRefusesOtherHostsAndOrigins(t *testing.T) {
	h := newHome(t, "[statuspage]\nlisten = \"127.0.0.1:0\"\nhosts = [\"laptop.test\"]\ncors = [\"https://www.example.test\"]\n")
	page := pageAddress(t, h.startDaemon())
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")
	for host, want := range map[string]int{"": 200, "localhost": 200, "laptop.test:8080": 200, "evil.example": 421, "evil.example:80": 421} {
		res := pageGet(t, page, "/api/incident.json", host, "")
		if res.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, res.StatusCode, want)
		}
		if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("Host %q: answer without the security headers: %v", host, res.Header)
		}
	}
	for origin, want := range map[string]string{"https://www.example.test": "https://www.example.test", "https://evil.example": "", "": ""} {
		for _, path := range []string{"/api/incident.json", "/banner.json"} {
			res := pageGet(t, page, path, "", origin)
			if got := res.Header.Get("Access-Control-Allow-Origin"); res.StatusCode != 200 || got != want {
				t.Errorf("Origin %q %s: %d, Access-Control-Allow-Origin %q, want %q", origin, path, res.StatusCode, got, want)
			}
		}
	}
}

// Listening on every address with a public_url, stakeholders get a link to
// the public_url with the token (every message linked to
// http://[::]:PORT/), and the token stays out of the journal, the log and
// the export.
func TestStatusPageLinksToPublicURL(t *testing.T) {
	const token = "tok-e2e-5be1f0c2a9d84e37"
	bodies := make(chan []byte, 16)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- b
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rcv.Close()
	h := newHome(t, fmt.Sprintf("[statuspage]\nlisten = \"0.0.0.0:0\"\ntoken = \"env:KEEPCOOL_E2E_PAGE_TOKEN\"\n"+
		"public_url = \"https://status.example.test/checkout/\"\n\n[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = %q\n", rcv.URL+"/hook"))
	h.extra = []string{"KEEPCOOL_E2E_PAGE_TOKEN=" + token}
	d := h.startDaemon()
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")
	var msg struct {
		StatusPage string `json:"status_page"`
	}
	select {
	case b := <-bodies:
		if err := json.Unmarshal(b, &msg); err != nil {
			t.Fatalf("webhook body: %v\n%s", err, b)
		}
	case <-time.After(20 * time.Second): // a hang guard
		t.Fatal("the webhook got nothing")
	}
	if want := "https://status.example.test/checkout/?token=" + token; msg.StatusPage != want {
		t.Fatalf("the message links to %q, want %q", msg.StatusPage, want)
	}
	h.must("note", "Rolled back deploy 412")
	export := h.must("export", "--format", "json")
	for what, text := range map[string]string{"the journal": journals(t, h), "the daemon's log": d.Output(), "the export": export} {
		if strings.Contains(text, token) {
			t.Errorf("%s holds the page's token", what)
		}
	}
	if !strings.Contains(d.Output(), "stakeholders get https://status.example.test/checkout/") {
		t.Errorf("the log does not say where stakeholders open the page:\n%s", d.Output())
	}
}

// In a real browser: a site listed in cors reads the page's JSON, any other
// site's script is kept from it, and a name someone else's DNS points at
// 127.0.0.1 (DNS rebinding, here Chromium's resolver rules) gets 421.
func TestStatusPageInBrowserOnlyListedSitesRead(t *testing.T) {
	const script = `<!doctype html><title>site</title><script>
fetch(new URLSearchParams(location.search).get("page") + "api/incident.json")
  .then(r => r.json()).then(j => { window.__result = "read: " + j.incident.title })
  .catch(e => { window.__result = "blocked" })</script>`
	site := func() *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, script)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	friend, stranger := site(), site()
	h := newHome(t, fmt.Sprintf("[statuspage]\nlisten = \"127.0.0.1:0\"\ncors = [%q]\n", friend.URL))
	page := pageAddress(t, h.startDaemon())
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")

	ctx := browser(t, chromedp.Flag("host-resolver-rules", "MAP evil.example 127.0.0.1"))
	tctx, cancel := context.WithTimeout(ctx, 60*time.Second) // a hang guard
	defer cancel()
	for name, want := range map[string]string{friend.URL: "read: Checkout returns 500s", stranger.URL: "blocked"} {
		if err := chromedp.Do(tctx, chromedp.Navigate(name+"/?page="+page),
			chromedp.Poll[chromedp.Void](`window.__result !== undefined`)); err != nil {
			t.Fatalf("open %s: %v", name, err)
		}
		if got, err := chromedp.Run(tctx, chromedp.Evaluate[string](`window.__result`)); err != nil || got != want {
			t.Errorf("a script on %s fetching the page's JSON: %q (%v), want %q", name, got, err, want)
		}
	}
	rebound := strings.Replace(page, "127.0.0.1", "evil.example", 1) + "api/incident.json"
	if err := chromedp.Do(tctx, chromedp.Navigate(rebound)); err != nil {
		t.Fatalf("open %s: %v", rebound, err)
	}
	if body, err := chromedp.Run(tctx, chromedp.Text("body")); err != nil || !strings.Contains(body, "misdirected") || strings.Contains(body, "Checkout") {
		t.Errorf("the page by a rebound name: %q (%v), want the 421 refusal", body, err)
	}
}

// browser starts Debian's headless Chromium (installed by make deps) with
// any extra options.
func browser(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	const path = "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Chromium not found at %s: run make deps", path)
	}
	opts := append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}
