package updates

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// An answer that kills a hosted channel says what to fix, per type, before
// the provider's answer (which LastError may cut), and still reads as
// "HTTP 401 Unauthorized" in a few words. A refused message (422) and
// PagerDuty's 404 (an unknown incident, worded by its package) get none.
func TestAPIRemedies(t *testing.T) {
	long := `{"error":"` + strings.Repeat("nope ", 80) + `"}` // a body longer than LastError keeps
	cases := []struct {
		typ    string
		code   int
		advice string // "" for none
	}{
		{"statuspageio", 401, "check api_key (Statuspage"},
		{"statuspageio", 403, "may manage page_id's incidents"},
		{"statuspageio", 404, "check page_id"},
		{"pagerduty", 401, "must be a REST API key"},
		{"pagerduty", 403, "write access (not read-only), and from the email of a PagerDuty user"},
		{"pagerduty", 404, ""},
		{"cachet", 401, "token must be the API token of a Cachet user"},
		{"cachet", 403, "may manage incidents"},
		{"cachet", 404, "check url is the Cachet instance's address"},
		{"elsewhere", 401, "check its api key or token"},
		{"statuspageio", 422, ""},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(tc.code)
			_, _ = w.Write([]byte(long))
		}))
		a := NewAPI(tc.typ, "page", srv.URL, "", http.Header{"Authorization": {"OAuth secret-key"}}, srv.Client())
		err := a.Do(context.Background(), http.MethodGet, "/v1/pages/x", nil, nil, nil)
		srv.Close()
		if !IsPermanent(err) || IsRejected(err) != (tc.code == 422) || AnswerCode(err) != tc.code {
			t.Errorf("%s %d: %v: permanent %v, rejected %v, code %d", tc.typ, tc.code, err, IsPermanent(err), IsRejected(err), AnswerCode(err))
			continue
		}
		last := Truncate(err.Error(), 300) // as the outbox keeps it
		if strings.Contains(last, "secret-key") {
			t.Errorf("%s %d: the key is in %q", tc.typ, tc.code, last)
		}
		if tc.advice == "" {
			if strings.Contains(last, "channels test") {
				t.Errorf("%s %d: advice where none belongs: %s", tc.typ, tc.code, last)
			}
			continue
		}
		if !strings.Contains(last, tc.advice) || !strings.Contains(last, "then keepcool channels test page;") {
			t.Errorf("%s %d: %q does not say to %q, then to test the channel", tc.typ, tc.code, last, tc.advice)
		}
		if got, want := Reason(StateDead, last), fmt.Sprintf("HTTP %d %s", tc.code, http.StatusText(tc.code)); got != want {
			t.Errorf("%s %d: Reason %q, want %q", tc.typ, tc.code, got, want)
		}
	}
}
