package statuspage

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// sameShape reports where got lacks a field of want, or holds it with
// another JSON type. A null in want is a time or nothing in Statuspage's
// examples: got may hold null or a string there. A list's first element
// is compared with want's first, when both have one.
func sameShape(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an object", path, got)}
		}
		var out []string
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				out = append(out, path+"."+k+": missing")
				continue
			}
			out = append(out, sameShape(path+"."+k, wv, gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want a list", path, got)}
		}
		if len(w) > 0 && len(g) > 0 {
			return sameShape(path+"[0]", w[0], g[0])
		}
		return nil
	case nil:
		if _, ok := got.(string); ok || got == nil {
			return nil
		}
		return []string{fmt.Sprintf("%s: %T, want null or a string", path, got)}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return []string{fmt.Sprintf("%s: %T, want %T", path, got, want)}
		}
		return nil
	}
}

func decodeJSON(t *testing.T, body string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return v
}

// TestV2SummaryMatchesStatuspagesExample reads /api/v2/summary.json with
// the field names and JSON types of Statuspage's documented example.
func TestV2SummaryMatchesStatuspagesExample(t *testing.T) {
	doc, err := os.ReadFile("testdata/statuspage-v2-summary.json")
	if err != nil {
		t.Fatal(err)
	}
	want := decodeJSON(t, string(doc))
	site := Site{Hostname: "ops-laptop", PublicURL: "https://status.example.com/"}
	res, body := get(t, seeded(t).HandlerAt("", site), "/api/v2/summary.json")
	if ct := res.Header.Get("Content-Type"); ct != jsonType {
		t.Errorf("content type %q", ct)
	}
	got := decodeJSON(t, body)
	for _, problem := range sameShape("summary", want, got) {
		t.Error(problem)
	}
	if sm, ok := got["scheduled_maintenances"].([]any); !ok || len(sm) != 0 {
		t.Errorf("scheduled_maintenances: %v, want an empty list", got["scheduled_maintenances"])
	}
	if c, ok := got["components"].([]any); !ok || len(c) != 0 {
		t.Errorf("components: %v, want an empty list", got["components"])
	}
	var s v2Summary
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	if s.Status != (v2Status{"major", "Partial System Outage"}) || len(s.Incidents) != 1 {
		t.Fatalf("status %+v, %d incidents", s.Status, len(s.Incidents))
	}
	i := s.Incidents[0]
	if i.ID != "inc-20260312-0902" || i.Impact != "major" || i.Status != "identified" || i.PageID != s.Page.ID ||
		i.Shortlink != "https://status.example.com/#inc-20260312-0902" || i.ResolvedAt != nil || len(i.IncidentUpdates) != 6 ||
		i.IncidentUpdates[0].ID != v2ID("inc-20260312-0902/12") || i.IncidentUpdates[5].Status != "investigating" ||
		!i.CreatedAt.Equal(at("09:02")) || !i.UpdatedAt.Equal(at("09:52")) {
		t.Errorf("incident: %+v", i)
	}
	if s.Page.URL != "https://status.example.com/" || len(s.Page.ID) != 12 || s.Page.Name == "" || !s.Page.UpdatedAt.Equal(at("09:52")) {
		t.Errorf("page: %+v", s.Page)
	}
	for _, k := range []string{"created_at", "updated_at", "started_at"} {
		v, _ := got["incidents"].([]any)[0].(map[string]any)[k].(string)
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s: %q is no RFC 3339 time", k, v)
		}
	}
}

func TestV2IndicatorFollowsSeverity(t *testing.T) {
	for _, tt := range []struct {
		sev             int
		drill, resolved bool
		indicator       string
	}{
		{1, false, false, "critical"}, {2, false, false, "major"}, {3, false, false, "minor"}, {4, false, false, "minor"},
		{1, true, false, "none"}, {1, false, true, "none"},
	} {
		msgs := scenario()
		if tt.resolved {
			msgs = append(msgs, resolvedMsg())
		}
		for i := range msgs {
			msgs[i].Severity, msgs[i].Drill = tt.sev, tt.drill
		}
		p := New("statuspage", clockAt("10:30"))
		p.Seed(msgs, 0)
		_, body := get(t, p.Handler(""), "/api/v2/status.json")
		var s v2StatusDoc
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			t.Fatal(err)
		}
		if s.Status.Indicator != tt.indicator || s.Status.Description == "" {
			t.Errorf("SEV%d drill %v resolved %v: %+v, want %s", tt.sev, tt.drill, tt.resolved, s.Status, tt.indicator)
		}
		_, body = get(t, p.Handler(""), "/api/v2/incidents/unresolved.json")
		var u v2Incidents
		_ = json.Unmarshal([]byte(body), &u)
		switch {
		case tt.resolved && len(u.Incidents) != 0:
			t.Errorf("a resolved incident listed as unresolved: %s", body)
		case tt.drill && (len(u.Incidents) != 1 || u.Incidents[0].Impact != "none" || !strings.HasPrefix(u.Incidents[0].Name, "[DRILL] ")):
			t.Errorf("a drill is listed marked, without impact: %s", body)
		}
	}
	_, body := get(t, New("statuspage", clockAt("09:00")).Handler(""), "/api/v2/summary.json")
	if !strings.Contains(body, `"indicator": "none"`) || !strings.Contains(body, `"incidents": []`) {
		t.Errorf("no incident: %s", body)
	}
}

