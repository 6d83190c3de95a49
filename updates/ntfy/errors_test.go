package ntfy

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

func TestErrorsAreClassifiedAndRedacted(t *testing.T) {
	tests := []struct {
		name      string
		code      int
		header    map[string]string
		permanent bool
		retry     time.Duration // 0: no Retry-After expected
	}{
		{"400 bad request", http.StatusBadRequest, nil, true, 0},
		{"403 forbidden topic", http.StatusForbidden, nil, true, 0},
		{"413 too large", http.StatusRequestEntityTooLarge, nil, true, 0},
		{"429 with Retry-After", http.StatusTooManyRequests, map[string]string{"Retry-After": "30"}, false, 30 * time.Second},
		{"429 without Retry-After", http.StatusTooManyRequests, nil, false, 0},
		{"408 timeout", http.StatusRequestTimeout, nil, false, 0},
		{"500", http.StatusInternalServerError, nil, false, 0},
		{"502", http.StatusBadGateway, nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := updatestest.Answering(t, updatestest.Reply{Status: tt.code, Header: tt.header, Body: `{"error":"nope"}`})
			c := New("phones", srv.URL+"/"+secretTopic+"?auth=QmVhcmVyIHNlY3JldA", "", "tk_s3cr3t", srv.Client())
			err := c.Send(context.Background(), updatestest.Message(updates.KindNote))
			updatestest.CheckError(t, err, tt.permanent, tt.retry, secrets...)
		})
	}
}

// secrets are the topic, the token and the ?auth= query: errors show none.
var secrets = []string{secretTopic, "tk_s3cr3t", "QmVhcmVyIHNlY3JldA"}

func TestServerDownIsRetryableAndRedacted(t *testing.T) {
	srv := updatestest.Answering(t, updatestest.Reply{Status: http.StatusOK})
	srv.Close()
	err := New("phones", srv.URL+"/"+secretTopic, "", "", srv.Client()).Send(context.Background(), updatestest.Message(updates.KindNote))
	updatestest.CheckError(t, err, false, 0, secrets...)
}

func TestSendHonoursContext(t *testing.T) {
	srv := updatestest.Answering(t, updatestest.Reply{Status: http.StatusOK})
	srv.Config.Handler = updatestest.Stall(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := New("phones", srv.URL, secretTopic, "", srv.Client()).Send(ctx, updatestest.Message(updates.KindNote))
	if time.Since(start) > 5*time.Second {
		t.Errorf("Send with an expiring context took %v", time.Since(start))
	}
	updatestest.CheckError(t, err, false, 0, secrets...)
}

func TestTarget(t *testing.T) {
	tests := []struct {
		url, topic, endpoint, wantTopic, err string
	}{
		{"https://ntfy.sh/alerts", "", "https://ntfy.sh/", "alerts", ""},
		{"https://ntfy.sh", "alerts", "https://ntfy.sh/", "alerts", ""},
		{"https://ntfy.sh/", "alerts", "https://ntfy.sh/", "alerts", ""},
		{"https://ntfy.sh/alerts/", "alerts", "https://ntfy.sh/", "alerts", ""},
		{"https://example.com/ntfy/alerts", "", "https://example.com/ntfy/", "alerts", ""},
		{"https://example.com/ntfy", "alerts", "https://example.com/ntfy/", "alerts", ""},
		{"http://127.0.0.1:8080/alerts?auth=abc", "", "http://127.0.0.1:8080/?auth=abc", "alerts", ""},
		{"https://ntfy.sh", "", "", "", "no topic"},
		{"https://ntfy.sh/bad.topic", "", "", "", "letters, digits"},
		{"https://ntfy.sh", "has space", "", "", "letters, digits"},
		{"https://ntfy.sh/" + strings.Repeat("x", 65), "", "", "", "letters, digits"},
		{"ftp://ntfy.sh/alerts", "", "", "", "url must be"},
		{"ntfy.sh/alerts", "", "", "", "url must be"},
		{"", "alerts", "", "", "url must be"},
	}
	for _, tt := range tests {
		t.Run(tt.url+"|"+tt.topic, func(t *testing.T) {
			endpoint, topic, err := target(tt.url, tt.topic)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil || endpoint != tt.endpoint || topic != tt.wantTopic {
				t.Errorf("got %q %q %v, want %q %q", endpoint, topic, err, tt.endpoint, tt.wantTopic)
			}
		})
	}
}

func TestBadConfigIsPermanentAndQuiet(t *testing.T) {
	err := New("phones", "https://ntfy.sh/kc-s3cr3t.topic", "", "", http.DefaultClient).Send(context.Background(), updatestest.Message(updates.KindNote))
	var p *updates.PermanentError
	if !errors.As(err, &p) || !strings.Contains(err.Error(), `"phones"`) || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("bad topic: %v, want a permanent error naming the channel, not the topic", err)
	}
	if err := New("phones", "https://ntfy.sh", secretTopic, "", nil).Send(context.Background(), updatestest.Message(updates.KindNote)); !updates.IsPermanent(err) {
		t.Errorf("nil client: %v, want a permanent error", err)
	}
}

func TestFairShare(t *testing.T) {
	tests := []struct {
		lens   []int
		budget int
		want   []int
	}{
		{[]int{10, 20}, 100, []int{10, 20}},
		{[]int{100000, 10, 10}, 100, []int{80, 10, 10}},
		{[]int{500, 500, 10}, 110, []int{50, 50, 10}},
		{[]int{5, 5}, -3, []int{0, 0}},
		{nil, 10, []int{}},
	}
	for _, tt := range tests {
		if got := fairShare(tt.lens, tt.budget); !slices.Equal(got, tt.want) {
			t.Errorf("fairShare(%v, %d) = %v, want %v", tt.lens, tt.budget, got, tt.want)
		}
	}
}

func TestName(t *testing.T) {
	if got := New("phones", "https://ntfy.sh", "alerts", "", http.DefaultClient).Name(); got != "phones" {
		t.Errorf("Name() = %q", got)
	}
}
