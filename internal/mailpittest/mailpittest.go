// Package mailpittest runs mailpit, a real SMTP server with an HTTP API,
// for tests that send email: the email channel's own and the end-to-end
// ones. Each Start gets free loopback ports and a database of its own.
package mailpittest

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
	"testing"
	"time"

	"github.com/keepcool/keepcool/internal/testproc"
)

// Server is one running mailpit.
type Server struct {
	SMTP string // 127.0.0.1:PORT
	api  string // http://127.0.0.1:PORT
	hc   *http.Client
}

// Summary is one entry of GET /api/v1/messages.
type Summary struct {
	ID, MessageID, Subject string
	To                     []struct{ Name, Address string }
}

// Message is GET /api/v1/message/{ID}.
type Message struct {
	ID, MessageID, Subject, Text, HTML string
	To                                 []struct{ Name, Address string }
	Size                               int
}

// Bin finds the binary `make deps` installs, failing (not skipping)
// without it: email is only tested against a real server.
func Bin(t testing.TB) string {
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

// FreeAddr is a loopback address nothing listens on now.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Start runs mailpit with the base flags plus extra, and waits until both
// its SMTP port and its API answer. It stops with the test.
func Start(t testing.TB, extra ...string) *Server {
	t.Helper()
	smtpAddr, apiAddr := FreeAddr(t), FreeAddr(t)
	args := append([]string{"--smtp", smtpAddr, "--listen", apiAddr, "--disable-version-check",
		"--smtp-disable-rdns", "--database", filepath.Join(t.TempDir(), "mailpit.db")}, extra...)
	cmd := exec.Command(Bin(t), args...)
	var log testproc.Buffer // mailpit writes it from its own goroutine
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
	mp := &Server{SMTP: smtpAddr, api: "http://" + apiAddr, hc: &http.Client{Timeout: 5 * time.Second}}
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

// Get decodes the JSON answer to GET path of mailpit's API into into.
func (mp *Server) Get(t testing.TB, path string, into any) {
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

// Messages lists what mailpit holds, newest first.
func (mp *Server) Messages(t testing.TB) []Summary {
	t.Helper()
	var r struct {
		MessagesCount int `json:"messages_count"`
		Messages      []Summary
	}
	mp.Get(t, "/api/v1/messages?limit=1000", &r)
	return r.Messages
}

// ByMessageID returns the one stored message with this Message-ID (no
// <>) and its headers.
func (mp *Server) ByMessageID(t testing.TB, id string) (Message, map[string][]string) {
	t.Helper()
	var found []string
	for _, s := range mp.Messages(t) {
		if s.MessageID == id {
			found = append(found, s.ID)
		}
	}
	if len(found) != 1 {
		t.Fatalf("mailpit holds %d messages with Message-ID %q, want 1", len(found), id)
	}
	var m Message
	mp.Get(t, "/api/v1/message/"+url.PathEscape(found[0]), &m)
	var h map[string][]string
	mp.Get(t, "/api/v1/message/"+url.PathEscape(found[0])+"/headers", &h)
	return m, h
}

// Raw returns the message as received, MIME and all.
func (mp *Server) Raw(t testing.TB, id string) string {
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

// Chaos sets mailpit's fault injection (needs --enable-chaos): each of
// Sender, Recipient, Authentication fails with code at probability %.
func (mp *Server) Chaos(t testing.TB, triggers map[string][2]int) {
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

// Header reads a header from mailpit's header map, whatever its
// capitalisation.
func Header(h map[string][]string, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}
