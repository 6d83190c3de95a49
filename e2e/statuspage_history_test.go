package e2e

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// After `start A; resolve A; start B` a reader of the feed, the JSON or
// the Statuspage-format API still finds A and its all-clear, before and
// after the engine restarts.
func TestPageKeepsThePreviousIncidentAndItsAllClear(t *testing.T) {
	h := newHome(t, "[statuspage]\nlisten = \"127.0.0.1:0\"\npublic_url = \"https://status.example.com/\"\n")
	d := h.startDaemon()
	page := pageAddress(t, d)
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")
	a := h.status().Incident.ID
	h.must("resolve", "Rolled back deploy 412; checkout is healthy again")
	h.must("start", "Search is slow", "--eta", "10m-30m")
	b := h.status().Incident.ID
	if a == "" || b == "" || a == b {
		t.Fatalf("incident ids %q and %q", a, b)
	}
	poll.ForWithin(t, 15*time.Second, "B on the page", func() bool { return strings.Contains(pageBody(t, page+"api/incident.json"), b) })
	checkHistory(t, page, a, b)

	d.stop(t)
	d = h.startDaemon()
	defer d.stop(t)
	checkHistory(t, pageAddress(t, d), a, b)
}

const allClear = "Rolled back deploy 412; checkout is healthy again"

func checkHistory(t *testing.T, page, a, b string) {
	t.Helper()
	var view struct {
		Incident struct{ ID string }
		Recent   []struct {
			ID       string
			Resolved bool
			Summary  string
			Latest   struct{ Kind, Body string }
		}
	}
	decodeBody(t, pageBody(t, page+"api/incident.json"), &view)
	if view.Incident.ID != b || len(view.Recent) != 1 || view.Recent[0].ID != a || !view.Recent[0].Resolved ||
		view.Recent[0].Latest.Kind != "resolved" || !strings.Contains(view.Recent[0].Latest.Body, allClear) {
		t.Errorf("/api/incident.json: %+v", view)
	}

	var feed struct {
		Entries []struct {
			ID       string `xml:"id"`
			Category struct {
				Term string `xml:"term,attr"`
			} `xml:"category"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(pageBody(t, page+"feed.atom")), &feed); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	found := false
	for _, e := range feed.Entries {
		if e.Category.Term == "resolved" && strings.Contains(e.Content, allClear) {
			found = true
			if !strings.HasPrefix(e.ID, "tag:") || !strings.Contains(e.ID, "/"+a+"/") ||
				(host != "" && !strings.Contains(e.ID, strings.ToLower(host))) || e.Link.Href != "https://status.example.com/#"+a {
				t.Errorf("A's all-clear entry: id %q, link %q", e.ID, e.Link.Href)
			}
		}
	}
	if !found || len(feed.Entries) < 3 {
		t.Errorf("the feed lacks A's all-clear: %+v", feed.Entries)
	}

	var v2 struct {
		Incidents []struct {
			ID, Status      string
			ResolvedAt      *time.Time                      `json:"resolved_at"`
			IncidentUpdates []struct{ Status, Body string } `json:"incident_updates"`
		}
	}
	decodeBody(t, pageBody(t, page+"api/v2/incidents.json"), &v2)
	if len(v2.Incidents) != 2 || v2.Incidents[0].ID != b || v2.Incidents[1].ID != a {
		t.Fatalf("/api/v2/incidents.json: %+v", v2)
	}
	inc := v2.Incidents[1]
	if inc.Status != "resolved" || inc.ResolvedAt == nil || len(inc.IncidentUpdates) == 0 ||
		inc.IncidentUpdates[0].Status != "resolved" || !strings.Contains(inc.IncidentUpdates[0].Body, allClear) {
		t.Errorf("A in /api/v2/incidents.json: %+v", inc)
	}
}

func pageBody(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return string(b)
}

func decodeBody(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
}
