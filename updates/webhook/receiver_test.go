package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// The schema as SCHEMA.md documents it, written out again here rather than
// reusing Payload: a field renamed in the code fails these tests.
type schemaV1 struct {
	Version    *int        `json:"version"`
	ID         string      `json:"id"`
	Kind       string      `json:"kind"`
	SentAt     string      `json:"sent_at"`
	Subject    string      `json:"subject"`
	Incident   *incidentV1 `json:"incident"`
	Note       *string     `json:"note"`
	Why        string      `json:"why"`
	Text       string      `json:"text"`
	StatusPage string      `json:"status_page"`
}

type incidentV1 struct {
	ID               string    `json:"id"`
	Title            string    `json:"title"`
	Severity         int       `json:"severity"`
	Status           string    `json:"status"`
	Drill            *bool     `json:"drill"`
	DeclaredAt       string    `json:"declared_at"`
	ResolvedAt       string    `json:"resolved_at"`
	Engineer         string    `json:"engineer"`
	Estimate         *windowV1 `json:"estimate"`
	PreviousEstimate *windowV1 `json:"previous_estimate"`
	NextUpdateBy     string    `json:"next_update_by"`
	Impact           string    `json:"impact"`
	Known            string    `json:"known"`
	Unknown          string    `json:"unknown"`
	Plan             string    `json:"plan"`
	Summary          string    `json:"summary"`
	RootCause        string    `json:"root_cause"`
}

type windowV1 struct {
	MinAt string `json:"min_at"`
	MaxAt string `json:"max_at"`
}

var kinds = map[string]bool{"declared": true, "note": true, "no-change": true, "holding": true,
	"estimate": true, "status": true, "resolved": true, "test": true}

// delivery is one request the receiver accepted.
type delivery struct {
	Raw    []byte
	Header http.Header
	Body   schemaV1
}

// receiver is a user's endpoint written as SCHEMA.md tells them to: verify
// the signature over the raw bytes with hmac.Equal, then decode and check
// the body against the schema. It answers 401 or 400 to what fails.
type receiver struct {
	*httptest.Server
	secret string // "" accepts unsigned requests
	got    updatestest.Log[delivery]
}

func newReceiver(t *testing.T, secret string) *receiver {
	rc := &receiver{secret: secret}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if rc.secret != "" && !verify(rc.secret, raw, r.Header.Get("X-Keepcool-Signature")) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	d := delivery{Raw: raw, Header: r.Header.Clone()}
	if err := checkSchema(raw, r.Header, &d.Body); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.got.Add(d)
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) last(t *testing.T) delivery { t.Helper(); return rc.got.Last(t) }

// verify is the receiver's side of the signature, as SCHEMA.md shows it.
func verify(secret string, body []byte, header string) bool {
	got, err := hex.DecodeString(strings.TrimPrefix(header, "sha256="))
	if err != nil || !strings.HasPrefix(header, "sha256=") {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// checkSchema decodes raw strictly (no unknown fields) and checks what
// SCHEMA.md promises: required fields, RFC 3339 times, the headers agreeing
// with the body, and an incident exactly when the kind is not "test".
func checkSchema(raw []byte, h http.Header, p *schemaV1) error {
	if err := updatestest.DecodeStrict(raw, p); err != nil {
		return fmt.Errorf("not schema v1 JSON: %v", err)
	}
	switch {
	case h.Get("Content-Type") != "application/json":
		return fmt.Errorf("content type %q", h.Get("Content-Type"))
	case p.Version == nil || *p.Version != 1 || p.ID == "" || !kinds[p.Kind] || p.Note == nil || p.Text == "" || p.Subject == "":
		return fmt.Errorf("missing or bad version/id/kind/note/text/subject")
	case h.Get("X-Keepcool-Event") != p.Kind || h.Get("X-Keepcool-Delivery") != p.ID:
		return fmt.Errorf("headers disagree with the body")
	case (p.Incident == nil) != (p.Kind == "test"):
		return fmt.Errorf("incident present = %v for kind %q", p.Incident != nil, p.Kind)
	}
	times := []string{p.SentAt}
	if in := p.Incident; in != nil {
		if in.ID == "" || in.Title == "" || in.Status == "" || in.Drill == nil || in.Severity < 1 || in.Severity > 4 {
			return fmt.Errorf("incident lacks id/title/status/drill or has severity %d", in.Severity)
		}
		times = append(times, in.DeclaredAt)
		for _, opt := range []string{in.ResolvedAt, in.NextUpdateBy} {
			if opt != "" {
				times = append(times, opt)
			}
		}
		for _, w := range []*windowV1{in.Estimate, in.PreviousEstimate} {
			if w != nil {
				times = append(times, w.MinAt, w.MaxAt)
			}
		}
	}
	for _, s := range times {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return fmt.Errorf("time %q is not RFC 3339", s)
		}
	}
	return nil
}

func estimate(lo, hi string) incident.Estimate {
	return incident.Estimate{MinAt: updatestest.Clock(lo), MaxAt: updatestest.Clock(hi)}
}
