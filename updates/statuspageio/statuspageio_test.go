package statuspageio

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
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

const (
	page = "kctbh9vrtdwd"
	key  = "spkey-0123456789"
)

// fake is Statuspage as testdata/api.md documents it: it checks every
// request's method, path, headers and body shape, and keeps the incidents.
type fake struct {
	t *testing.T

	mu        sync.Mutex
	incidents []stored
	calls     []string // "POST /v1/pages/…/incidents"
	failNext  int      // answer the next create with 500 after creating it (a lost answer)
}

type stored struct {
	ID, Name, Status string
	Metadata         map[string]map[string]string
	Created          time.Time
	Updates          []sent
}

// sent is the documented "incident" object of a create or patch; decoded
// strictly, so a misspelt or mistyped field fails the test.
type sent struct {
	Name           *string                      `json:"name"`
	Status         *string                      `json:"status"`
	Body           *string                      `json:"body"`
	ImpactOverride *string                      `json:"impact_override"`
	ComponentIDs   []string                     `json:"component_ids"`
	Components     map[string]string            `json:"components"`
	Metadata       map[string]map[string]string `json:"metadata"`
}

func newFake(t *testing.T) (*fake, *httptest.Server) {
	f := &fake{t: t}
	return f, updatestest.Serve(t, f)
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	if got := r.Header.Get("Authorization"); got != "OAuth "+key {
		f.t.Errorf("%s %s: Authorization = %q, want OAuth KEY", r.Method, r.URL.Path, got)
	}
	base := "/v1/pages/" + page
	switch rest, _ := strings.CutPrefix(r.URL.Path, base); {
	case r.Method == http.MethodGet && rest == "":
		fmt.Fprintf(w, `{"id":%q,"name":"Example"}`, page)
	case r.Method == http.MethodGet && rest == "/incidents":
		q := r.URL.Query().Get("q")
		out := []map[string]any{}
		for _, in := range slices.Backward(f.incidents) {
			if strings.Contains(in.Name, q) {
				out = append(out, map[string]any{"id": in.ID, "name": in.Name, "status": in.Status,
					"metadata": in.Metadata, "created_at": in.Created.Format(time.RFC3339)})
			}
		}
		_ = json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodPost && rest == "/incidents":
		in := f.decode(r)
		if in.Name == nil || in.Status == nil || in.Body == nil {
			f.t.Errorf("create without name, status or body: %+v", in)
		}
		s := stored{ID: fmt.Sprintf("p31zjtct%04d", len(f.incidents)), Name: *in.Name, Status: *in.Status,
			Metadata: in.Metadata, Created: time.Now(), Updates: []sent{in}}
		f.incidents = append(f.incidents, s)
		if f.failNext > 0 {
			f.failNext--
			http.Error(w, "upstream timeout", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"id":%q,"name":%q,"status":%q}`, s.ID, s.Name, s.Status)
	case r.Method == http.MethodPatch && strings.HasPrefix(rest, "/incidents/"):
		id := strings.TrimPrefix(rest, "/incidents/")
		i := slices.IndexFunc(f.incidents, func(s stored) bool { return s.ID == id })
		if i < 0 {
			http.Error(w, `{"error":"not found"}`, http.StatusNotFound)
			return
		}
		in := f.decode(r)
		if in.Name != nil || in.Metadata != nil {
			f.t.Errorf("a patch renames or re-marks the incident: %+v", in)
		}
		f.incidents[i].Status = *in.Status
		f.incidents[i].Updates = append(f.incidents[i].Updates, in)
		fmt.Fprintf(w, `{"id":%q,"status":%q}`, id, *in.Status)
	default:
		f.t.Errorf("undocumented call %s %s", r.Method, r.URL)
		http.Error(w, "no", http.StatusNotFound)
	}
}

func (f *fake) decode(r *http.Request) sent {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("%s %s: Content-Type %q", r.Method, r.URL.Path, ct)
	}
	raw, _ := io.ReadAll(r.Body)
	var req struct {
		Incident sent `json:"incident"`
	}
	if err := updatestest.DecodeStrict(raw, &req); err != nil {
		f.t.Errorf("%s %s: body %s: %v", r.Method, r.URL.Path, raw, err)
	}
	if req.Incident.Status == nil || !slices.Contains([]string{"investigating", "identified", "monitoring", "resolved"}, *req.Incident.Status) {
		f.t.Errorf("%s: status is not one of Statuspage's: %s", r.URL.Path, raw)
	}
	return req.Incident
}

func (f *fake) snapshot() ([]stored, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.incidents), slices.Clone(f.calls)
}

func channel(url string, components ...string) *Channel {
	return New(Config{Name: "page", URL: url, PageID: page, APIKey: key, Components: components}, updatestest.Client())
}

// One keepcool incident is one Statuspage incident: created at the
// declaration with its impact and components, patched with every update's
// status and body, resolved with its components operational.
func TestIncidentLifecycle(t *testing.T) {
	f, srv := newFake(t)
	c := channel(srv.URL, "8kbf7d35c070", "vtnh60py4yd7")
	kinds := updatestest.Kinds()
	identified := kinds["status"].Message
	identified.Status = "identified"
	holding := kinds["holding"].Message
	holding.Status = "identified" // as the engine freezes it, after the change
	for _, m := range []updates.Message{kinds["declared"].Message, kinds["note"].Message, identified, holding, kinds["resolved"].Message} {
		updatestest.Send(t, c, m)
	}
	incs, _ := f.snapshot()
	if len(incs) != 1 {
		t.Fatalf("%d incidents on the page, want 1", len(incs))
	}
	in := incs[0]
	created := in.Updates[0]
	if *created.Name != "Checkout returns 500s" || *created.Status != "investigating" || *created.ImpactOverride != "major" ||
		in.Metadata["keepcool"]["incident_id"] != "inc-1" {
		t.Errorf("created as %+v", created)
	}
	want := map[string]string{"8kbf7d35c070": "partial_outage", "vtnh60py4yd7": "partial_outage"}
	if !slices.Equal(created.ComponentIDs, []string{"8kbf7d35c070", "vtnh60py4yd7"}) || fmt.Sprint(created.Components) != fmt.Sprint(want) {
		t.Errorf("components %v %v, want the configured ones, partial_outage for a SEV2", created.ComponentIDs, created.Components)
	}
	var statuses []string
	for _, u := range in.Updates {
		statuses = append(statuses, *u.Status)
	}
	if want := []string{"investigating", "investigating", "identified", "identified", "resolved"}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v (a holding message keeps the status)", statuses, want)
	}
	if b := *in.Updates[1].Body; !strings.Contains(b, "Rolled back the deploy") || !strings.Contains(b, "Fix expected:") {
		t.Errorf("note body %q", b)
	}
	if b := *in.Updates[3].Body; !strings.HasPrefix(b, "Still working on it: ") {
		t.Errorf("holding body %q: should say it is a holding message", b)
	}
	if last := in.Updates[4]; last.Components["8kbf7d35c070"] != "operational" || last.Components["vtnh60py4yd7"] != "operational" {
		t.Errorf("all-clear components %v, want operational", last.Components)
	}
}

// A message delivered twice (at least once: the answer was lost, or
// keepcool restarted before recording the delivery) opens no second
// incident, and a restarted channel goes on patching the one it opened.
func TestRestartAndRetryFindTheIncident(t *testing.T) {
	f, srv := newFake(t)
	decl := updatestest.Kinds()["declared"].Message
	f.failNext = 1 // created, but the answer is lost
	if err := channel(srv.URL).Send(context.Background(), decl); err == nil || updates.IsPermanent(err) {
		t.Fatalf("lost answer: %v, want a retryable error", err)
	}
	updatestest.Send(t, channel(srv.URL), decl) // the outbox's retry, after a restart
	updatestest.Send(t, channel(srv.URL), decl) // and once more, delivered twice
	restarted := channel(srv.URL)
	updatestest.Send(t, restarted, updatestest.Kinds()["note"].Message)
	updatestest.Send(t, restarted, updatestest.Kinds()["resolved"].Message)
	updatestest.Send(t, channel(srv.URL), updatestest.Kinds()["resolved"].Message) // the all-clear again, after another restart
	incs, calls := f.snapshot()
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1; calls %v", len(incs), calls)
	}
	if n := len(incs[0].Updates); n != 4 || incs[0].Status != "resolved" {
		t.Errorf("%d updates, status %s; want the declaration, the note and two all-clears, resolved", n, incs[0].Status)
	}
}

// An incident of the same title that is not keepcool's (no metadata, older
// than the declaration) is left alone.
func TestOthersIncidentIsLeftAlone(t *testing.T) {
	f, srv := newFake(t)
	f.incidents = append(f.incidents, stored{ID: "old", Name: "Checkout returns 500s", Status: "resolved",
		Created: updatestest.Clock("08:00")})
	updatestest.Send(t, channel(srv.URL), updatestest.Kinds()["declared"].Message)
	if incs, _ := f.snapshot(); len(incs) != 2 || len(incs[0].Updates) != 0 {
		t.Errorf("incidents %+v: want a new one, the old one untouched", incs)
	}
}

// An incident opened since the declaration by its exact name, whose
// metadata Statuspage answers as an empty object, is found by its name:
// no second incident is opened.
func TestEmptyMetadataMatchesByName(t *testing.T) {
	f, srv := newFake(t)
	f.incidents = append(f.incidents, stored{ID: "byhand", Name: "Checkout returns 500s", Status: "investigating",
		Metadata: map[string]map[string]string{}, Created: updatestest.Clock("09:01")})
	updatestest.Send(t, channel(srv.URL), updatestest.Kinds()["note"].Message)
	if incs, _ := f.snapshot(); len(incs) != 1 || len(incs[0].Updates) != 1 {
		t.Errorf("incidents %+v: want the note on the one opened by its name", incs)
	}
}

// A test message reads the page and opens nothing; a drill is named so.
func TestTestMessageAndDrill(t *testing.T) {
	f, srv := newFake(t)
	updatestest.Send(t, channel(srv.URL), updatestest.UntitledTest())
	if incs, calls := f.snapshot(); len(incs) != 0 || !slices.Equal(calls, []string{"GET /v1/pages/" + page}) {
		t.Errorf("test message: calls %v, incidents %v", calls, incs)
	}
	drill := updatestest.Kinds()["declared"].Message
	drill.Drill = true
	updatestest.Send(t, channel(srv.URL), drill)
	if incs, _ := f.snapshot(); len(incs) != 1 || incs[0].Name != "[DRILL] Checkout returns 500s" {
		t.Errorf("drill: %+v", incs)
	}
}

func TestAnswers(t *testing.T) {
	updatestest.CheckAnswers(t, func(t *testing.T, url string) error {
		return channel(url).Send(context.Background(), updatestest.Kinds()["note"].Message)
	}, key)
}

func TestBadConfig(t *testing.T) {
	for name, c := range map[string]Config{
		"http elsewhere": {Name: "p", URL: "http://api.statuspage.io", PageID: page, APIKey: key},
		"no page":        {Name: "p", APIKey: key},
	} {
		err := New(c, updatestest.Client()).Send(context.Background(), updatestest.Kinds()["note"].Message)
		if !updates.IsPermanent(err) || updates.IsRejected(err) {
			t.Errorf("%s: %v, want a permanent channel error", name, err)
		}
	}
}

// A refused key or an unknown page kills the channel with what to fix,
// for `keepcool status` and `channels test` (the words are updates.API's,
// keyed by Type).
func TestRefusedKeySaysWhatToFix(t *testing.T) {
	for code, want := range map[int]string{401: "check api_key", 403: "may manage page_id's incidents", 404: "check page_id"} {
		srv := updatestest.Answering(t, updatestest.Reply{Status: code, Body: `{"error":"nope"}`})
		err := channel(srv.URL).Send(context.Background(), updatestest.Kinds()["note"].Message)
		updatestest.CheckError(t, err, true, 0, key)
		if updates.IsRejected(err) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "then keepcool channels test page") {
			t.Errorf("%d: %v; want a dead channel that says %q and to test it", code, err, want)
		}
	}
}
