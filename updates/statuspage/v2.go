package statuspage

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// The read API in Atlassian Statuspage's public format (its /api/v2/),
// so widgets and readers written for Statuspage read this page: field
// names and JSON types as in Statuspage's documented examples
// (testdata/statuspage-v2-summary.json). keepcool has no components and
// no scheduled maintenances: those lists are empty.
//
// Mapping: severity gives impact and the page's indicator (SEV1 critical,
// SEV2 major, SEV3 and SEV4 minor; none without an unresolved incident).
// A drill is listed as it is on the page, named "[DRILL] …", with impact
// none, and never raises the indicator: nobody is affected, and a widget
// must not show an exercise as an outage (as /banner.json).

type v2Page struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	URL       string    `json:"url"`
	TimeZone  string    `json:"time_zone"`
	UpdatedAt time.Time `json:"updated_at"`
}

type v2Status struct {
	Indicator   string `json:"indicator"` // none|minor|major|critical
	Description string `json:"description"`
}

type v2Incident struct {
	CreatedAt       time.Time   `json:"created_at"`
	ID              string      `json:"id"`
	Impact          string      `json:"impact"`
	IncidentUpdates []v2Update  `json:"incident_updates"`
	MonitoringAt    *time.Time  `json:"monitoring_at"`
	Name            string      `json:"name"`
	PageID          string      `json:"page_id"`
	ResolvedAt      *time.Time  `json:"resolved_at"`
	Shortlink       string      `json:"shortlink"`
	StartedAt       time.Time   `json:"started_at"`
	Status          string      `json:"status"`
	UpdatedAt       time.Time   `json:"updated_at"`
	Components      []v2Nothing `json:"components"`
}

