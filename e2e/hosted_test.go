package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/poll"
)

// fakeStatuspage is Atlassian Statuspage's incidents API, enough for
// keepcool's statuspageio channel: it keeps incidents with their metadata,
// lists them for ?q=, and can hold a create's answer (the incident made)
// until the test lets go, as a slow network would.
type fakeStatuspage struct {
	mu        sync.Mutex
	incidents []map[string]any
	calls     []string
	hold      chan struct{} // non-nil: a create waits for it (or the caller's hang-up) before answering
	created   chan struct{} // closed at the first create
}

func (f *fakeStatuspage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path+" "+string(body))
	switch {
	case r.Header.Get("Authorization") != "OAuth sp-key":
		f.mu.Unlock()
		http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
	case r.Method == http.MethodGet:
		var out []map[string]any
		for _, in := range f.incidents {
			if strings.Contains(in["name"].(string), r.URL.Query().Get("q")) {
				out = append(out, in)
			}
		}
		f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(out)
	case r.Method == http.MethodPost:
		var req struct {
			Incident map[string]any `json:"incident"`
		}
		_ = json.Unmarshal(body, &req)
		in := req.Incident
		in["id"], in["created_at"] = fmt.Sprintf("inc%d", len(f.incidents)), time.Now().Format(time.RFC3339)
		f.incidents = append(f.incidents, in)
		hold := f.hold
		if len(f.incidents) == 1 {
			close(f.created)
		}
		f.mu.Unlock()
		if hold != nil {
			select {
			case <-hold:
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(in)
	default:
		f.mu.Unlock()
		_, _ = io.WriteString(w, `{}`)
	}
}

func (f *fakeStatuspage) log() (incidents int, calls string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.incidents), strings.Join(f.calls, "\n")
}

// keepcool killed while Statuspage was answering the declaration (the
// incident made, the delivery never recorded) sends it again at the next
// start: the channel finds the incident it made instead of opening a
// second one, and the next note patches it. PagerDuty gets the updates on
// the incident named with start --pagerduty.
func TestHostedChannelsAcrossKill9(t *testing.T) {
	sp := &fakeStatuspage{hold: make(chan struct{}), created: make(chan struct{})}
	spSrv := httptest.NewServer(sp)
	t.Cleanup(spSrv.Close)
	pdSrv, pdLog := fakePagerDuty(t)
	h := newHome(t, fmt.Sprintf(`[statuspage]
listen = "off"

[[channel]]
name = "page"
type = "statuspageio"
url = %q
page_id = "kctbh9vrtdwd"
api_key = "env:SP_KEY"

[[channel]]
name = "pd"
type = "pagerduty"
url = %q
api_key = "env:PD_KEY"
from = "oncall@example.com"
`, spSrv.URL, pdSrv.URL))
	h.extra = []string{"SP_KEY=sp-key", "PD_KEY=pd-key"}

	d := h.startDaemon()
	h.must("start", "Checkout returns 500s", "--eta", "30m-1h", "--pagerduty", "PT4KHLK")
	poll.ForWithin(t, 10*time.Second, "Statuspage to make the incident", func() bool {
		select {
		case <-sp.created:
			return true
		default:
			return false
		}
	})
	d.Kill()
	sp.mu.Lock()
	sp.hold = nil
	sp.mu.Unlock()

	h.startDaemon()
	h.must("note", "Rolled back the deploy")
	poll.ForWithin(t, 30*time.Second, "the note on Statuspage", func() bool {
		_, calls := sp.log()
		return strings.Contains(calls, "PATCH /v1/pages/kctbh9vrtdwd/incidents/inc0 ") && strings.Contains(calls, "Rolled back the deploy")
	})
	if n, calls := sp.log(); n != 1 {
		t.Errorf("%d Statuspage incidents, want 1:\n%s", n, calls)
	}
	poll.ForWithin(t, 30*time.Second, "the note on PagerDuty", func() bool {
		return strings.Contains(pdLog(), "Rolled back the deploy")
	})
	for _, line := range strings.Split(pdLog(), "\n") {
		if !strings.HasPrefix(line, "POST /incidents/PT4KHLK/status_updates oncall@example.com {\"message\":") {
			t.Errorf("PagerDuty got %q", line)
		}
	}
}

// fakePagerDuty is PagerDuty's REST API as far as keepcool's status updates
// go: every call is logged as "METHOD PATH FROM BODY" (log joins them),
// and answered as created, except on incident PZZZ404, which PagerDuty
// does not know (a mistyped id): 404.
func fakePagerDuty(t *testing.T) (srv *httptest.Server, log func() string) {
	var mu sync.Mutex
	var calls []string
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		calls = append(calls, r.Method+" "+r.URL.Path+" "+r.Header.Get("From")+" "+string(body))
		mu.Unlock()
		if strings.Contains(r.URL.Path, "/incidents/PZZZ404/") {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":{"message":"Not Found","code":2100}}`)
			return
		}
		_, _ = io.WriteString(w, `{"status_update":{}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() string {
		mu.Lock()
		defer mu.Unlock()
		return strings.Join(calls, "\n")
	}
}
