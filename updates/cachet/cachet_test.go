package cachet

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

const token = "cachet-token-0123456789"

// fake is Cachet's API v1 as testdata/api.md documents it; it checks the
// token, the paths and the bodies' fields and types (numbers as numbers).
type fake struct {
	t *testing.T

	mu        sync.Mutex
	incidents []*stored
	calls     []string
	comps     map[int]int // component id → status
	lose      int         // create, then answer 500 (a lost answer)
}

type stored struct {
	ID      int
	Name    string
	Status  int
	At      time.Time // created_at
	Created create
	Updates []update
}

func newFake(t *testing.T) (*fake, *httptest.Server) {
	f := &fake{t: t, comps: map[int]int{}}
	return f, updatestest.Serve(t, f)
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	if got := r.Header.Get("X-Cachet-Token"); got != token {
		f.t.Errorf("%s %s: X-Cachet-Token = %q", r.Method, r.URL.Path, got)
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v1/"), "/")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/api/v1/incidents":
		q := r.URL.Query()
		out := []map[string]any{}
		for _, in := range slices.Backward(f.incidents) {
			if q.Get("name") == "" || in.Name == q.Get("name") {
				// Cachet 2.x answers Laravel's dates: "2006-01-02 15:04:05", UTC.
				out = append(out, map[string]any{"id": in.ID, "name": in.Name, "status": in.Status, "visible": 1,
					"created_at": in.At.UTC().Format(time.DateTime)})
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"meta": map[string]any{}, "data": out})
	case r.Method == http.MethodPost && r.URL.Path == "/api/v1/incidents":
		var in create
		f.decode(r, &in)
		if in.Visible != 1 || in.Status < 1 || in.Status > 4 || in.Name == "" || in.Message == "" {
			f.t.Errorf("create %+v", in)
		}
		s := &stored{ID: len(f.incidents) + 1, Name: in.Name, Status: in.Status, At: time.Now(), Created: in}
		f.incidents = append(f.incidents, s)
		if f.lose > 0 {
			f.lose--
			http.Error(w, "gateway timeout", http.StatusGatewayTimeout)
			return
		}
		fmt.Fprintf(w, `{"data":{"id":%d,"name":%q,"status":%d}}`, s.ID, s.Name, s.Status)
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "incidents" && parts[2] == "updates":
		id, _ := strconv.Atoi(parts[1])
		i := slices.IndexFunc(f.incidents, func(s *stored) bool { return s.ID == id })
		if i < 0 {
			http.Error(w, `{"errors":[{"status":404}]}`, http.StatusNotFound)
			return
		}
		var u update
		f.decode(r, &u)
		f.incidents[i].Status = u.Status
		f.incidents[i].Updates = append(f.incidents[i].Updates, u)
		fmt.Fprintf(w, `{"data":{"id":1,"incident_id":%d,"status":%d}}`, id, u.Status)
	case r.Method == http.MethodPut && len(parts) == 2 && parts[0] == "components":
		id, _ := strconv.Atoi(parts[1])
		var body struct {
			Status int `json:"status"`
		}
		f.decode(r, &body)
		f.comps[id] = body.Status
		fmt.Fprintf(w, `{"data":{"id":%d,"status":%d}}`, id, body.Status)
	default:
		f.t.Errorf("undocumented call %s %s", r.Method, r.URL)
		http.Error(w, "no", http.StatusNotFound)
	}
}

func (f *fake) decode(r *http.Request, v any) {
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		f.t.Errorf("%s %s: Content-Type %q", r.Method, r.URL.Path, ct)
	}
	raw, _ := io.ReadAll(r.Body)
	if err := updatestest.DecodeStrict(raw, v); err != nil {
		f.t.Errorf("%s %s: body %s: %v", r.Method, r.URL.Path, raw, err)
	}
}

func (f *fake) snapshot() ([]stored, []string, map[int]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []stored
	for _, s := range f.incidents {
		out = append(out, *s)
	}
	comps := map[int]int{}
	for k, v := range f.comps {
		comps[k] = v
	}
	return out, slices.Clone(f.calls), comps
}

func channel(url, component string) *Channel {
	return New(Config{Name: "status", URL: url, Token: token, Component: component}, updatestest.Client())
}

// The declaration creates a visible incident with its component marked;
// every update is an incident update with Cachet's status number; the
// all-clear is status 4 and puts the component back to operational.
func TestIncidentLifecycle(t *testing.T) {
	f, srv := newFake(t)
	c := channel(srv.URL, "3")
	kinds := updatestest.Kinds()
	monitoring := kinds["status"].Message
	for _, m := range []updates.Message{kinds["declared"].Message, kinds["note"].Message, monitoring, kinds["resolved"].Message} {
		updatestest.Send(t, c, m)
	}
	incs, _, comps := f.snapshot()
	if len(incs) != 1 {
		t.Fatalf("%d incidents, want 1", len(incs))
	}
	in := incs[0]
	if cr := in.Created; cr.Name != "Checkout returns 500s" || cr.Status != Investigating || cr.ComponentID != 3 || cr.ComponentStatus != 3 {
		t.Errorf("created %+v", cr)
	}
	var statuses []int
	for _, u := range in.Updates {
		statuses = append(statuses, u.Status)
	}
	if want := []int{Investigating, Watching, Fixed}; !slices.Equal(statuses, want) {
		t.Errorf("update statuses %v, want %v", statuses, want)
	}
	if comps[3] != 1 {
		t.Errorf("component after the all-clear: %v, want 1 (operational)", comps)
	}
	if m := in.Updates[0].Message; !strings.Contains(m, "Rolled back the deploy") || !strings.Contains(m, "**Fix expected:**") {
		t.Errorf("note message %q", m)
	}
}