type v2Update struct {
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"created_at"`
	DisplayAt  time.Time `json:"display_at"`
	ID         string    `json:"id"`
	IncidentID string    `json:"incident_id"`
	Status     string    `json:"status"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// v2Nothing is an element of a list keepcool always leaves empty.
type v2Nothing struct{}

type v2Summary struct {
	Page                  v2Page       `json:"page"`
	Status                v2Status     `json:"status"`
	Components            []v2Nothing  `json:"components"`
	Incidents             []v2Incident `json:"incidents"`
	ScheduledMaintenances []v2Nothing  `json:"scheduled_maintenances"`
}

type v2StatusDoc struct {
	Page   v2Page   `json:"page"`
	Status v2Status `json:"status"`
}

type v2Incidents struct {
	Page      v2Page       `json:"page"`
	Incidents []v2Incident `json:"incidents"`
}

// routeV2 adds the Statuspage-format routes to mux; each keeps its last
// answer until the page changes, as every other route. The page's url and
// the shortlinks carry the token, as the feed's links do.
func (p *Page) routeV2(mux *http.ServeMux, token string, s Site) {
	routes := map[string]func(v2Doc) any{
		"summary.json": func(d v2Doc) any {
			return v2Summary{Page: d.page, Status: d.status, Components: []v2Nothing{},
				Incidents: d.unresolved(), ScheduledMaintenances: []v2Nothing{}}
		},
		"status.json":               func(d v2Doc) any { return v2StatusDoc{d.page, d.status} },
		"incidents.json":            func(d v2Doc) any { return v2Incidents{d.page, d.incidents} },
		"incidents/unresolved.json": func(d v2Doc) any { return v2Incidents{d.page, d.unresolved()} },
	}
	for path, shape := range routes {
		mux.HandleFunc("GET /api/v2/"+path, p.cached(jsonType, func() ([]byte, error) {
			b, err := json.MarshalIndent(shape(p.v2(token, s)), "", "  ")
			return append(b, '\n'), err
		}))
	}
}

// v2Doc is the page's state in Statuspage's terms.
type v2Doc struct {
	page      v2Page
	status    v2Status
	incidents []v2Incident // the recent ones, newest first
}

func (d v2Doc) unresolved() []v2Incident {
	out := []v2Incident{}
	for _, i := range d.incidents {
		if i.Status != string(incident.Resolved) {
			out = append(out, i)
		}
	}
	return out
}

// v2 is the current state in Statuspage's terms, for a page served at s.
func (p *Page) v2(token string, s Site) v2Doc {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	d := v2Doc{
		page:      v2Page{ID: s.pageID(), Name: "Service status", URL: withQuery(s.pageLink(), token), TimeZone: "Etc/UTC", UpdatedAt: now},
		status:    v2Status{Indicator: "none", Description: "All Systems Operational"},
		incidents: []v2Incident{},
	}
	if !p.lastTest.At.IsZero() {
		d.page.UpdatedAt = p.lastTest.At
	}
	for i, r := range p.recentLocked() {
		inc := v2IncidentOf(r, d.page)
		d.incidents = append(d.incidents, inc)
		if i > 0 {
			continue
		}
		last := r.latest()
		d.page.UpdatedAt, d.page.TimeZone = last.At, zoneID(last)
		if inc.Status != string(incident.Resolved) && !last.Drill {
			d.status = v2StatusOf(last.Severity)
		}
	}
	return d
}

// v2StatusOf is the indicator of an unresolved incident of severity sev,
// worded as Statuspage words its indicators.
func v2StatusOf(sev int) v2Status {
	switch impact := v2Impact(sev); impact {
	case "critical":
		return v2Status{impact, "Major System Outage"}
	case "major":
		return v2Status{impact, "Partial System Outage"}
	default:
		return v2Status{impact, "Minor Service Outage"}
	}
}

// v2Impact maps a severity to Statuspage's impact.
func v2Impact(sev int) string {
	switch {
	case sev <= 1:
		return "critical"
	case sev == 2:
		return "major"
	default:
		return "minor"
	}
}

// v2IncidentOf is one kept incident, its updates newest first as
// Statuspage lists them.
func v2IncidentOf(r *record, page v2Page) v2Incident {
	last := r.latest()
	inc := v2Incident{
		CreatedAt: last.DeclaredAt, StartedAt: last.DeclaredAt, UpdatedAt: last.At,
		ID: r.id, Name: last.Title, PageID: page.ID, Impact: v2Impact(last.Severity),
		Status: v2StatusWord(last), Shortlink: page.URL + "#" + url.PathEscape(r.id),
		IncidentUpdates: make([]v2Update, 0, len(r.msgs)), Components: []v2Nothing{},
	}
	if inc.CreatedAt.IsZero() {
		inc.CreatedAt, inc.StartedAt = r.msgs[0].At, r.msgs[0].At
	}
	if last.Drill {
		inc.Name, inc.Impact = "[DRILL] "+inc.Name, "none"
	}
	for _, m := range r.msgs {
		if m.Status == string(incident.Monitoring) && inc.MonitoringAt == nil {
			inc.MonitoringAt = &m.At
		}
	}
	if inc.Status == string(incident.Resolved) {
		end := last.ResolvedAt
		if end.IsZero() {
			end = last.At
		}
		inc.ResolvedAt = &end
	}
	for i := len(r.msgs) - 1; i >= 0; i-- {
		m := r.msgs[i]
		body := m.Body()
		if e := entry(m, last); e.Detail != "" {
			body += "\n\n" + e.Detail
		}
		inc.IncidentUpdates = append(inc.IncidentUpdates, v2Update{
			Body: body, CreatedAt: m.At, DisplayAt: m.At, UpdatedAt: m.At,
			ID: v2ID(entryID(m)), IncidentID: r.id, Status: v2StatusWord(m),
		})
	}
	return inc
}

// v2StatusWord is a message's incident status as Statuspage words it: the
// same four words keepcool uses; the all-clear is resolved.
func v2StatusWord(m updates.Message) string {
	switch incident.Status(m.Status) {
	case incident.Identified, incident.Monitoring, incident.Resolved:
		return m.Status
	}
	if m.Kind == updates.KindResolved {
		return string(incident.Resolved)
	}
	return string(incident.Investigating)
}

// zoneID is the IANA name of the zone m's readers read times in, as
// Statuspage's time_zone is: the configured one, else the zone m.At
// carries when it has a name, else the machine's (localZone).
func zoneID(m updates.Message) string {
	if m.TimeZone != "" {
		return m.TimeZone
	}
	if name := m.At.Location().String(); name != "Local" && name != "" {
		return name
	}
	return localZone()
}

// localZone is the machine's zone by its IANA name: $TZ, else where
// /etc/localtime points into a zoneinfo tree; "Etc/UTC" when neither
// says (Go's own default then). Read once.
var localZone = sync.OnceValue(func() string {
	if tz := strings.TrimPrefix(os.Getenv("TZ"), ":"); tz != "" && !filepath.IsAbs(tz) {
		return tz
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok && name != "" {
			return name
		}
	}
	return "Etc/UTC"
})

// pageID is a stable 12-character id for the page, as Statuspage's are:
// from the machine's name, so two machines' pages differ.
func (s Site) pageID() string {
	sum := sha256.Sum256([]byte("keepcool/" + s.authority()))
	return hex.EncodeToString(sum[:6])
}

// pageLink is the page's address for the API's url and shortlinks:
// public_url, else the one stakeholders get, else this machine's; "" when
// the page is not served (a handler without a Site, in tests).
func (s Site) pageLink() string {
	if base := s.linkBase(); base != "" {
		return base
	}
	if u := s.StakeholderURL(); u != "" {
		return u
	}
	if s.Listen.IsValid() {
		return s.LocalURL()
	}
	return ""
}

// withQuery is page with ?token=TOKEN when there is a token.
func withQuery(page, token string) string {
	if token == "" {
		return page
	}
	return page + "?" + url.Values{"token": {token}}.Encode()
}

// v2ID is a message's id as Statuspage's are: letters and digits only (a
// widget may build a URL from it; keepcool's "incident/seq" has a slash),
// the same for the same message on every request.
func v2ID(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:8])
}
