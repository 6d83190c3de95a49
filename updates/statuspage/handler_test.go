package statuspage

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/keepcool/keepcool/updates"
)

// get fetches path from h in-process and returns the response and body.
func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestIncidentJSONShape(t *testing.T) {
	res, body := get(t, seeded(t).Handler(""), "/api/incident.json")
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "" ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(body), &raw); err != nil {
		t.Fatal(err)
	}
	inc, _ := raw["incident"].(map[string]any)
	for _, k := range []string{"id", "title", "severity", "status", "drill", "resolved", "declared_at", "updated_at",
		"elapsed", "estimate", "estimate_text", "next_update_by", "next_update_text", "next_update_overdue",
		"impact", "known", "unknown", "plan", "latest", "timeline"} {
		if _, ok := inc[k]; !ok {
			t.Errorf("incident.%s missing", k)
		}
	}
	if _, ok := raw["generated_at"]; !ok {
		t.Error("generated_at missing")
	}
	tl, _ := inc["timeline"].([]any)
	first, _ := tl[0].(map[string]any)
	for _, k := range []string{"id", "kind", "at", "time", "label", "body"} {
		if _, ok := first[k]; !ok {
			t.Errorf("timeline[0].%s missing", k)
		}
	}
	if inc["next_update_text"] != "Next update by 10:07 CEST" || first["id"] != "inc-20260312-0902/12" || first["time"] != "09:52 CEST" {
		t.Errorf("values: next %v, first %v", inc["next_update_text"], first)
	}
	_, body = get(t, New("statuspage", clockAt("09:00")).Handler(""), "/api/incident.json")
	if !strings.Contains(body, `"incident": null`) {
		t.Errorf("empty page JSON: %s", body)
	}
}

func TestAtomFeed(t *testing.T) {
	p := seeded(t)
	res, body := get(t, p.Handler(""), "/feed.atom")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("content type %q", ct)
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("feed does not parse: %v\n%s", err, body)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.ID == "" || f.Title.Text == "" || f.Updated != "2026-03-12T09:52:00+02:00" {
		t.Errorf("feed head: %+v", f)
	}
	if len(f.Entries) != 6 {
		t.Fatalf("%d entries, want 6", len(f.Entries))
	}
	e := f.Entries[0]
	if e.ID != "tag:localhost,2026:keepcool/inc-20260312-0902/12" || e.Updated != "2026-03-12T09:52:00+02:00" ||
		!strings.Contains(e.Content.Text, "Next update by 10:07") || e.Title.Text == "" {
		t.Errorf("first entry: %+v", e)
	}
	_ = p.Send(context.Background(), noteMsg("20", "09:58", "again"))
	_, body2 := get(t, p.Handler(""), "/feed.atom")
	var f2 atomFeed
	_ = xml.Unmarshal([]byte(body2), &f2)
	if len(f2.Entries) != 7 || f2.Entries[1].ID != e.ID {
		t.Errorf("entry ids not stable across fetches: %s vs %s", f2.Entries[1].ID, e.ID)
	}
}

func TestBanner(t *testing.T) {
	drill := scenario()
	for i := range drill {
		drill[i].Drill = true
	}
	tests := []struct {
		name   string
		msgs   []updates.Message
		active bool
		text   string
	}{
		{"none", nil, false, "All systems normal."},
		{"active", scenario(), true, "We're working on an issue with Checkout returns 500s for EU customers; fix expected by 10:30 CEST. Next update by 10:07 CEST."},
		{"resolved", append(scenario(), resolvedMsg()), false, "The issue with Checkout returns 500s for EU customers was resolved at 10:12 CEST."},
		{"drill never shows as active", drill, false, "[DRILL] We're working on an issue with Checkout returns 500s for EU customers; fix expected by 10:30 CEST. Next update by 10:07 CEST."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New("statuspage", clockAt("09:55"))
			p.Seed(tt.msgs, 0)
			res, body := get(t, p.Handler(""), "/banner.json")
			if res.Header.Get("Access-Control-Allow-Origin") != "" {
				t.Error("banner.json allows every origin: CORS is Guard's, per listed origin")
			}
			var b map[string]any
			if err := json.Unmarshal([]byte(body), &b); err != nil {
				t.Fatal(err)
			}
			if b["active"] != tt.active || b["text"] != tt.text {
				t.Errorf("active %v text %q", b["active"], b["text"])
			}
			for _, k := range []string{"active", "severity", "title", "text", "updated_at"} {
				if _, ok := b[k]; !ok {
					t.Errorf("%s missing", k)
				}
			}
		})
	}
}

func TestTokenIsRequiredOnEveryRoute(t *testing.T) {
	h := seeded(t).Handler("s3cret-token")
	for _, path := range []string{"/", "/events", "/api/incident.json", "/feed.atom", "/banner.json", "/app.js", "/style.css", "/favicon.svg", "/nope"} {
		for _, q := range []string{"", "?token=", "?token=wrong", "?token=s3cret-toke", "?token=s3cret-token0", "?Token=s3cret-token"} {
			t.Run(path+q, func(t *testing.T) {
				res, _ := get(t, h, path+q)
				if res.StatusCode != http.StatusUnauthorized || res.Header.Get("Connection") != "close" {
					t.Errorf("status %d, Connection %q; want 401 and the connection closed", res.StatusCode, res.Header.Get("Connection"))
				}
			})
		}
	}
	for _, path := range []string{"/", "/api/incident.json", "/feed.atom", "/banner.json", "/app.js"} {
		if res, _ := get(t, h, path+"?token=s3cret-token"); res.StatusCode != 200 {
			t.Errorf("%s with the token: %d", path, res.StatusCode)
		}
	}
	_, page := get(t, h, "/?token=s3cret-token")
	for _, ref := range []string{`src="app.js?token=s3cret-token"`, `href="style.css?token=s3cret-token"`, `href="feed.atom?token=s3cret-token"`} {
		if !strings.Contains(page, ref) {
			t.Errorf("page does not pass the token on: %s", ref)
		}
	}
}

