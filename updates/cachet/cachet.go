// Package cachet keeps an incident on a Cachet status page (the open-source
// one, cachethq) through its API v1 (testdata/api.md): the declaration
// creates the incident (POST /api/v1/incidents), every update adds an
// incident update (POST /api/v1/incidents/{id}/updates), the all-clear is
// an update with status 4 (fixed). Authenticated by the X-Cachet-Token
// header. Messages are Markdown, as Cachet renders them.
package cachet

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Cachet's incident statuses.
const (
	Investigating = 1
	Identified    = 2
	Watching      = 3
	Fixed         = 4
)

// Config is a cachet channel's configuration.
type Config struct {
	Name      string
	URL       string // the Cachet instance: https://status.example.com
	Token     string // an API token of a Cachet user
	Component string // a component id to mark while the incident runs, optional
}

// Channel keeps one Cachet incident per keepcool incident.
type Channel struct {
	api       *updates.API
	component string
	remote    updates.Remote[int] // keepcool incident id → Cachet incident id
}

// New returns the channel. A configuration problem does not fail New: every
// Send returns it as a *updates.PermanentError.
func New(c Config, hc *http.Client) *Channel {
	h := http.Header{}
	h.Set("X-Cachet-Token", strings.TrimSpace(c.Token))
	return &Channel{api: updates.NewAPI("cachet", c.Name, c.URL, "", h, hc).Advise(remedies), component: strings.TrimSpace(c.Component)}
}

// remedies say what to fix when Cachet refuses the channel.
var remedies = updates.Remedies{
	401: "Cachet refused the token: token must be the API token of a Cachet user (Cachet dashboard → your profile → API token)",
	403: "Cachet refused the token: token must be the API token of a Cachet user who may manage incidents",
	404: "Cachet has no such address: check url is the Cachet instance's address (https://status.example.com, without /api/v1) and component_id, if set, a component that exists",
}

// Name is the channel's configured name.
func (c *Channel) Name() string { return c.api.Name() }

// incident is a Cachet incident as the API answers with it.
type incident struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	Status    int    `json:"status"`
	CreatedAt string `json:"created_at"`
}

// created is when Cachet says in was created: Laravel's "2006-01-02
// 15:04:05" in the instance's timezone (UTC unless APP_TIMEZONE says
// otherwise; taken as UTC), or RFC 3339. ok is false for anything else.
func (in incident) created() (time.Time, bool) {
	for _, layout := range []string{time.DateTime, time.RFC3339} {
		if t, err := time.Parse(layout, in.CreatedAt); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// created is what a create or a list answers: {"data": …}.
type created struct {
	Data incident `json:"data"`
}

type listed struct {
	Data []incident `json:"data"`
}

// create is the body of POST /api/v1/incidents.
type create struct {
	Name            string `json:"name"`
	Message         string `json:"message"`
	Status          int    `json:"status"`
	Visible         int    `json:"visible"`
	ComponentID     int    `json:"component_id,omitempty"`
	ComponentStatus int    `json:"component_status,omitempty"`
}

// update is the body of POST /api/v1/incidents/{id}/updates.
type update struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// Send creates m's incident, or adds m to it as an update. A test message
// only reads the incidents with the token.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.api.Err(); err != nil {
		return err
	}
	comp, err := c.componentID()
	if err != nil {
		return err
	}
	if m.Kind == updates.KindTest {
		return c.api.Do(ctx, http.MethodGet, "/api/v1/incidents", url.Values{"per_page": {"1"}}, nil, nil)
	}
	id, err := c.find(ctx, m)
	switch {
	case err != nil:
		return err
	case id == 0:
		in := create{Name: name(m), Message: Message(m), Status: Status(m), Visible: 1}
		if comp != 0 {
			in.ComponentID, in.ComponentStatus = comp, componentStatus(m)
		}
		var out created
		if err := c.api.Do(ctx, http.MethodPost, "/api/v1/incidents", nil, in, &out); err != nil {
			return err
		}
		c.remote.Remember(m.IncidentID, out.Data.ID)
		return nil
	case m.Kind == updates.KindDeclared:
		return nil // delivered before (its answer was lost, or keepcool restarted)
	}
	path := "/api/v1/incidents/" + strconv.Itoa(id) + "/updates"
	if err := c.api.Do(ctx, http.MethodPost, path, nil, update{Status(m), Message(m)}, nil); err != nil {
		return err
	}
	if comp != 0 && m.Kind == updates.KindResolved {
		// An incident update does not touch components: back to operational.
		body := struct {
			Status int `json:"status"`
		}{1}
		return c.api.Do(ctx, http.MethodPut, "/api/v1/components/"+strconv.Itoa(comp), nil, body, nil)
	}
	return nil
}

