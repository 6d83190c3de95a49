// Package pagerduty posts keepcool's updates as status updates on a
// PagerDuty incident, through PagerDuty's REST API v2 (testdata/api.md):
// POST /incidents/{id}/status_updates with {"message": …}, headers
// "Authorization: Token token=KEY", "Accept:
// application/vnd.pagerduty+json;version=2" and "From: EMAIL" (the user the
// update is made as). keepcool does not open or resolve the PagerDuty
// incident: its responders do. The incident is the one named at the
// declaration (`keepcool start --pagerduty ID`) or linked later (`keepcool
// link pagerduty ID`), else the newest open incident of the configured
// service.
package pagerduty

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// DefaultURL is PagerDuty's REST API.
const DefaultURL = "https://api.pagerduty.com"

// Type is the channel type, and the key of a declaration's link to a
// PagerDuty incident (updates.Message.Links).
const Type = "pagerduty"

// Config is a pagerduty channel's configuration.
type Config struct {
	Name    string
	URL     string // API base; "" is DefaultURL
	APIKey  string // a REST API key (account or user)
	From    string // the PagerDuty user's email the updates are made as
	Service string // a service id whose newest open incident to use when none is named
}

// Channel posts status updates to one PagerDuty incident per keepcool
// incident.
type Channel struct {
	api     *updates.API
	from    string
	service string
	remote  updates.Remote[string] // keepcool incident id → PagerDuty incident id
}

// New returns the channel. A configuration problem does not fail New: every
// Send returns it as a *updates.PermanentError.
func New(c Config, hc *http.Client) *Channel {
	h := http.Header{}
	h.Set("Authorization", "Token token="+strings.TrimSpace(c.APIKey))
	h.Set("Accept", "application/vnd.pagerduty+json;version=2")
	h.Set("From", strings.TrimSpace(c.From))
	return &Channel{api: updates.NewAPI(Type, c.Name, c.URL, DefaultURL, h, hc).Advise(remedies), from: strings.TrimSpace(c.From),
		service: strings.TrimSpace(c.Service)}
}

// remedies say what to fix when PagerDuty refuses the channel. No 404: an
// unknown incident is the incident's (Unaddressed, worded in Send).
var remedies = updates.Remedies{
	401: "PagerDuty refused the API key: api_key must be a REST API key (PagerDuty → Integrations → API Access Keys), not an integration or Events API key",
	403: "PagerDuty refused to let this key post: api_key must be a REST API key with write access (not read-only), and from the email of a PagerDuty user who may update the incident",
}

// Name is the channel's configured name.
func (c *Channel) Name() string { return c.api.Name() }

type ref struct {
	ID string `json:"id"`
}

// Send posts m as a status update. A test message only reads one incident:
// it checks the key without telling anyone anything.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.api.Err(); err != nil {
		return err
	}
	if !strings.Contains(c.from, "@") {
		return updates.Permanent(c.api.Errorf("from = %q: PagerDuty needs the email of the user the updates are made as", c.from))
	}
	if m.Kind == updates.KindTest {
		return c.api.Do(ctx, http.MethodGet, "/incidents", url.Values{"limit": {"1"}}, nil, nil)
	}
	id, err := c.incident(ctx, m)
	if err != nil {
		return err
	}
	body := struct {
		Message string `json:"message"`
	}{Text(m)}
	err = c.api.Do(ctx, http.MethodPost, "/incidents/"+url.PathEscape(id)+"/status_updates", nil, body, nil)
	if updates.AnswerCode(err) == http.StatusNotFound {
		// A mistyped id: this incident's problem, not the channel's
		// (`channels test` reads /incidents with the same key).
		return updates.Unaddressed(c.api.Errorf("PagerDuty incident %s not found (404): keepcool link pagerduty ID names the right one: %w", id, err))
	}
	return err
}

// incident is the PagerDuty incident m's updates go to: named at the
// declaration or later (`keepcool link pagerduty ID`), or found once per
// keepcool incident as the newest triggered or acknowledged incident of
// the configured service. The engine journals what was found (Found) as
// the incident's link, so that a restart or a reload does not search
// again and land on a newer incident.
func (c *Channel) incident(ctx context.Context, m updates.Message) (string, error) {
	if id := m.Links[Type]; id != "" {
		return id, nil
	}
	if id, ok := c.remote.Get(m.IncidentID); ok {
		return id, nil
	}
	if c.service == "" {
		return "", updates.Unaddressed(c.api.Errorf("no PagerDuty incident named: keepcool link pagerduty ID names it (or set service_id)"))
	}
	q := url.Values{"service_ids[]": {c.service}, "statuses[]": {"triggered", "acknowledged"},
		"sort_by": {"created_at:desc"}, "limit": {"1"}}
	var list struct {
		Incidents []ref `json:"incidents"`
	}
	if err := c.api.Do(ctx, http.MethodGet, "/incidents", q, nil, &list); err != nil {
		return "", err
	}
	if len(list.Incidents) == 0 || list.Incidents[0].ID == "" {
		// The responders may not have been paged yet: try again later.
		return "", c.api.Errorf("no triggered or acknowledged incident on service %s yet: %w", c.service, errNoIncident)
	}
	c.remote.Remember(m.IncidentID, list.Incidents[0].ID)
	return list.Incidents[0].ID, nil
}

var errNoIncident = errors.New("keepcool tries again; keepcool link pagerduty ID names it and ends the search")

// Found is the PagerDuty incident this channel found on its service for
// keepcool incident incidentID, if it searched for one (engine: adopted
// as the incident's link after a delivery).
func (c *Channel) Found(incidentID string) (string, bool) { return c.remote.Get(incidentID) }

// Text is the status update: plain text, as PagerDuty shows and mails it
// to the incident's subscribers.
func Text(m updates.Message) string {
	return updates.CleanPlain(updates.Truncate(m.Text(), 4000), true)
}
