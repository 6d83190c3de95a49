package updatestest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

// Answer is a provider's answer and how the outbox must take it.
type Answer struct {
	Status     int
	RetryAfter string        // the Retry-After header, if any
	Wait       time.Duration // the wait the error must ask for (0: none)
	Permanent  bool          // retrying cannot help
	Rejected   bool          // only this message is refused; the channel works
}

// Answers are the classes every channel must tell apart: asked to wait
// (429, 503 with Retry-After), retried (5xx), the channel's fault (401,
// 403, 404: dead until fixed), this message's (400, 422: refused, the next
// goes).
func Answers() []Answer {
	return []Answer{
		{Status: 429, RetryAfter: "7", Wait: 7 * time.Second},
		{Status: 503, RetryAfter: "30", Wait: 30 * time.Second},
		{Status: 500},
		{Status: 502},
		{Status: 401, Permanent: true},
		{Status: 403, Permanent: true},
		{Status: 404, Permanent: true},
		{Status: 400, Permanent: true, Rejected: true},
		{Status: 422, Permanent: true, Rejected: true},
	}
}

// CheckAnswers sends with send to a server that answers every request
// with each of Answers in turn, and checks each error is classified as the
// outbox needs and reveals none of secrets.
func CheckAnswers(t *testing.T, send func(t *testing.T, url string) error, secrets ...string) {
	for _, a := range Answers() {
		t.Run(strconv.Itoa(a.Status), func(t *testing.T) {
			r := Reply{Status: a.Status, Body: `{"error":"no"}`}
			if a.RetryAfter != "" {
				r.Header = map[string]string{"Retry-After": a.RetryAfter}
			}
			srv := Answering(t, r)
			err := send(t, srv.URL)
			CheckError(t, err, a.Permanent, a.Wait, secrets...)
			if updates.IsRejected(err) != a.Rejected {
				t.Errorf("rejected = %v, want %v: %v", updates.IsRejected(err), a.Rejected, err)
			}
		})
	}
}

// Client is an HTTP client for a test's fake servers.
func Client() *http.Client { return &http.Client{Timeout: 10 * time.Second} }

// Serve starts h as a fake provider, closed when the test ends.
func Serve(t testing.TB, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// Send sends m on ch, failing t if it fails.
func Send(t testing.TB, ch updates.Channel, m updates.Message) {
	t.Helper()
	if err := ch.Send(context.Background(), m); err != nil {
		t.Fatalf("%s: %v", m.Kind, err)
	}
}
