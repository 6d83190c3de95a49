package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestWorstCaseBodySize: every field full of '<', which JSON writes as six
// bytes, still stays under the documented 256 KB.
func TestWorstCaseBodySize(t *testing.T) {
	for _, kind := range []updates.Kind{updates.KindDeclared, updates.KindEstimate, updates.KindResolved} {
		m := updatestest.Message(kind)
		lt := strings.Repeat("<", 100<<10)
		for _, s := range []*string{&m.Title, &m.Status, &m.Engineer, &m.Impact, &m.Known, &m.Unknown,
			&m.Plan, &m.Note, &m.Why, &m.Summary, &m.RootCause} {
			*s = lt
		}
		b, err := Encode(m)
		if err != nil || len(b) > 256<<10 || !json.Valid(b) {
			t.Errorf("%s: %d bytes, err %v, valid %v", kind, len(b), err, json.Valid(b))
		}
		t.Logf("%s worst case: %d bytes", kind, len(b))
	}
}

func TestErrorsAreClassifiedAndRedacted(t *testing.T) {
	tests := []struct {
		name      string
		code      int
		header    map[string]string
		permanent bool
		retry     time.Duration
	}{
		{"400", http.StatusBadRequest, nil, true, 0},
		{"401 bad signature", http.StatusUnauthorized, nil, true, 0},
		{"404", http.StatusNotFound, nil, true, 0},
		{"429 with Retry-After", http.StatusTooManyRequests, map[string]string{"Retry-After": "120"}, false, 2 * time.Minute},
		{"503 with Retry-After", http.StatusServiceUnavailable, map[string]string{"Retry-After": "5"}, false, 5 * time.Second},
		{"408", http.StatusRequestTimeout, nil, false, 0},
		{"500", http.StatusInternalServerError, nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := updatestest.Answering(t, updatestest.Reply{Status: tt.code, Header: tt.header, Body: "nope"})
			err := New("automation", srv.URL+"/hooks/s3cr3t-path?token=s3cr3t-query", secret, srv.Client()).
				Send(context.Background(), updatestest.Message(updates.KindNote))
			updatestest.CheckError(t, err, tt.permanent, tt.retry, secrets...)
		})
	}
}

// secrets are the URL's path and query and the signing secret: errors
// show none.
var secrets = []string{"s3cr3t-path", "s3cr3t-query", secret}

func TestServerDownAndContext(t *testing.T) {
	down := updatestest.Answering(t, updatestest.Reply{Status: http.StatusOK})
	down.Close()
	err := New("automation", down.URL+"/hooks/s3cr3t-path", secret, down.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
	updatestest.CheckError(t, err, false, 0, secrets...)

	slow := updatestest.Answering(t, updatestest.Reply{Status: http.StatusOK})
	slow.Config.Handler = updatestest.Stall(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = New("automation", slow.URL+"/hooks/s3cr3t-path", secret, slow.Client()).Send(ctx, updatestest.Message(updates.KindNote))
	if time.Since(start) > 5*time.Second {
		t.Errorf("Send with an expiring context took %v", time.Since(start))
	}
	updatestest.CheckError(t, err, false, 0, secrets...)
}

func TestBadConfigIsPermanent(t *testing.T) {
	for _, u := range []string{"", "ftp://example.com/s3cr3t-path", "example.com/s3cr3t-path", "https://"} {
		err := New("automation", u, secret, http.DefaultClient).Send(context.Background(), updatestest.Message(updates.KindNote))
		updatestest.CheckError(t, err, true, 0, secrets...)
		if !strings.Contains(err.Error(), `"automation"`) {
			t.Errorf("url %q: %v, want an error naming the channel", u, err)
		}
	}
	if err := New("automation", "https://example.com/", "", nil).Send(context.Background(), updatestest.Message(updates.KindNote)); !updates.IsPermanent(err) {
		t.Errorf("nil client: %v, want a permanent error", err)
	}
	if got := New("automation", "https://example.com/", "", http.DefaultClient).Name(); got != "automation" {
		t.Errorf("Name() = %q", got)
	}
}

// TestSchemaDocExample keeps SCHEMA.md honest: its example body is exactly
// what Encode produces for the same message.
func TestSchemaDocExample(t *testing.T) {
	doc, err := os.ReadFile("SCHEMA.md")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```json\n(.*?)```").FindSubmatch(doc)
	if block == nil {
		t.Fatal("SCHEMA.md has no ```json example")
	}
	m := updatestest.Message(updates.KindEstimate)
	m.Note, m.Why, m.PreviousEstimate = "", "The restore is slower than expected.", estimate("09:40", "10:00")
	got, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := json.Compact(&a, block[1]); err != nil {
		t.Fatalf("SCHEMA.md example is not JSON: %v", err)
	}
	_ = json.Compact(&b, got)
	if a.String() != b.String() {
		var pretty bytes.Buffer
		_ = json.Indent(&pretty, got, "", "  ")
		t.Errorf("SCHEMA.md example differs from Encode; Encode gives:\n%s", pretty.String())
	}
}