func TestV2IncidentsKeepThePreviousIncident(t *testing.T) {
	p := twoIncidents(t)
	_ = p.Send(context.Background(), updates.Message{ID: "inc-20260312-1030/2", IncidentID: "inc-20260312-1030",
		Kind: updates.KindStatus, Title: "Search is slow", Severity: 3, Status: "monitoring", At: at("10:33"), DeclaredAt: at("10:30")})
	_, body := get(t, p.Handler(""), "/api/v2/incidents.json")
	var d v2Incidents
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Incidents) != 2 || d.Incidents[0].ID != "inc-20260312-1030" || d.Incidents[1].ID != "inc-20260312-0902" {
		t.Fatalf("incidents: %s", body)
	}
	b, a := d.Incidents[0], d.Incidents[1]
	if b.Status != "monitoring" || b.MonitoringAt == nil || !b.MonitoringAt.Equal(at("10:33")) || b.Impact != "minor" {
		t.Errorf("B: %+v", b)
	}
	if a.Status != "resolved" || a.ResolvedAt == nil || !a.ResolvedAt.Equal(at("10:12")) ||
		a.IncidentUpdates[0].Status != "resolved" || !strings.Contains(a.IncidentUpdates[0].Body, "EU checkout error rate back") {
		t.Errorf("A: %+v", a)
	}
	_, body = get(t, p.Handler(""), "/api/v2/incidents/unresolved.json")
	if strings.Contains(body, "inc-20260312-0902") || !strings.Contains(body, "inc-20260312-1030") {
		t.Errorf("unresolved: %s", body)
	}
}

func TestV2RoutesAreGuardedLikeTheOtherJSON(t *testing.T) {
	p := seeded(t)
	for _, path := range []string{"/api/v2/summary.json", "/api/v2/status.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"} {
		if res, _ := get(t, p.Handler("s3cret"), path); res.StatusCode != 401 {
			t.Errorf("%s without the token: %d", path, res.StatusCode)
		}
		if _, body := get(t, p.HandlerAt("s3cret", Site{PublicURL: "https://status.example.com"}), path+"?token=s3cret"); !strings.Contains(body, `"url": "https://status.example.com/?token=s3cret"`) {
			t.Errorf("%s: the page's url lacks its token: %s", path, body)
		}
		h := Guard(p.Handler(""), Site{CORS: []string{"https://dash.example.com"}})
		res := request(h, "127.0.0.1:8080", "https://dash.example.com", path)
		if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "https://dash.example.com" {
			t.Errorf("%s from a listed origin: %d %q", path, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
		res = request(h, "127.0.0.1:8080", "https://evil.example", path)
		if res.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s readable by any origin", path)
		}
	}
}

func TestV2TimeZoneIsAnIANAName(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		m    updates.Message
		want string
	}{
		{updates.Message{TimeZone: "Europe/Berlin", At: at("09:00")}, "Europe/Berlin"},
		{updates.Message{At: at("09:00").In(kolkata)}, "Asia/Kolkata"},
		{updates.Message{At: at("09:00").In(time.Local)}, localZone()},
	} {
		if got := zoneID(tt.m); got != tt.want || strings.Contains(got, "Local") {
			t.Errorf("zone of %v (%q): %q, want %q", tt.m.At, tt.m.TimeZone, got, tt.want)
		}
	}
	if z := localZone(); z == "" || strings.HasPrefix(z, "/") {
		t.Errorf("the machine's zone: %q", z)
	}
}

// An update's id is letters and digits, as Statuspage's are, and the same
// for the same message: a widget may build a URL from it.
func TestV2UpdateIDsAreAlphanumericAndStable(t *testing.T) {
	a, b := v2ID("inc-20260312-0902/12"), v2ID("inc-20260312-0902/12")
	if a != b || a == v2ID("inc-20260312-0902/13") {
		t.Fatalf("ids: %q %q", a, b)
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			t.Fatalf("id %q has %q", a, r)
		}
	}
}
