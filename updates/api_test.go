package updates

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// An answer that kills a hosted channel says what to fix, in the type's
// words (Advise) or the generic ones, before the provider's answer (which
// LastError may cut), and still reads as "HTTP 401 Unauthorized" in a few
// words. A refused message (422) and a code the type gave no words for get
// none.
func TestAPIRemedies(t *testing.T) {
	long := `{"error":"` + strings.Repeat("nope ", 80) + `"}` // a body longer than LastError keeps
	typed := Remedies{401: "the key was refused (401): check api_key", 404: "no such page (404): check page_id"}
	cases := []struct {
		words  Remedies // nil: the generic ones
		code   int
		advice string // "" for none
	}{
		{typed, 401, "check api_key"},
		{typed, 404, "check page_id"},
		{typed, 403, ""},
		{typed, 422, ""},
		{nil, 401, "check its api key or token"},
		{nil, 403, "may write, not only read"},
		{nil, 404, ""},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(tc.code)
			_, _ = w.Write([]byte(long))
		}))
		a := NewAPI("hosted", "page", srv.URL, "", http.Header{"Authorization": {"OAuth secret-key"}}, srv.Client())
		if tc.words != nil {
			a.Advise(tc.words)
		}
		err := a.Do(context.Background(), http.MethodGet, "/v1/pages/x", nil, nil, nil)
		srv.Close()
		if !IsPermanent(err) || IsRejected(err) != (tc.code == 422) || AnswerCode(err) != tc.code {
			t.Errorf("typed %v, %d: %v: permanent %v, rejected %v, code %d", tc.words != nil, tc.code, err, IsPermanent(err), IsRejected(err), AnswerCode(err))
			continue
		}
		var re *RemedyError
		if remedied := errors.As(err, &re); remedied != (tc.advice != "") {
			t.Errorf("typed %v, %d: %v: a RemedyError %v, want %v", tc.words != nil, tc.code, err, remedied, !remedied)
		}
		last := Truncate(err.Error(), 300) // as the outbox keeps it
		if strings.Contains(last, "secret-key") {
			t.Errorf("typed %v, %d: the key is in %q", tc.words != nil, tc.code, last)
		}
		if tc.advice == "" {
			if strings.Contains(last, "channels test") {
				t.Errorf("typed %v, %d: advice where none belongs: %s", tc.words != nil, tc.code, last)
			}
			continue
		}
		if !strings.Contains(last, tc.advice) || !strings.Contains(last, "then keepcool channels test page;") {
			t.Errorf("typed %v, %d: %q does not say to %q, then to test the channel", tc.words != nil, tc.code, last, tc.advice)
		}
		if got, want := Reason(StateDead, last), fmt.Sprintf("HTTP %d %s", tc.code, http.StatusText(tc.code)); got != want {
			t.Errorf("typed %v, %d: Reason %q, want %q", tc.words != nil, tc.code, got, want)
		}
	}
}
