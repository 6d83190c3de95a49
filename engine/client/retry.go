package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// ErrMaybeRecorded means a command reached the engine but no answer came
// back, and retrying it did not settle whether it was carried out. Detect
// it with errors.Is; the error is an *UncertainError.
var ErrMaybeRecorded = errors.New("the engine stopped or stopped answering while handling this: your note may have been recorded — check `keepcool status` before sending it again")

// UncertainError is a command the engine may or may not have carried out:
// it stopped (or stopped answering) after the request was sent. Sending
// the same request again with the same Key is a no-op if the first one was
// recorded.
type UncertainError struct {
	Path string // the command's route, api.PathNote…
	Key  string // the request's key: repeat with it to stay a no-op
	Err  error  // the last failure seen
}

func (e *UncertainError) Error() string {
	return "the engine stopped or stopped answering while handling this: " + maybeDone(e.Path) +
		" — check `keepcool status` before sending it again"
}

// Is makes errors.Is(err, ErrMaybeRecorded) hold.
func (e *UncertainError) Is(target error) bool { return target == ErrMaybeRecorded }

func (e *UncertainError) Unwrap() error { return e.Err }

// maybeDone says what may have happened, in the words of the command.
func maybeDone(path string) string {
	switch path {
	case api.PathStart:
		return "the incident may have been declared"
	case api.PathEstimate:
		return "the new estimate may have been recorded"
	case api.PathSnooze:
		return "the snooze may have been recorded"
	case api.PathResolve:
		return "the incident may have been resolved"
	case api.PathSetState:
		return "the new status may have been recorded"
	}
	return "your note may have been recorded"
}

// NewKey returns a fresh request key: 128 random bits in hex.
func NewKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b[:])
}

func setKey(key *string) {
	if *key == "" {
		*key = NewKey()
	}
}

// Retry timing: how long a command is retried once its fate is unknown,
// and the pauses between tries (doubling from first up to most).
const (
	retryFor   = 5 * time.Second
	retryFirst = 100 * time.Millisecond
	retryMost  = time.Second
)

// command sends a request that changes state and carries key. If the
// engine may have received it but no answer came (the connection closed,
// reset or timed out), it sends it again with the same key — a no-op if
// the first was recorded — for up to retryFor, waiting while the socket
// refuses (the engine restarting). If that does not settle it, the error
// is an *UncertainError.
func (c *Client) command(ctx context.Context, path string, req any, key string) (api.Incident, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return api.Incident{}, err
	}
	var out api.Incident
	err = c.roundTrip(ctx, http.MethodPost, path, body, key, &out)
	if olderEngine(err) {
		// An engine from before idempotency keys refuses the field: send
		// the command as it knows it (without the retry's safety).
		if body, err = withoutKey(body); err != nil {
			return out, err
		}
		key = ""
		err = c.roundTrip(ctx, http.MethodPost, path, body, key, &out)
	}
	var te *transportError
	if !errors.As(err, &te) {
		return out, err
	}
	if !te.sent {
		if te.refused() {
			return out, ErrNotRunning
		}
		return out, fmt.Errorf("talk to the keepcool engine at %s: %w", c.socket, te.err)
	}
	return c.retry(ctx, path, body, key, te.err)
}

// retry repeats a command whose first try may have been carried out.
func (c *Client) retry(ctx context.Context, path string, body []byte, key string, last error) (api.Incident, error) {
	pause := c.retryFirst
	deadline := time.Now().Add(c.retryFor)
	for {
		wait := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			wait.Stop()
			return api.Incident{}, &UncertainError{Path: path, Key: key, Err: errors.Join(last, ctx.Err())}
		case <-wait.C:
		}
		if !time.Now().Before(deadline) {
			return api.Incident{}, &UncertainError{Path: path, Key: key, Err: last}
		}
		try, cancel := context.WithDeadline(ctx, deadline)
		var out api.Incident
		err := c.roundTrip(try, http.MethodPost, path, body, key, &out)
		cancel()
		var te *transportError
		if !errors.As(err, &te) {
			return out, err // an answer: the engine settled it
		}
		last = te.err
		pause = min(2*pause, retryMost)
	}
}

// transportError is a request that got no complete answer.
type transportError struct {
	err      error
	sent     bool // the engine may have received the request
	answered bool // an answer began but could not be read
}

func (e *transportError) Error() string { return e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// refused reports whether nothing listens on the socket.
func (e *transportError) refused() bool {
	return errors.Is(e.err, syscall.ENOENT) || errors.Is(e.err, syscall.ECONNREFUSED)
}

// mayHaveSent reports whether a failed round trip may have delivered the
// request: anything but a failure to connect.
func mayHaveSent(err error) bool {
	var op *net.OpError
	return !(errors.As(err, &op) && op.Op == "dial")
}

// olderEngine reports whether err is an engine's refusal of the request's
// "key" field: it predates idempotency keys.
func olderEngine(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Status == http.StatusBadRequest && strings.Contains(ae.Message, `unknown field "key"`)
}

// withoutKey is a command's body without its "key" field.
func withoutKey(body []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	delete(m, "key")
	return json.Marshal(m)
}