// A declaration delivered twice, or after a restart, opens no second
// incident; the restarted channel adds its updates to the one it opened.
func TestRestartAndRetryFindTheIncident(t *testing.T) {
	f, srv := newFake(t)
	f.lose = 1
	decl := updatestest.Kinds()["declared"].Message
	if err := channel(srv.URL, "").Send(context.Background(), decl); err == nil || updates.IsPermanent(err) {
		t.Fatalf("lost answer: %v, want a retryable error", err)
	}
	updatestest.Send(t, channel(srv.URL, ""), decl)
	updatestest.Send(t, channel(srv.URL, ""), updatestest.Kinds()["note"].Message)
	updatestest.Send(t, channel(srv.URL, ""), updatestest.Kinds()["resolved"].Message)
	updatestest.Send(t, channel(srv.URL, ""), updatestest.Kinds()["resolved"].Message) // the all-clear again
	incs, calls, _ := f.snapshot()
	if len(incs) != 1 || len(incs[0].Updates) != 3 || incs[0].Status != Fixed {
		t.Errorf("incidents %+v (calls %v): want one, with the note and two all-clears, fixed", incs, calls)
	}
}

// An earlier, fixed incident of the same name is not reopened.
func TestFixedIncidentIsLeftAlone(t *testing.T) {
	f, srv := newFake(t)
	f.incidents = append(f.incidents, &stored{ID: 1, Name: "Checkout returns 500s", Status: Fixed})
	updatestest.Send(t, channel(srv.URL, ""), updatestest.Kinds()["declared"].Message)
	if incs, _, _ := f.snapshot(); len(incs) != 2 || len(incs[0].Updates) != 0 {
		t.Errorf("incidents %+v: want a new one", incs)
	}
}

// An open incident of the same name from before the declaration is
// someone else's (or an earlier one's): a new incident is opened and the
// old one gets no update.
func TestOldOpenIncidentIsNotAdopted(t *testing.T) {
	f, srv := newFake(t)
	f.incidents = append(f.incidents, &stored{ID: 1, Name: "Checkout returns 500s", Status: Identified, At: updatestest.Clock("08:00")})
	c := channel(srv.URL, "")
	updatestest.Send(t, c, updatestest.Kinds()["declared"].Message)
	updatestest.Send(t, c, updatestest.Kinds()["note"].Message)
	if incs, _, _ := f.snapshot(); len(incs) != 2 || len(incs[0].Updates) != 0 || len(incs[1].Updates) != 1 {
		t.Errorf("incidents %+v: want a new one with the note, the old one untouched", incs)
	}
}

// Text is Markdown-escaped: what was typed shows as typed, a pasted
// command stays runnable, and nothing becomes a link or emphasis.
func TestMessageEscapes(t *testing.T) {
	m := updatestest.Kinds()["note"].Message
	m.Note = "Run `a && b` then *restart* [here](http://evil.example) <b>x</b>"
	got := Message(m)
	for _, want := range []string{"\\`a \\&\\& b\\`", "\\*restart\\*", "\\[here\\]\\(http://evil\\.example\\)", "\\<b\\>x\\</b\\>"} {
		if !strings.Contains(got, want) {
			t.Errorf("message %q lacks %q", got, want)
		}
	}
}

func TestTestMessageAndDrill(t *testing.T) {
	f, srv := newFake(t)
	updatestest.Send(t, channel(srv.URL, ""), updatestest.UntitledTest())
	if incs, calls, _ := f.snapshot(); len(incs) != 0 || !slices.Equal(calls, []string{"GET /api/v1/incidents"}) {
		t.Errorf("test message: calls %v", calls)
	}
	updatestest.Send(t, channel(srv.URL, ""), updatestest.Kinds()["drill"].Message)
	if incs, _, _ := f.snapshot(); len(incs) != 1 || incs[0].Name != "[DRILL] Checkout returns 500s" {
		t.Errorf("drill: %+v", incs)
	}
}

func TestAnswers(t *testing.T) {
	updatestest.CheckAnswers(t, func(t *testing.T, url string) error {
		return channel(url, "").Send(context.Background(), updatestest.Kinds()["note"].Message)
	}, token)
}

func TestBadConfig(t *testing.T) {
	for name, c := range map[string]*Channel{
		"no url":        New(Config{Name: "s", Token: token}, updatestest.Client()),
		"bad component": channel("https://status.example.com", "three"),
	} {
		err := c.Send(context.Background(), updatestest.Kinds()["note"].Message)
		if !updates.IsPermanent(err) || updates.IsRejected(err) {
			t.Errorf("%s: %v, want a permanent channel error", name, err)
		}
	}
}

// A refused token or a wrong address kills the channel with what to fix,
// for `keepcool status` and `channels test` (the words are updates.API's,
// keyed by the type).
func TestRefusedTokenSaysWhatToFix(t *testing.T) {
	for code, want := range map[int]string{401: "token must be the API token of a Cachet user", 403: "may manage incidents", 404: "check url"} {
		srv := updatestest.Answering(t, updatestest.Reply{Status: code, Body: `{"error":"nope"}`})
		err := channel(srv.URL, "").Send(context.Background(), updatestest.Kinds()["note"].Message)
		updatestest.CheckError(t, err, true, 0, token)
		if updates.IsRejected(err) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "then keepcool channels test status") {
			t.Errorf("%d: %v; want a dead channel that says %q and to test it", code, err, want)
		}
	}
}
