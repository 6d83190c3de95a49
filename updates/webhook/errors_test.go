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
)

// TestWorstCaseBodySize: every field full of '<', which JSON writes as six
// bytes, still stays under the documented 256 KB.
func TestWorstCaseBodySize(t *testing.T) {
	for _, kind := range []updates.Kind{updates.KindDeclared, updates.KindEstimate, updates.KindResolved} {
		m := base(kind)
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
			srv := statusServer(t, tt.code, tt.header)
			err := New("automation", srv.URL+"/hooks/s3cr3t-path?token=s3cr3t-query", secret, srv.Client()).
				Send(context.Background(), base(updates.KindNote))
			if err == nil {
				t.Fatal("Send succeeded against a failing server")
			}
			d, ok := updates.RetryAfter(err)
			if updates.IsPermanent(err) != tt.permanent || ok != (tt.retry != 0) || d != tt.retry {
				t.Errorf("err %v: permanent %v retry-after %v %v, want %v %v", err, updates.IsPermanent(err), ok, d, tt.permanent, tt.retry)
			}
			noSecrets(t, err)
		})
	}
}

func noSecrets(t *testing.T, err error) {
	t.Helper()
	for _, s := range []string{"s3cr3t-path", "s3cr3t-query", secret} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q reveals %q", err, s)
		}
	}
}

func TestServerDownAndContext(t *testing.T) {
	down := statusServer(t, http.StatusOK, nil)
	down.Close()
	err := New("automation", down.URL+"/hooks/s3cr3t-path", secret, down.Client()).Send(context.Background(), base(updates.KindNote))
	if err == nil || updates.IsPermanent(err) {
		t.Errorf("server down: %v, want a retryable error", err)
	} else {
		noSecrets(t, err)
	}

	release := make(chan struct{})
	slow := statusServer(t, http.StatusOK, nil)
	slow.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = New("automation", slow.URL+"/hooks/s3cr3t-path", secret, slow.Client()).Send(ctx, base(updates.KindNote))
	if err == nil || updates.IsPermanent(err) || time.Since(start) > 5*time.Second {
		t.Fatalf("expiring context: %v after %v", err, time.Since(start))
	}
	noSecrets(t, err)
}

func TestBadConfigIsPermanent(t *testing.T) {
	for _, u := range []string{"", "ftp://example.com/s3cr3t-path", "example.com/s3cr3t-path", "https://"} {
		err := New("automation", u, secret, http.DefaultClient).Send(context.Background(), base(updates.KindNote))
		if !updates.IsPermanent(err) || !strings.Contains(err.Error(), `"automation"`) {
			t.Errorf("url %q: %v, want a permanent error naming the channel", u, err)
		} else {
			noSecrets(t, err)
		}
	}
	if err := New("automation", "https://example.com/", "", nil).Send(context.Background(), base(updates.KindNote)); !updates.IsPermanent(err) {
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
	m := base(updates.KindEstimate)
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
