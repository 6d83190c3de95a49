// Package statuspageio keeps an incident on an Atlassian Statuspage page
// (statuspage.io) through its REST API: the declaration creates it, every
// update patches it with the status and a new body, the all-clear resolves
// it. Named so as not to clash with keepcool's own page, updates/statuspage.
//
// The API, as developer.statuspage.io documents it (testdata/api.md):
// POST /v1/pages/{page_id}/incidents, PATCH …/incidents/{incident_id},
// GET …/incidents?q= to search, header "Authorization: OAuth KEY".
package statuspageio

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Type is the channel type: not "statuspage", which names keepcool's own
// page (its config section, and its channel in status --json).
const Type = "statuspageio"

// DefaultURL is Statuspage's API.
const DefaultURL = "https://api.statuspage.io"

// ComponentStatuses are the states a component may be put in while an
// incident runs (Statuspage's names).
var ComponentStatuses = []string{"degraded_performance", "partial_outage", "major_outage", "under_maintenance"}

// Config is a statuspage channel's configuration.
type Config struct {
	Name   string
	URL    string // API base; "" is DefaultURL
	PageID string
	APIKey string
	// Components are the component ids the incident affects, and
	// ComponentStatus the state they are put in ("" by severity: SEV1
	// major_outage, SEV2 partial_outage, else degraded_performance). The
	// all-clear puts them back to operational.
	Components      []string
	ComponentStatus string
}

// Channel keeps one Statuspage incident per keepcool incident.
type Channel struct {
	api        *updates.API
	page       string
	components []string
	compStatus string
	remote     updates.Remote[string] // keepcool incident id → Statuspage incident id
}

// New returns the channel. A configuration problem does not fail New: every
// Send returns it as a *updates.PermanentError.
func New(c Config, hc *http.Client) *Channel {
	h := http.Header{}
	h.Set("Authorization", "OAuth "+strings.TrimSpace(c.APIKey))
	return &Channel{api: updates.NewAPI(Type, c.Name, c.URL, DefaultURL, h, hc).Advise(remedies), page: strings.TrimSpace(c.PageID),
		components: c.Components, compStatus: c.ComponentStatus}
}

// remedies say what to fix when Statuspage refuses the channel.
var remedies = updates.Remedies{
	401: "Statuspage refused the API key: check api_key (Statuspage → your avatar → API info)",
	403: "Statuspage refused the API key for this page: check that api_key belongs to a user who may manage page_id's incidents (a page admin or manager)",
	404: "Statuspage does not know the page or the incident: check page_id (Statuspage → API info lists each page's id) and url",
}

// Name is the channel's configured name.
func (c *Channel) Name() string { return c.api.Name() }

// incident is what Statuspage takes in a create or patch (the "incident"
// object of the request body) and answers with.
type incident struct {
	ID             string            `json:"id,omitempty"`
	Name           string            `json:"name,omitempty"`
	Status         string            `json:"status,omitempty"`
	Body           string            `json:"body,omitempty"`
	ImpactOverride string            `json:"impact_override,omitempty"`
	ComponentIDs   []string          `json:"component_ids,omitempty"`
	Components     map[string]string `json:"components,omitempty"`
	Metadata       *metadata         `json:"metadata,omitempty"`
	CreatedAt      time.Time         `json:"created_at,omitzero"`
}

// metadata marks the incident as keepcool's, so that a retry after a lost
// answer, or a restart, finds it instead of creating a second one.
// Statuspage's top-level metadata values must be objects.
type metadata struct {
	Keepcool struct {
		IncidentID string `json:"incident_id"`
	} `json:"keepcool"`
}

type request struct {
	Incident incident `json:"incident"`
}

