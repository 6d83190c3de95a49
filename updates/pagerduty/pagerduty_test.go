package pagerduty

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

const (
	key  = "pdkey-0123456789"
	from = "oncall@example.com"
)

// fake is PagerDuty's REST API as testdata/api.md documents it: the
// headers on every call, the status update's body, the incident list's
// query and answer.
type fake struct {
	t    *testing.T
	open []string // the service's open incidents, newest first

	mu      sync.Mutex
	calls   []string
	updates map[string][]string // incident id → messages
}

func newFake(t *testing.T, open ...string) (*fake, *httptest.Server) {
	f := &fake{t: t, open: open, updates: map[string][]string{}}
	return f, updatestest.Serve(t, f)
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	for h, want := range map[string]string{"Authorization": "Token token=" + key,
		"Accept": "application/vnd.pagerduty+json;version=2", "From": from} {
		if got := r.Header.Get(h); got != want {
			f.t.Errorf("%s %s: %s = %q, want %q", r.Method, r.URL.Path, h, got, want)
		}
	}
	switch id, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/incidents/"), "/status_updates"); {
	case r.Method == http.MethodGet && r.URL.Path == "/incidents":
		q := r.URL.Query()
		if s := q["service_ids[]"]; len(s) > 0 {
			if !slices.Equal(s, []string{"PWIXJZS"}) || !slices.Equal(q["statuses[]"], []string{"triggered", "acknowledged"}) ||
				q.Get("sort_by") != "created_at:desc" {
				f.t.Errorf("incident search %s", r.URL.RawQuery)
			}
		}
		var list []map[string]string
		for _, id := range f.open {
			list = append(list, map[string]string{"id": id, "type": "incident"})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"incidents": list, "limit": 1, "more": false})
	case r.Method == http.MethodPost && ok && id == "PMISSING":
		http.Error(w, `{"error":{"message":"Not Found","code":2100}}`, http.StatusNotFound)
	case r.Method == http.MethodPost && ok && !strings.Contains(id, "/"):
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			f.t.Errorf("Content-Type %q", ct)
		}
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			Message *string `json:"message"`
		}
		if err := updatestest.DecodeStrict(raw, &body); err != nil || body.Message == nil {
			f.t.Errorf("status update body %s: %v", raw, err)
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		f.updates[id] = append(f.updates[id], *body.Message)
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"status_update":{"id":"PYZ1234","message":"…"}}`)
	default:
		f.t.Errorf("undocumented call %s %s", r.Method, r.URL)
		http.Error(w, "no", http.StatusNotFound)
	}
}

func (f *fake) snapshot() (map[string][]string, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]string{}
	for k, v := range f.updates {
		out[k] = slices.Clone(v)
	}
	return out, slices.Clone(f.calls)
}

func channel(url, service string) *Channel {
	return New(Config{Name: "pd", URL: url, APIKey: key, From: from, Service: service}, updatestest.Client())
}

// Every update goes to the incident named at the declaration, as plain
// text saying what kind of update it is.
func TestUpdatesGoToTheNamedIncident(t *testing.T) {
	f, srv := newFake(t)
	c := channel(srv.URL, "")
	for _, name := range []string{"declared", "note", "holding", "resolved"} {
		m := updatestest.Kinds()[name].Message
		m.Links = map[string]string{Type: "PT4KHLK"}
		if err := c.Send(context.Background(), m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	got, _ := f.snapshot()
	msgs := got["PT4KHLK"]
	if len(got) != 1 || len(msgs) != 4 {
		t.Fatalf("status updates %v, want 4 on PT4KHLK", got)
	}
	for i, want := range []string{"Incident declared", "Rolled back the deploy", "Still working on it", "Resolved"} {
		if !strings.Contains(msgs[i], want) || !strings.Contains(msgs[i], "SEV2 · Checkout returns 500s") {
			t.Errorf("update %d = %q, want %q and the headline", i, msgs[i], want)
		}
	}
}

// Without a named incident, the service's newest open incident is found
// once, and the next updates go to it without searching again.
func TestServiceIncidentIsFound(t *testing.T) {
	f, srv := newFake(t, "PNEWEST", "POLDER")
	c := channel(srv.URL, "PWIXJZS")
	for _, name := range []string{"declared", "note"} {
		if err := c.Send(context.Background(), updatestest.Kinds()[name].Message); err != nil {
			t.Fatal(err)
		}
	}
	got, calls := f.snapshot()
	if len(got["PNEWEST"]) != 2 || len(got) != 1 {
		t.Errorf("updates %v, want both on the newest open incident", got)
	}
	if want := []string{"GET /incidents", "POST /incidents/PNEWEST/status_updates", "POST /incidents/PNEWEST/status_updates"}; !slices.Equal(calls, want) {
		t.Errorf("calls %v, want %v", calls, want)
	}
	// What it found, for the engine to journal as the incident's link.
	if id, ok := c.Found(updatestest.Kinds()["note"].Message.IncidentID); !ok || id != "PNEWEST" {
		t.Errorf("Found = %q, %v; want PNEWEST", id, ok)
	}
	named := channel(srv.URL, "PWIXJZS")
	m := updatestest.Kinds()["note"].Message
	m.Links = map[string]string{Type: "PT4KHLK"}
	if err := named.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if id, ok := named.Found(m.IncidentID); ok {
		t.Errorf("Found = %q with the incident named: want nothing found (nothing searched)", id)
	}
}

// No incident named and none open on the service: the message waits (the
// responders may not be paged yet); none named and no service: refused,
// saying what to do.
func TestNoIncident(t *testing.T) {
	_, srv := newFake(t)
	err := channel(srv.URL, "PWIXJZS").Send(context.Background(), updatestest.Kinds()["note"].Message)
	if err == nil || updates.IsPermanent(err) {
		t.Errorf("no open incident: %v, want a retryable error", err)
	}
	err = channel(srv.URL, "").Send(context.Background(), updatestest.Kinds()["note"].Message)
	if !updates.IsUnaddressed(err) || !strings.Contains(err.Error(), "no PagerDuty incident named: keepcool link pagerduty ID names it (or set service_id)") {
		t.Errorf("nothing to post to: %v, want this message refused for its incident, naming keepcool link (start can no longer name it)", err)
	}
}

// A mistyped --pagerduty id is this incident's problem: the message is
// refused for its incident (the channel stays alive), saying which id.
func TestUnknownIncidentIsNotTheChannels(t *testing.T) {
	_, srv := newFake(t)
	m := updatestest.Kinds()["note"].Message
	m.Links = map[string]string{Type: "PMISSING"}
	err := channel(srv.URL, "").Send(context.Background(), m)
	if !updates.IsUnaddressed(err) || !strings.Contains(err.Error(), "PagerDuty incident PMISSING not found (404): keepcool link pagerduty ID") {
		t.Errorf("unknown incident: %v, want it refused for its incident, naming PMISSING and how to correct it", err)
	}
}

// A test message checks the key with a read and posts nothing.
func TestTestMessageOnlyReads(t *testing.T) {
	f, srv := newFake(t)
	if err := channel(srv.URL, "").Send(context.Background(), updatestest.UntitledTest()); err != nil {
		t.Fatal(err)
	}
	if got, calls := f.snapshot(); len(got) != 0 || !slices.Equal(calls, []string{"GET /incidents"}) {
		t.Errorf("test message: calls %v, updates %v", calls, got)
	}
}

func TestAnswers(t *testing.T) {
	updatestest.CheckAnswers(t, func(t *testing.T, url string) error {
		// The service's search: a 404 on a named incident is the
		// incident's (TestUnknownIncidentIsNotTheChannels).
		return channel(url, "PWIXJZS").Send(context.Background(), updatestest.Kinds()["note"].Message)
	}, key)
}

// A refused key says what to fix, and to test the channel after.
func TestRefusedKeySaysWhatToFix(t *testing.T) {
	for code, want := range map[int]string{401: "must be a REST API key (PagerDuty → Integrations → API Access Keys)", 403: "with write access (not read-only)"} {
		srv := updatestest.Answering(t, updatestest.Reply{Status: code, Body: `{"error":{"message":"nope"}}`})
		m := updatestest.Kinds()["note"].Message
		m.Links = map[string]string{Type: "PT4KHLK"}
		err := channel(srv.URL, "").Send(context.Background(), m)
		if updates.IsRejected(err) || err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "then keepcool channels test pd") {
			t.Errorf("%d: %v; want a dead channel that says %q and to test it", code, err, want)
		}
	}
}

// A refusal of a channel with a long name still reads "HTTP 403
// Forbidden" and says what to fix once the outbox cuts it to the 300
// bytes LastError and the journal keep: the remedy goes after the status,
// the answer after both.
func TestRefusedKeyKeepsItsStatusWhenCut(t *testing.T) {
	for code, want := range map[int]string{401: "not an integration or Events API key", 403: "who may update the incident"} {
		srv := updatestest.Answering(t, updatestest.Reply{Status: code, Body: `{"error":{"message":"Access Denied","code":2010}}`})
		c := New(Config{Name: "pagerduty-oncall-emea", URL: srv.URL, APIKey: key, From: from}, updatestest.Client())
		m := updatestest.Kinds()["note"].Message
		m.Links = map[string]string{Type: "PT4KHLK"}
		last := updates.Truncate(c.Send(context.Background(), m).Error(), 300) // as the outbox keeps it
		if got, wantReason := updates.Reason(updates.StateDead, last), fmt.Sprintf("HTTP %d %s", code, http.StatusText(code)); got != wantReason {
			t.Errorf("%d: Reason %q, want %q, from %q", code, got, wantReason, last)
		}
		if !strings.Contains(last, want) || !strings.Contains(last, "then keepcool channels test pagerduty-oncall-emea;") {
			t.Errorf("%d: %q lost the remedy %q or the test to run", code, last, want)
		}
	}
}

func TestBadConfig(t *testing.T) {
	err := New(Config{Name: "pd", APIKey: key, From: "oncall"}, updatestest.Client()).Send(context.Background(), updatestest.Kinds()["note"].Message)
	if !updates.IsPermanent(err) || updates.IsRejected(err) || !strings.Contains(err.Error(), "email") {
		t.Errorf("from without @: %v, want a permanent channel error", err)
	}
}
