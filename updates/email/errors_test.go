package email

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keepcool/keepcool/updates"
)

const secret = "correct-horse-battery" // must never appear in an error

// checkErr asserts err's class, that it says what to do and hides the password.
func checkErr(t *testing.T, err error, permanent bool, says string) {
	t.Helper()
	if err == nil {
		t.Fatal("Send succeeded, want an error")
	}
	if got := updates.IsPermanent(err); got != permanent {
		t.Errorf("permanent = %v, want %v: %v", got, permanent, err)
	}
	if !strings.Contains(err.Error(), says) {
		t.Errorf("error %q does not say %q", err, says)
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("error leaks the password: %v", err)
	}
}

func sendErr(c *Channel, m updates.Message) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return c.Send(ctx, m)
}

// authFile writes a mailpit password file with one user.
func authFile(t *testing.T, user, pass string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "smtp-users")
	if err := os.WriteFile(file, []byte(user+":"+pass+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestAuth logs in against a password file: mailpit only records the user
// name for AUTH LOGIN, so a right and a wrong password are the evidence.
func TestAuth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		flags     []string
		pass      string
		permanent bool
		says      string // "" means delivered
	}{
		{"right password", []string{"--smtp-auth-file", authFile(t, "keepcool", secret), "--smtp-auth-allow-insecure"}, secret, false, ""},
		{"any login", []string{"--smtp-auth-accept-any", "--smtp-auth-allow-insecure"}, secret, false, ""},
		{"wrong password", []string{"--smtp-auth-file", authFile(t, "keepcool", "right-password-1"), "--smtp-auth-allow-insecure"}, secret, true, "check username and password"},
		{"no login offered", nil, secret, true, "offers no login method"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mp := startMailpit(t, tc.flags...)
			c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none", Username: "keepcool", Password: tc.pass})
			if tc.says != "" {
				checkErr(t, sendErr(c, fixture(updates.KindNote, 2)), tc.permanent, tc.says)
				return
			}
			send(t, c, fixture(updates.KindNote, 2))
			if n := len(mp.Messages(t)); n != 1 {
				t.Errorf("mailpit holds %d messages, want 1", n)
			}
		})
	}
}

func TestUnreachable(t *testing.T) {
	t.Parallel()
	addr := freeAddr(t) // closed again: nothing listens there
	c := newChannel(t, Config{SMTP: addr, TLS: "none", Username: "keepcool", Password: secret})
	checkErr(t, sendErr(c, fixture(updates.KindNote, 2)), false, addr)
}

func TestBadRecipient(t *testing.T) {
	t.Parallel()
	t.Run("not an address", func(t *testing.T) {
		_, err := New(Config{Name: "x", SMTP: "127.0.0.1:25", From: "a@example.com", To: []string{"boss at example"}})
		if err == nil || !strings.Contains(err.Error(), `to "boss at example"`) {
			t.Errorf("New accepted a bad address or did not name it: %v", err)
		}
	})
	t.Run("refused by the server", func(t *testing.T) {
		mp := startMailpit(t, `--smtp-allowed-recipients=@example\.com$`)
		c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none", To: []string{"boss@example.com", "nobody@elsewhere.test"}})
		checkErr(t, sendErr(c, fixture(updates.KindNote, 2)), true, "nobody@elsewhere.test")
		if n := len(mp.Messages(t)); n != 0 {
			t.Errorf("mailpit holds %d messages; a refused recipient must fail the whole send", n)
		}
	})
}

// TestSMTPCodes: mailpit's chaos mode answers with chosen codes; 4xx must
// be retried, 5xx not.
func TestSMTPCodes(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t, "--enable-chaos", "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none", Username: "keepcool", Password: secret})
	cases := []struct {
		trigger   string
		code      int
		permanent bool
		says      string
	}{
		{"Sender", 451, false, "451"},
		{"Recipient", 452, false, "452"},
		{"Recipient", 550, true, "check from and to"},
		{"Authentication", 454, false, "could not check the login"},
		{"Authentication", 535, true, "check username and password"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s/%d", tc.trigger, tc.code), func(t *testing.T) {
			mp.Chaos(t, map[string][2]int{tc.trigger: {tc.code, 100}})
			checkErr(t, sendErr(c, fixture(updates.KindNote, 2)), tc.permanent, tc.says)
		})
	}
	mp.Chaos(t, map[string][2]int{"Sender": {451, 0}, "Recipient": {451, 0}, "Authentication": {535, 0}})
	send(t, c, fixture(updates.KindNote, 2))
}

// stall is an SMTP server that accepts and then never answers (or, with
// greet, answers the greeting and then nothing).
func stall(t *testing.T, greet bool) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			if greet {
				_, _ = conn.Write([]byte("220 stall ESMTP\r\n"))
				_, _ = bufio.NewReader(conn).ReadString('\n')
			}
		}
	}()
	return l.Addr().String()
}

func TestContext(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		greet   bool
		ctx     time.Duration // 0: already cancelled
		timeout time.Duration // Config.Timeout
		want    error
	}{
		{"cancelled before", false, 0, time.Minute, context.Canceled},
		{"deadline before greeting", false, 300 * time.Millisecond, time.Minute, context.DeadlineExceeded},
		{"deadline mid-session", true, 300 * time.Millisecond, time.Minute, context.DeadlineExceeded},
		{"channel timeout", true, time.Minute, 300 * time.Millisecond, nil}, // ctx or socket deadline, whichever fires first
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newChannel(t, Config{SMTP: stall(t, tc.greet), TLS: "none", Timeout: tc.timeout})
			ctx, cancel := context.WithTimeout(context.Background(), tc.ctx)
			defer cancel()
			if tc.ctx == 0 {
				ctx, cancel = context.WithCancel(context.Background())
				cancel()
			}
			start := time.Now()
			err := c.Send(ctx, fixture(updates.KindNote, 2))
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("Send took %v after its deadline", took)
			}
			if err == nil || updates.IsPermanent(err) {
				t.Fatalf("err = %v, want a retryable error", err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if tc.want == nil && !strings.Contains(err.Error(), "timeout") && !strings.Contains(err.Error(), "deadline") {
				t.Errorf("err = %v, want one saying it timed out", err)
			}
		})
	}
}

// TestRefusedGreeting: a relay that refuses EHLO and HELO gets a permanent
// error, and its socket is closed (go-mail leaves it open on that path).
func TestRefusedGreeting(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	closed := make(chan struct{})
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = conn.Write([]byte("220 relay ESMTP\r\n"))
		r := bufio.NewReader(conn)
		for {
			if _, err := r.ReadString('\n'); err != nil {
				close(closed)
				return
			}
			_, _ = conn.Write([]byte("554 5.7.1 no service for you\r\n"))
		}
	}()
	c := newChannel(t, Config{SMTP: l.Addr().String(), TLS: "none", Timeout: time.Minute})
	checkErr(t, sendErr(c, fixture(updates.KindNote, 2)), true, "554")
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Error("the socket stayed open after Send returned")
	}
}