// Send creates, updates or resolves m's incident on the page. A test
// message only reads the page: a test must not open an incident that the
// page's subscribers are told about.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.api.Err(); err != nil {
		return err
	}
	if c.page == "" || strings.ContainsAny(c.page, "/?#") {
		return updates.Permanent(c.api.Errorf("page_id %q is not a Statuspage page id (see the page's API info)", c.page))
	}
	if m.Kind == updates.KindTest {
		return c.api.Do(ctx, http.MethodGet, c.path(""), nil, nil, nil)
	}
	id, err := c.find(ctx, m)
	if err != nil {
		return err
	}
	in := incident{Status: Status(m), Body: Body(m)}
	in.ComponentIDs, in.Components = c.affected(m)
	switch {
	case id == "":
		in.Name, in.ImpactOverride = name(m), impact(m.Severity)
		in.Metadata = &metadata{}
		in.Metadata.Keepcool.IncidentID = m.IncidentID
		var out incident
		if err := c.api.Do(ctx, http.MethodPost, c.path("/incidents"), nil, request{in}, &out); err != nil {
			return err
		}
		c.remote.Remember(m.IncidentID, out.ID)
		return nil
	case m.Kind == updates.KindDeclared:
		return nil // delivered before (its answer was lost, or keepcool restarted): nothing new to say
	}
	return c.api.Do(ctx, http.MethodPatch, c.path("/incidents/"+url.PathEscape(id)), nil, request{in}, nil)
}

// find returns the Statuspage incident of m's incident, "" if there is
// none yet: remembered, or searched for by its title and matched by the
// metadata keepcool sets (an incident without keepcool's id in its
// metadata, which Statuspage may answer as null or {}, by its exact name,
// created since the declaration).
func (c *Channel) find(ctx context.Context, m updates.Message) (string, error) {
	if id, ok := c.remote.Get(m.IncidentID); ok {
		return id, nil
	}
	var found []incident
	q := url.Values{"q": {m.Title}, "limit": {"100"}}
	if err := c.api.Do(ctx, http.MethodGet, c.path("/incidents"), q, nil, &found); err != nil {
		return "", err
	}
	for _, in := range found {
		var kept string // keepcool's incident id in the metadata
		if in.Metadata != nil {
			kept = in.Metadata.Keepcool.IncidentID
		}
		mine := kept != "" && kept == m.IncidentID
		named := kept == "" && in.Name == name(m) && !in.CreatedAt.Before(m.AdoptedSince())
		if in.ID != "" && (mine || named) {
			c.remote.Remember(m.IncidentID, in.ID)
			return in.ID, nil
		}
	}
	return "", nil
}

func (c *Channel) path(rest string) string { return "/v1/pages/" + url.PathEscape(c.page) + rest }

// affected are the configured components and the state to put them in:
// operational at the all-clear.
func (c *Channel) affected(m updates.Message) ([]string, map[string]string) {
	if len(c.components) == 0 {
		return nil, nil
	}
	st := c.compStatus
	switch {
	case m.Kind == updates.KindResolved:
		st = "operational"
	case st != "":
	case m.Severity == 1:
		st = "major_outage"
	case m.Severity == 2:
		st = "partial_outage"
	default:
		st = "degraded_performance"
	}
	comps := map[string]string{}
	for _, id := range c.components {
		comps[id] = st
	}
	return c.components, comps
}

// Status is Statuspage's status for m: keepcool's four statuses are
// Statuspage's; a holding or no-change message keeps the status.
func Status(m updates.Message) string {
	if m.Kind == updates.KindResolved {
		return "resolved"
	}
	switch m.Status {
	case "investigating", "identified", "monitoring", "resolved":
		return m.Status
	}
	return "investigating"
}

// impact is the incident's impact by severity.
func impact(sev int) string {
	switch sev {
	case 1:
		return "critical"
	case 2:
		return "major"
	case 3:
		return "minor"
	}
	return "none"
}

// name is the incident's name on the page, marked as a drill when it is
// one (only a channel with drill = true gets drills).
func name(m updates.Message) string { return m.IncidentName(255) }

// Body is the update's text as Statuspage shows it: plain text (it links
// URLs, nothing else), the kind of update first for a holding or no-change
// message, then the facts and when the next update comes.
func Body(m updates.Message) string {
	var b strings.Builder
	body := updates.Truncate(m.Body(), m.MaxBody())
	if k := m.Kind; (k == updates.KindHolding || k == updates.KindNoChange) && !strings.HasPrefix(body, m.Label()) {
		b.WriteString(m.Label() + ": ")
	}
	b.WriteString(body + "\n")
	for _, f := range m.Facts() {
		if f.Label != "Status" {
			fmt.Fprintf(&b, "\n%s: %s", f.Label, f.Value)
		}
	}
	if n := m.NextUpdate(); n != "" {
		b.WriteString("\n" + n)
	}
	return updates.CleanPlain(strings.TrimSpace(b.String()), true)
}
