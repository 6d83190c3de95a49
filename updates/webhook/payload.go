package webhook

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// Version is the schema version in every body. Adding a field keeps it;
// renaming, removing or changing the meaning of one raises it.
const Version = 1

// Length limits of the text fields (SCHEMA.md, "Limits"). Longer text is
// cut and ends in "…". The title and the texts are counted in characters
// (code points), as keepcool's input limits are (incident/check: title 200,
// note and summary 2,000, …), so text that passed them is never cut here,
// whatever its script: at most 4 bytes a character, the caps in bytes are
// maxTitle and maxText. Together they keep a body under 256 KB even when
// every character needs escaping (six bytes for '<').
const (
	titleChars = 256            // incident.title
	textChars  = 2048           // note, why, impact, known, unknown, plan, summary, root_cause
	maxTitle   = 4 * titleChars // bytes
	maxText    = 4 * textChars  // bytes
	maxShort   = 128            // bytes: incident.status, incident.engineer
	// templateChars bounds a channel template's text, which text carries
	// instead of the note and facts: four times a note, and with it the
	// body still under 256 KB at six bytes a character (about 155 KB).
	templateChars = 8192
)

// Payload is the JSON body of every webhook request, schema version 1.
// SCHEMA.md beside this file documents it for receivers in full.
//
//	{
//	  "version": 1,                     // Version
//	  "id": "inc-1/7",                  // message id; the same on every retry (dedupe on it)
//	  "kind": "note",                   // declared|note|no-change|holding|estimate|status|resolved|test
//	  "sent_at": "2025-03-14T09:30:00+01:00", // when keepcool made the update, RFC 3339
//	  "subject": "[SEV2] Checkout returns 500s — Update",
//	  "incident": { ... },              // Incident; null when kind is "test"
//	  "note": "Rolled back …",          // the engineer's words or the holding text; may be ""
//	  "why": "…",                       // kind "estimate": why the estimate changed (optional)
//	  "text": "…",                      // the whole update as plain text, as chat channels show it
//	  "status_page": "http://…/"        // optional
//	}
//
// All times are RFC 3339 with the engine's UTC offset, to the second. Every
// string is untrusted plain text as the engineer typed it: valid UTF-8 with
// control characters other than newline and tab (and bidi overrides)
// removed, never HTML or Markdown. A receiver that shows it in HTML must
// escape it there. In the raw bytes, '<', '>' and '&' are written as
// \u003c, \u003e and \u0026 (Go's json default, kept on purpose): a
// receiver that pastes the raw body into an HTML <script> cannot have it
// closed by a note, and every JSON parser decodes them back to the
// characters the engineer typed.
type Payload struct {
	Version    int       `json:"version"`
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	SentAt     string    `json:"sent_at"`
	Subject    string    `json:"subject"`
	Incident   *Incident `json:"incident"`
	Note       string    `json:"note"`
	Why        string    `json:"why,omitempty"`
	Text       string    `json:"text"`
	StatusPage string    `json:"status_page,omitempty"`
}

// Incident is the incident as it stood when the update was made. Optional
// fields are left out when empty.
type Incident struct {
	ID               string    `json:"id"`
	Title            string    `json:"title"`
	Severity         int       `json:"severity"` // 1 (worst) … 4
	Status           string    `json:"status"`
	Drill            bool      `json:"drill"` // a rehearsal: nothing is broken
	DeclaredAt       string    `json:"declared_at"`
	ResolvedAt       string    `json:"resolved_at,omitempty"` // kind "resolved"
	Engineer         string    `json:"engineer,omitempty"`
	Estimate         *Estimate `json:"estimate,omitempty"`          // when the fix is expected
	PreviousEstimate *Estimate `json:"previous_estimate,omitempty"` // set when this update revised it
	NextUpdateBy     string    `json:"next_update_by,omitempty"`    // the promise; absent on resolved
	Impact           string    `json:"impact,omitempty"`            // these four: kind "declared"
	Known            string    `json:"known,omitempty"`
	Unknown          string    `json:"unknown,omitempty"`
	Plan             string    `json:"plan,omitempty"`
	Summary          string    `json:"summary,omitempty"`    // kind "resolved"
	RootCause        string    `json:"root_cause,omitempty"` // kind "resolved"
}