// find returns the Cachet incident of m's incident, 0 if there is none:
// remembered, or the newest incident of that exact name created since
// the declaration (5 minutes' slack for clocks), not yet fixed unless m is
// the all-clear, whose earlier try may have fixed it. An older open
// incident of the same name is someone else's, or an earlier one's, and is
// left alone. (Cachet has no field keepcool could mark its incidents with
// through the documented API, so the name and the time are all there is.)
func (c *Channel) find(ctx context.Context, m updates.Message) (int, error) {
	if id, ok := c.remote.Get(m.IncidentID); ok {
		return id, nil
	}
	var list listed
	q := url.Values{"name": {name(m)}, "sort": {"id"}, "order": {"desc"}, "per_page": {"20"}}
	if err := c.api.Do(ctx, http.MethodGet, "/api/v1/incidents", q, nil, &list); err != nil {
		return 0, err
	}
	for _, in := range list.Data {
		at, ok := in.created()
		recent := ok && !at.Before(m.AdoptedSince())
		if in.ID != 0 && in.Name == name(m) && recent && (in.Status != Fixed || m.Kind == updates.KindResolved) {
			c.remote.Remember(m.IncidentID, in.ID)
			return in.ID, nil
		}
	}
	return 0, nil
}

func (c *Channel) componentID() (int, error) {
	if c.component == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(c.component)
	if err != nil || n <= 0 {
		return 0, updates.Permanent(c.api.Errorf("component_id = %q: use the component's number from Cachet's dashboard", c.component))
	}
	return n, nil
}

// Status is Cachet's status for m; a holding or no-change message keeps it.
func Status(m updates.Message) int {
	if m.Kind == updates.KindResolved {
		return Fixed
	}
	switch m.Status {
	case "identified":
		return Identified
	case "monitoring":
		return Watching
	case "resolved":
		return Fixed
	}
	return Investigating
}

// componentStatus is Cachet's component status by severity: 4 major
// outage, 3 partial outage, 2 performance issues.
func componentStatus(m updates.Message) int {
	switch m.Severity {
	case 1:
		return 4
	case 2:
		return 3
	}
	return 2
}

func name(m updates.Message) string { return m.IncidentName(255) }

// Message is the update in Markdown: the body, then the facts, every piece
// of text escaped so that it shows as typed.
func Message(m updates.Message) string {
	var b strings.Builder
	b.WriteString(Escape(updates.Truncate(m.Body(), m.MaxBody())))
	for _, f := range m.Facts() {
		if f.Label != "Status" {
			b.WriteString("  \n**" + Escape(f.Label) + ":** " + Escape(f.Value))
		}
	}
	if n := m.NextUpdate(); n != "" {
		b.WriteString("  \n" + Escape(n))
	}
	return b.String()
}

// Escape makes s literal in Markdown (CommonMark, which Cachet renders):
// every ASCII punctuation character that may start markup is
// backslash-escaped, as the spec allows for any of them, and lines keep
// their breaks.
func Escape(s string) string {
	s = updates.CleanPlain(s, true)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&", r) {
			b.WriteByte('\\')
		}
		if r == '\n' {
			b.WriteString("  ")
		}
		b.WriteRune(r)
	}
	return b.String()
}
