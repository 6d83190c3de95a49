package webhook

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// stdSecret is a Standard Webhooks secret as its libraries take it:
// whsec_ and 24 random bytes in base64.
const stdSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// stdReceiver is a user's endpoint written with the standardwebhooks Go
// library: it answers 401 to what the library refuses. strict checks the
// timestamp against the real clock, as the library's Verify does in
// production; otherwise VerifyIgnoringTimestamp, for a fixed clock.
type stdReceiver struct {
	*httptest.Server
	got updatestest.Log[delivery]
}

func newStdReceiver(t *testing.T, strict bool) *stdReceiver {
	wh, err := standardwebhooks.NewWebhook(stdSecret)
	if err != nil {
		t.Fatal(err)
	}
	rc := &stdReceiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		verify := wh.VerifyIgnoringTimestamp
		if strict {
			verify = wh.Verify
		}
		if err := verify(raw, r.Header); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		rc.got.Add(delivery{Raw: raw, Header: r.Header.Clone()})
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func signed(t *testing.T, url, mode string, hc *http.Client, now time.Time) *Channel {
	t.Helper()
	c, err := NewSigned("automation", url, stdSecret, mode, hc)
	if err != nil {
		t.Fatalf("NewSigned(%q): %v", mode, err)
	}
	c.now = func() time.Time { return now }
	return c
}

// The standardwebhooks library accepts what a "standard" or "both"
// channel sends; webhook-id is keepcool's message id on every attempt,
// webhook-timestamp each attempt's own time; "both" also sends
// X-Keepcool-Signature keyed with the secret as written, "standard" not.
func TestStandardWebhooksLibraryVerifies(t *testing.T) {
	sent := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	for _, mode := range []string{SignStandard, SignBoth} {
		t.Run(mode, func(t *testing.T) {
			rc := newStdReceiver(t, false)
			m := updatestest.Message(updates.KindNote)
			for i, at := range []time.Time{sent, sent.Add(10 * time.Minute)} { // the second: a retry
				if err := signed(t, rc.URL, mode, rc.Client(), at).Send(context.Background(), m); err != nil {
					t.Fatalf("attempt %d: the library refused it: %v", i+1, err)
				}
				d := rc.got.Last(t)
				if got := d.Header.Get("webhook-id"); got != m.ID {
					t.Errorf("attempt %d: webhook-id %q, want the message id %q", i+1, got, m.ID)
				}
				if got, want := d.Header.Get("webhook-timestamp"), strconv.FormatInt(at.Unix(), 10); got != want {
					t.Errorf("attempt %d: webhook-timestamp %q, want the attempt's %q", i+1, got, want)
				}
				keepcool := d.Header.Get(HeaderSignature)
				if want := mode == SignBoth; want != verify(stdSecret, d.Raw, keepcool) {
					t.Errorf("attempt %d: X-Keepcool-Signature %q verifies = %v, want %v", i+1, keepcool, !want, want)
				}
			}
		})
	}
}

// The library refuses the same delivery with any signed part changed, so
// the test above would catch a signature over the wrong bytes.
func TestStandardSignatureCoversIDTimestampAndBody(t *testing.T) {
	rc := newStdReceiver(t, false)
	sent := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	if err := signed(t, rc.URL, SignStandard, rc.Client(), sent).Send(context.Background(), updatestest.Message(updates.KindNote)); err != nil {
		t.Fatal(err)
	}
	d := rc.got.Last(t)
	wh, _ := standardwebhooks.NewWebhook(stdSecret)
	if err := wh.VerifyIgnoringTimestamp(d.Raw, d.Header); err != nil {
		t.Fatalf("the delivery as sent: %v", err)
	}
	changes := map[string]func(h http.Header, body []byte) []byte{
		"timestamp": func(h http.Header, b []byte) []byte {
			h.Set("webhook-timestamp", strconv.FormatInt(sent.Unix()+1, 10))
			return b
		},
		"id":     func(h http.Header, b []byte) []byte { h.Set("webhook-id", "inc-1/8"); return b },
		"body":   func(_ http.Header, b []byte) []byte { return bytes.Replace(b, []byte(`"note"`), []byte(`"Note"`), 1) },
		"secret": nil,
	}
	for name, change := range changes {
		h, body := d.Header.Clone(), bytes.Clone(d.Raw)
		check := wh
		if change == nil {
			check, _ = standardwebhooks.NewWebhook("whsec_" + strings.Repeat("A", 32))
		} else {
			body = change(h, body)
		}
		if err := check.VerifyIgnoringTimestamp(body, h); err == nil {
			t.Errorf("a changed %s still verifies", name)
		}
	}
}

// A channel built as the table builds it stamps the real time: the
// library's Verify, which refuses timestamps five minutes off its clock,
// accepts it.
func TestStandardTimestampIsNow(t *testing.T) {
	rc := newStdReceiver(t, true)
	c, err := NewSigned("automation", rc.URL, stdSecret, SignStandard, rc.Client())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), updatestest.Message(updates.KindDeclared)); err != nil {
		t.Fatalf("the library's Verify refused it: %v", err)
	}
}

// Without a mode, or as "keepcool", nothing of Standard Webhooks is sent.
func TestKeepcoolSigningSendsNoStandardHeaders(t *testing.T) {
	for _, mode := range []string{"", SignKeepcool} {
		rc := newReceiver(t, "plain password")
		c, err := NewSigned("automation", rc.URL, "plain password", mode, rc.Client())
		if err != nil {
			t.Fatalf("%q: %v", mode, err)
		}
		if err := c.Send(context.Background(), updatestest.Message(updates.KindNote)); err != nil {
			t.Fatalf("%q: %v", mode, err)
		}
		h := rc.last(t).Header
		for _, k := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
			if h.Get(k) != "" {
				t.Errorf("mode %q sent %s", mode, k)
			}
		}
	}
}

// NewSigned refuses a mode it does not know and, for a standard
// signature, a secret the libraries could not take, saying what to do
// and never showing the secret.
func TestNewSignedRefusesWhatLibrariesCannotVerify(t *testing.T) {
	tests := []struct{ mode, secret, want string }{
		{"sha1", stdSecret, `signing = "sha1" is not a signing mode`},
		{SignStandard, "", `signing = "standard" needs a secret`},
		{SignBoth, "hunter2-hunter2", "secret must start with whsec_"},
		{SignStandard, "whsec_not*base64!", "secret must be whsec_ followed by standard base64"},
		{SignStandard, "whsec_c2hvcnQ=", "secret holds a 5-byte key; Standard Webhooks takes 24 to 64"},
	}
	for _, tt := range tests {
		_, err := NewSigned("automation", "https://example.com/", tt.secret, tt.mode, http.DefaultClient)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "openssl rand") && tt.mode != "sha1" {
			t.Errorf("%s/%q: %v; want %q and how to make a secret", tt.mode, tt.secret, err, tt.want)
		} else if tt.secret != "" && strings.Contains(err.Error(), strings.TrimPrefix(tt.secret, "whsec_")) {
			t.Errorf("%s: the error shows the secret: %v", tt.mode, err)
		}
	}
	if _, err := NewSigned("automation", "https://example.com/", "any password", SignKeepcool, http.DefaultClient); err != nil {
		t.Errorf("keepcool signing with a plain secret: %v", err)
	}
}