// Estimate is a fix window; min_at equals max_at for a point estimate.
type Estimate struct {
	MinAt string `json:"min_at"`
	MaxAt string `json:"max_at"`
}

// Encode renders m as the webhook body: the bytes that are sent and signed.
func Encode(m updates.Message) ([]byte, error) {
	b, err := json.Marshal(newPayload(bounded(m)))
	if err != nil {
		return nil, fmt.Errorf("encode payload: %w", err)
	}
	return b, nil
}

func newPayload(m updates.Message) Payload {
	p := Payload{
		Version: Version, ID: m.ID, Kind: string(m.Kind), SentAt: stamp(m.At),
		Subject: m.Subject(), Note: m.Note, Why: m.Why, Text: m.Text(), StatusPage: m.StatusPage,
	}
	if m.Kind == updates.KindTest { // no incident: automation must not open a ticket
		return p
	}
	p.Incident = &Incident{
		ID: m.IncidentID, Title: m.Title, Severity: m.Severity, Status: m.Status, Drill: m.Drill,
		DeclaredAt: stamp(m.DeclaredAt), ResolvedAt: stamp(m.ResolvedAt), Engineer: m.Engineer,
		Estimate: window(m.Estimate), PreviousEstimate: window(m.PreviousEstimate),
		NextUpdateBy: stamp(m.NextUpdateBy),
		Impact:       m.Impact, Known: m.Known, Unknown: m.Unknown, Plan: m.Plan,
		Summary: m.Summary, RootCause: m.RootCause,
	}
	if m.Kind == updates.KindResolved {
		p.Incident.NextUpdateBy = ""
	}
	if m.PreviousEstimate == m.Estimate {
		p.Incident.PreviousEstimate = nil
	}
	return p
}

// bounded returns m with every string made plain and cut to its limit, so
// the text built from it by the shared wording helpers is bounded too.
func bounded(m updates.Message) updates.Message {
	m.Title = plainChars(m.Title, titleChars, false)
	for _, s := range []*string{&m.Status, &m.Engineer} {
		*s = plain(*s, maxShort, false)
	}
	for _, s := range []*string{&m.Note, &m.Why, &m.Impact, &m.Known, &m.Unknown, &m.Plan, &m.Summary, &m.RootCause} {
		*s = plainChars(*s, textChars, true)
	}
	m.StatusPage = webURL(updates.CleanPlain(m.StatusPage, false))
	if m.Custom != nil { // a template's text, which becomes text's body
		m.Custom = &updates.Custom{Body: plainChars(m.Custom.Body, templateChars, true)}
	}
	return m
}

// plain makes s safe for automation to pass on (updates.CleanPlain) and
// cuts it to limit bytes. Everything else — <, &, quotes, Markdown,
// @mentions — stays as typed: JSON encoding is the escaping, and receivers
// escape for their own output. A first cut at four times the limit keeps a
// 100 KB field from being cleaned whole.
func plain(s string, limit int, lines bool) string {
	return updates.TruncateOrDrop(updates.CleanPlain(updates.TruncateOrDrop(s, limit*4), lines), limit)
}

// plainChars is plain with the limit in characters (at most 4 bytes each).
func plainChars(s string, chars int, lines bool) string {
	return updates.TruncateRunes(updates.CleanPlain(updates.TruncateOrDrop(s, chars*4*4), lines), chars)
}

// webURL keeps an http(s) URL of sane length and drops anything else
// (javascript:, data:), which a receiver might turn into a link.
func webURL(s string) string {
	if _, ok := updates.ParseWebURL(s); !ok || len(s) > textChars {
		return ""
	}
	return s
}

// stamp is t in RFC 3339 to the second, or "" for the zero time (omitted).
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func window(e incident.Estimate) *Estimate {
	if e.IsZero() {
		return nil
	}
	return &Estimate{MinAt: stamp(e.MinAt), MaxAt: stamp(e.MaxAt)}
}