func TestPageHeaders(t *testing.T) {
	res, body := get(t, seeded(t).Handler(""), "/")
	want := map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"Cache-Control":          "no-store",
	}
	for k, v := range want {
		if got := res.Header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
	if !strings.Contains(body, "Checkout returns 500s for EU customers") || !strings.Contains(body, "Next update by 10:07") ||
		!strings.Contains(body, "(revised from") {
		t.Error("server-rendered page lacks the incident")
	}
	_, calm := get(t, New("statuspage", clockAt("09:00")).Handler(""), "/")
	if !strings.Contains(calm, "All systems normal") || !strings.Contains(calm, "No incident declared") {
		t.Error("empty page is not the calm state")
	}
	res, _ = get(t, seeded(t).Handler(""), "/app.js")
	if res.Header.Get("ETag") == "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("app.js headers %v", res.Header)
	}
}

func TestHostileNoteIsInertEverywhere(t *testing.T) {
	p := seeded(t)
	m := noteMsg("66", "09:54", hostileNote)
	m.Title = `<b onmouseover=alert(1)>Checkout</b> & "quotes"`
	_ = p.Send(context.Background(), m)
	h := p.Handler("")

	_, page := get(t, h, "/")
	for _, bad := range []string{"<script>alert(1)", "<b onmouseover", "\x1b", "\xff"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;!channel&gt;") || !strings.Contains(page, "&lt;b onmouseover=alert(1)&gt;") {
		t.Error("page does not show the hostile text escaped")
	}
	if len(page) > 200_000 {
		t.Errorf("page is %d bytes: the 100 KB note was not cut", len(page))
	}

	_, js := get(t, h, "/api/incident.json")
	if !utf8.ValidString(js) || strings.Contains(js, "<script>") {
		t.Error("JSON is not valid UTF-8 or carries raw markup")
	}
	var v View
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v.Incident.Latest.Body, "<script>alert(1)</script> <!channel>") {
		t.Errorf("JSON does not carry the text as text: %q", v.Incident.Latest.Body[:60])
	}

	_, feed := get(t, h, "/feed.atom")
	var f atomFeed
	if err := xml.Unmarshal([]byte(feed), &f); err != nil {
		t.Fatalf("feed with a hostile note does not parse: %v", err)
	}
	if !strings.Contains(f.Entries[0].Content.Text, "<script>alert(1)</script>") || strings.Contains(feed, "<script>") {
		t.Error("feed does not carry the hostile note as escaped text")
	}
}

// TestScriptFindsEveryElement: app.js updates elements by id; each must be
// in the server-rendered page in every state, or a live update silently
// misses it.
func TestScriptFindsEveryElement(t *testing.T) {
	js, err := assetFS.ReadFile("assets/app.js")
	if err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`(?:\$|setText|show)\('([a-z-]+)'`).FindAllStringSubmatch(string(js), -1)
	if len(ids) < 20 {
		t.Fatalf("found only %d ids in app.js", len(ids))
	}
	for _, msgs := range [][]updates.Message{nil, scenario(), append(scenario(), resolvedMsg())} {
		p := New("statuspage", clockAt("09:55"))
		p.Seed(msgs, 0)
		_, page := get(t, p.Handler(""), "/")
		for _, id := range ids {
			if !strings.Contains(page, `id="`+id[1]+`"`) {
				t.Errorf("%d messages: page has no element #%s", len(msgs), id[1])
			}
		}
	}
	rec := httptest.NewRecorder()
	seeded(t).Handler("").ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/events", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/event-stream; charset=utf-8" {
		t.Errorf("HEAD /events: %d %v", rec.Code, rec.Header())
	}
}

// Every cached route answers anew once the state changes or the clock
// moves on a second, and the same bytes until then.
func TestCachedRoutesFollowStateAndClock(t *testing.T) {
	now := at("09:55")
	var mu sync.Mutex
	p := New("statuspage", func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	p.Seed(scenario(), 0)
	h := p.Handler("")
	for i, path := range []string{"/", "/api/incident.json", "/feed.atom", "/banner.json"} {
		_, first := get(t, h, path)
		if _, again := get(t, h, path); again != first {
			t.Errorf("%s: two answers for one state and second", path)
		}
		_ = p.Send(context.Background(), noteMsg("40"+path, "09:5"+strconv.Itoa(6+i), "a note for "+path)) // the banner: a new "next update by"
		if _, after := get(t, h, path); after == first {
			t.Errorf("%s: the cached answer outlived a Send", path)
		}
	}
	_, before := get(t, h, "/api/incident.json")
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	if _, after := get(t, h, "/api/incident.json"); after == before || !strings.Contains(after, `"generated_at": "2026-03-12T09:55:01+02:00"`) {
		t.Errorf("incident.json not rendered anew for the next second:\n%.300s", after)
	}
}
