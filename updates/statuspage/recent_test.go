package statuspage

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// secondIncident is incident B, declared at 10:30 after the scenario (A)
// was resolved at 10:12.
func secondIncident() updates.Message {
	return updates.Message{
		ID: "inc-20260312-1030/1", IncidentID: "inc-20260312-1030", Kind: updates.KindDeclared,
		Title: "Search is slow", Severity: 3, Status: "investigating", At: at("10:30"),
		DeclaredAt: at("10:30"), NextUpdateBy: at("10:45"), Impact: "Search takes 5 s instead of 0.5 s.",
	}
}

// twoIncidents is a page that saw A, A's all-clear, then B, at 10:35.
func twoIncidents(t *testing.T) *Page {
	t.Helper()
	p := New("statuspage", clockAt("10:35"))
	p.Seed(scenario(), 0)
	for _, m := range []updates.Message{resolvedMsg(), secondIncident()} {
		if err := p.Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestIncidentJSONKeepsThePreviousIncident(t *testing.T) {
	p := twoIncidents(t)
	_, body := get(t, p.Handler(""), "/api/incident.json")
	var v View
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if v.Incident == nil || v.Incident.ID != "inc-20260312-1030" {
		t.Fatalf("current incident: %+v", v.Incident)
	}
	if len(v.Recent) != 1 {
		t.Fatalf("%d recent incidents, want 1 (A): %s", len(v.Recent), body)
	}
	a := v.Recent[0]
	if a.ID != "inc-20260312-0902" || !a.Resolved || a.Latest.Kind != "resolved" ||
		!strings.Contains(a.Latest.Body, "EU checkout error rate back") || a.ResolvedAtText != "10:12 CEST" ||
		len(a.Timeline) != 7 || a.RootCause == "" {
		t.Errorf("A as kept: %+v", a)
	}
	// The previous shape is kept: the current incident where it always was.
	if !strings.Contains(body, `"incident": {`) || !strings.Contains(body, `"recent": [`) {
		t.Errorf("shape: %s", body)
	}
	_, empty := get(t, New("statuspage", clockAt("09:00")).Handler(""), "/api/incident.json")
	if !strings.Contains(empty, `"recent": []`) {
		t.Errorf("no incident yet: recent must be an empty list: %s", empty)
	}
}

func TestFeedKeepsThePreviousIncidentsAllClear(t *testing.T) {
	p := twoIncidents(t)
	site := Site{Hostname: "Ops-Laptop", PublicURL: "https://status.example.com/page"}
	_, body := get(t, p.HandlerAt("s3cret", site), "/feed.atom?token=s3cret")
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("feed: %v\n%s", err, body)
	}
	if len(f.Entries) != 8 {
		t.Fatalf("%d entries, want B's 1 and A's 7", len(f.Entries))
	}
	if f.Entries[0].ID != "tag:ops-laptop,2026:keepcool/inc-20260312-1030/1" ||
		f.Entries[1].ID != "tag:ops-laptop,2026:keepcool/inc-20260312-0902/15" || f.Entries[1].Category.Term != "resolved" ||
		!strings.Contains(f.Entries[1].Content.Text, "EU checkout error rate back") {
		t.Errorf("entries: %+v / %+v", f.Entries[0], f.Entries[1])
	}
	if f.ID != "tag:ops-laptop,2026:keepcool/feed/statuspage" || f.Updated != "2026-03-12T10:30:00+02:00" {
		t.Errorf("feed head: %s %s", f.ID, f.Updated)
	}
	want := []atomLink{{"self", "application/atom+xml", "https://status.example.com/page/feed.atom?token=s3cret"},
		{"alternate", "text/html", "https://status.example.com/page/?token=s3cret"}}
	if fmt.Sprint(f.Links) != fmt.Sprint(want) {
		t.Errorf("links %v, want %v", f.Links, want)
	}
	if got := f.Entries[1].Link.Href; got != "https://status.example.com/page/?token=s3cret#inc-20260312-0902" {
		t.Errorf("entry link %q", got)
	}
	seen := map[string]bool{}
	for _, e := range f.Entries {
		if seen[e.ID] {
			t.Errorf("id %s twice", e.ID)
		}
		seen[e.ID] = true
	}
}

func TestPageListsPastIncidents(t *testing.T) {
	p := twoIncidents(t)
	_, body := get(t, p.Handler(""), "/")
	for _, want := range []string{"Past incidents", `id="inc-20260312-0902"`, "Checkout returns 500s for EU customers",
		"EU checkout error rate back to its normal 0.3%", "payments-gateway v2.41 sent an empty VAT header",
		">09:02 CEST</time> – <time", ">10:12 CEST</time> · 1 h 10 min", "1 h 10 min"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	_, calm := get(t, seeded(t).Handler(""), "/")
	if !strings.Contains(calm, `class="card past" id="past" hidden`) {
		t.Error("with no past incident the section must be hidden")
	}
}

func TestEventCarriesPastIncidentsWithoutTimelines(t *testing.T) {
	p := twoIncidents(t)
	p.mu.Lock()
	ev := string(p.eventLocked())
	p.mu.Unlock()
	data := strings.TrimSuffix(strings.TrimPrefix(ev, "event: state\ndata: "), "\n\n")
	var v View
	if err := json.Unmarshal([]byte(data), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Recent) != 1 || len(v.Recent[0].Timeline) != 0 || v.Recent[0].Latest.Kind != "resolved" {
		t.Errorf("event's recent: %+v", v.Recent)
	}
}

func TestLateRetryOfAPastIncidentStaysInThePast(t *testing.T) {
	p := twoIncidents(t)
	_ = p.Send(context.Background(), noteMsg("14", "10:05", "late retry"))
	v := p.snapshot()
	if v.Incident.ID != "inc-20260312-1030" || len(v.Recent) != 1 || len(v.Recent[0].Timeline) != 8 {
		t.Errorf("after a late retry: current %s, recent %d", v.Incident.ID, len(v.Recent))
	}
}

func TestRecentKeepsMaxRecentIncidents(t *testing.T) {
	var seeds []Seeded
	for i := range MaxRecent + 3 {
		m := secondIncident()
		m.IncidentID = fmt.Sprintf("inc-%02d", i)
		m.ID, m.At = m.IncidentID+"/1", at("08:00").Add(time.Duration(i)*time.Minute)
		seeds = append(seeds, Seeded{Msgs: []updates.Message{m}, Total: 4})
	}
	p := New("statuspage", clockAt("10:35"))
	p.SeedRecent(seeds)
	v := p.snapshot()
	if v.Incident.ID != fmt.Sprintf("inc-%02d", MaxRecent+2) || v.Incident.NotesTotal != 4 || len(v.Recent) != MaxRecent-1 ||
		v.Recent[0].ID != fmt.Sprintf("inc-%02d", MaxRecent+1) || v.Recent[MaxRecent-2].ID != "inc-03" {
		t.Errorf("kept: current %s, %d past", v.Incident.ID, len(v.Recent))
	}
	p.Seed(scenario(), 0)
	if v := p.snapshot(); len(v.Recent) != 0 {
		t.Errorf("Seed keeps %d past incidents; it replaces what the page knows", len(v.Recent))
	}
}

// Two incidents declared in one second come in id order (by title), not
// declaration order: neither is lost, and the later-declared is current.
func TestSeedKeepsIncidentsOfOneSecond(t *testing.T) {
	mk := func(id string, at time.Time) Seeded {
		m := secondIncident()
		m.IncidentID, m.ID, m.At = id, id+"/1", at
		return Seeded{Msgs: []updates.Message{m}, Total: 1}
	}
	t0 := at("08:00")
	p := New("statuspage", clockAt("10:35"))
	p.SeedRecent([]Seeded{ // as sorted ids give them: alpha before zeta, though zeta came first
		mk("20260312-080000-alpha", t0.Add(400*time.Millisecond)),
		mk("20260312-080000-zeta", t0.Add(100*time.Millisecond)),
		mk("20260312-080100-mid", t0.Add(time.Minute)),
	})
	v := p.snapshot()
	if v.Incident.ID != "20260312-080100-mid" || len(v.Recent) != 2 ||
		v.Recent[0].ID != "20260312-080000-alpha" || v.Recent[1].ID != "20260312-080000-zeta" {
		ids := []string{}
		for _, r := range v.Recent {
			ids = append(ids, r.ID)
		}
		t.Fatalf("current %s, past %v", v.Incident.ID, ids)
	}
}
