package updates

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// API is the base of a channel that keeps an incident of its own on a
// provider through several REST calls (a hosted status page, a paging
// tool) rather than posting to one webhook: it checks the base URL once,
// in NewAPI, sends every call with the channel's headers, classifies the
// answers as CheckResponse does (429/5xx retried, 401/403/404 the
// channel's fault, 400/409/422 this message's) and decodes a successful
// answer.
type API struct {
	hook   *Hook // the base URL's checks, the client, the channel's name
	base   string
	header http.Header
	advice Remedies // what to do about an answer that kills the channel
}

// Remedies say what the user should fix when the provider refuses the
// channel itself, by HTTP status (401, 403, 404): a sentence that names
// the config keys to check and where the provider shows the right values,
// "Statuspage refused the API key: check api_key (…)". Do puts it after
// the status and before the provider's answer, with "then keepcool
// channels test NAME", so that `keepcool status`, `channels list` and
// `channels test` say what to do, as the Slack app's errors do, and
// Reason still reads "HTTP 401 Unauthorized" when LastError is cut.
type Remedies map[int]string

// genericRemedies are for a REST type that gave no words of its own
// (Advise). No 404: whether it means a wrong address or an unknown remote
// incident depends on the type (PagerDuty's is the incident's).
var genericRemedies = Remedies{
	401: "the service refused this channel's credentials: check its api key or token",
	403: "the service refused this channel's credentials: check that its api key or token may write, not only read",
}

// NewAPI checks base (https://, or http:// to a loopback host, as a
// webhook's URL; "" is def, the provider's own) and returns the client. A
// problem does not fail NewAPI: every call returns it as a
// *PermanentError, so `keepcool channels test` shows it.
func NewAPI(typ, name, base, def string, header http.Header, hc *http.Client) *API {
	if strings.TrimSpace(base) == "" {
		base = def
	}
	h := NewHook(HookSpec{Type: typ, Name: name, URL: base, HTTP: hc,
		BadURL: "url must be the service's https:// address (http:// only to this machine)"})
	return &API{hook: h, base: strings.TrimRight(h.url, "/"), header: header, advice: genericRemedies}
}

// Advise sets the type's remedies (see Remedies), replacing the generic
// ones: `updates.NewAPI(…).Advise(updates.Remedies{401: "…"})`.
func (a *API) Advise(r Remedies) *API {
	a.advice = r
	return a
}

// remedy puts the HTTP status, then what to do about err, an answer that
// refuses the channel, before it: "HTTP 403 Forbidden: <remedy>, then
// keepcool channels test NAME; POST … answered 403 Forbidden: <body>".
// LastError (and the journal's Failed.Error) keeps 300 bytes, so the
// answer, whose URL and body may be long, is what gets cut, not the
// status Reason reads nor the remedy. The result is a *RemedyError;
// other errors come back as they are.
func (a *API) remedy(err error, status string) error {
	r := a.advice[AnswerCode(err)]
	if r == "" {
		return err
	}
	return &RemedyError{Status: status, Remedy: r, Channel: a.hook.name, Err: err}
}

// Name is the channel's configured name.
func (a *API) Name() string { return a.hook.Name() }

// Err is the configuration problem found in NewAPI, if any.
func (a *API) Err() error { return a.hook.Err() }

// Errorf is an error naming the channel: `statuspage channel "ops": …`.
func (a *API) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s channel %q: %w", a.hook.typ, a.hook.name, fmt.Errorf(format, args...))
}

// IncidentName is the incident's name in another tool: its title, marked
// as a drill when it is one, at most limit bytes.
func (m Message) IncidentName(limit int) string {
	n := CleanPlain(m.Title, false)
	if m.Drill {
		n = "[DRILL] " + n
	}
	return Truncate(n, limit)
}

// AdoptedSince is the earliest a provider's incident (or a Slack app's
// root message) may have been created and still be taken for m's
// incident when it is searched for: the declaration, less 5 minutes'
// slack for the clocks.
func (m Message) AdoptedSince() time.Time { return m.DeclaredAt.Add(-5 * time.Minute) }

// Do sends one call: method to the base URL + path (path segments the
// caller escaped) with query, in as the JSON body (nil: none), and decodes
// a 2xx answer's JSON into out (nil: discarded). Errors carry the method
// and the redacted URL, never the headers (where the keys are).
func (a *API) Do(ctx context.Context, method, path string, query url.Values, in, out any) error {
	if err := a.Err(); err != nil {
		return err
	}
	target := a.base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	var body io.Reader
	if in != nil {
		b, err := MarshalPlain(in)
		if err != nil {
			return Permanent(a.Errorf("%w", err))
		}
		body = bytes.NewReader(b)
	}
	header := a.header
	if in != nil {
		header = jsonHeader(header)
	}
	req, err := newRequest(ctx, method, target, body, header)
	if err != nil {
		return Permanent(a.Errorf("%w", err))
	}
	resp, err := a.hook.hc.Do(req)
	if err != nil {
		return a.Errorf("%s %s: %w", method, RedactURL(target), redactErr(err, target))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		err := CheckResponse(resp, method+" "+RedactURL(target))
		if IsPermanent(err) {
			return &PermanentError{Err: a.Errorf("%w", a.remedy(errors.Unwrap(err), resp.Status)), Message: IsRejected(err)}
		}
		if d, ok := RetryAfter(err); ok {
			return &RetryAfterError{After: d, Err: a.Errorf("%w", errors.Unwrap(err))}
		}
		return a.Errorf("%w", err)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(out); err != nil {
		// The call went through; its answer is not what the API documents.
		return a.Errorf("%s %s: unexpected answer: %v", method, RedactURL(target), err)
	}
	return nil
}
