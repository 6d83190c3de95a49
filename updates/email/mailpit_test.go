package email

import (
	"bytes"
	"encoding/json"
	"go/build"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// mailpit is a real SMTP server with an HTTP API, started per test on
// free loopback ports with its database in t.TempDir().
type mailpit struct {
	SMTP string // 127.0.0.1:PORT
	api  string // http://127.0.0.1:PORT
	hc   *http.Client
}

// mpSummary is one entry of GET /api/v1/messages.
type mpSummary struct {
	ID, MessageID, Subject string
	To                     []struct{ Name, Address string }
}

// mpMessage is GET /api/v1/message/{ID}.
type mpMessage struct {
	ID, MessageID, Subject, Text, HTML string
	To                                 []struct{ Name, Address string }
	Size                               int
}

// mailpitBin finds the binary `make deps` installs, failing (not skipping)
// without it: the email channel is only tested against a real server.
func mailpitBin(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	for _, dir := range filepath.SplitList(build.Default.GOPATH) {
		p := filepath.Join(dir, "bin", "mailpit")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatal("mailpit is not installed (looked on PATH and in $(go env GOPATH)/bin): run make deps")
	return ""
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// syncBuffer collects mailpit's log for failure messages; the process
// writes it from another goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startMailpit runs mailpit with the base flags plus extra, and waits
// until both its SMTP port and its API answer.
func startMailpit(t *testing.T, extra ...string) *mailpit {
	t.Helper()
	smtpAddr, apiAddr := freeAddr(t), freeAddr(t)
	args := append([]string{"--smtp", smtpAddr, "--listen", apiAddr, "--disable-version-check",
		"--smtp-disable-rdns", "--database", filepath.Join(t.TempDir(), "mailpit.db")}, extra...)
	cmd := exec.Command(mailpitBin(t), args...)
	var log syncBuffer
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting mailpit: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("mailpit %s log:\n%s", strings.Join(args, " "), log.String())
		}
	})
	mp := &mailpit{SMTP: smtpAddr, api: "http://" + apiAddr, hc: &http.Client{Timeout: 5 * time.Second}}
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := mp.hc.Get(mp.api + "/readyz")
		if err == nil {
			resp.Body.Close()
			if c, derr := net.DialTimeout("tcp", smtpAddr, time.Second); derr == nil && resp.StatusCode == http.StatusOK {
				c.Close()
				return mp
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not come up on %s / %s: %v\n%s", smtpAddr, apiAddr, err, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (mp *mailpit) get(t *testing.T, path string, into any) {
	t.Helper()
	resp, err := mp.hc.Get(mp.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// messages lists what mailpit holds, newest first.
func (mp *mailpit) messages(t *testing.T) []mpSummary {
	t.Helper()
	var r struct {
		MessagesCount int `json:"messages_count"`
		Messages      []mpSummary
	}
	mp.get(t, "/api/v1/messages?limit=1000", &r)
	return r.Messages
}

// byMessageID returns the one stored message with this Message-ID (no <>).
func (mp *mailpit) byMessageID(t *testing.T, id string) (mpMessage, map[string][]string) {
	t.Helper()
	var found []string
	for _, s := range mp.messages(t) {
		if s.MessageID == id {
			found = append(found, s.ID)
		}
	}
	if len(found) != 1 {
		t.Fatalf("mailpit holds %d messages with Message-ID %q, want 1", len(found), id)
	}
	var m mpMessage
	mp.get(t, "/api/v1/message/"+url.PathEscape(found[0]), &m)
	var h map[string][]string
	mp.get(t, "/api/v1/message/"+url.PathEscape(found[0])+"/headers", &h)
	return m, h
}

// raw returns the message as received, MIME and all.
func (mp *mailpit) raw(t *testing.T, id string) string {
	t.Helper()
	resp, err := mp.hc.Get(mp.api + "/api/v1/message/" + url.PathEscape(id) + "/raw")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return b.String()
}

// chaos sets mailpit's fault injection (needs --enable-chaos): each of
// Sender, Recipient, Authentication fails with code at probability %.
func (mp *mailpit) chaos(t *testing.T, triggers map[string][2]int) {
	t.Helper()
	body := map[string]map[string]int{}
	for k, v := range triggers {
		body[k] = map[string]int{"ErrorCode": v[0], "Probability": v[1]}
	}
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, mp.api+"/api/v1/chaos", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := mp.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("PUT /api/v1/chaos: %s", resp.Status)
	}
}
