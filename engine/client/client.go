// Package client is the Go client of the engine's control API. The CLI, the
// tray and every window reach the engine through it.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/keepcool/keepcool/engine/api"
)

// APIError is a request the engine refused; Message says what to do.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string { return e.Message }

// IsUsage reports whether the engine refused the request's content (a bad
// estimate, an empty note): the caller's mistake, not the engine's.
func (e *APIError) IsUsage() bool { return e.Status == http.StatusBadRequest }

// StatusError is an answer without the engine's JSON error: a status
// other than 200 from something that does not speak the control API, as
// an older engine's router answers 404 for a path it does not have. It is
// not an *APIError: no engine judged the request, so a bare 400 is not the
// caller's mistake.
type StatusError struct {
	Status int    // the HTTP status code, e.g. 404
	Line   string // the status line, e.g. "404 Not Found"
}

func (e *StatusError) Error() string { return "the keepcool engine answered " + e.Line }

// ErrNotRunning means no engine answers on the socket.
var ErrNotRunning = errors.New("the keepcool engine is not running: start it with `keepcool` (tray) or `keepcool daemon` (no GUI), then try again")

// Client talks to one engine over its unix socket.
type Client struct {
	socket string
	hc     *http.Client
	// How long an unanswered command is retried, and the first pause.
	retryFor, retryFirst time.Duration
}

// New returns a client for the engine listening on socket.
func New(socket string) *Client {
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		},
		MaxIdleConns:    2,
		IdleConnTimeout: 30 * time.Second,
	}
	return &Client{
		socket: socket, hc: &http.Client{Transport: tr, Timeout: 30 * time.Second},
		retryFor: retryFor, retryFirst: retryFirst,
	}
}

// Status returns the active incident and the channels' delivery state.
func (c *Client) Status(ctx context.Context) (api.Status, error) {
	var out api.Status
	err := c.do(ctx, http.MethodGet, api.PathStatus, nil, &out)
	return out, err
}

// Watch waits until the engine's state differs from revision since (0:
// answer at once) and returns it with its revision; after ~20 s without a
// change it returns the same revision.
func (c *Client) Watch(ctx context.Context, since uint64) (api.Watched, error) {
	var out api.Watched
	err := c.do(ctx, http.MethodGet, api.PathWatch+"?since="+strconv.FormatUint(since, 10), nil, &out)
	return out, err
}

// Start declares an incident. Like every command below it carries a Key
// (a random one unless req has one): see command.
func (c *Client) Start(ctx context.Context, req api.StartRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathStart, req, req.Key)
}

// Note posts a progress note (or a no-change heartbeat).
func (c *Client) Note(ctx context.Context, req api.NoteRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathNote, req, req.Key)
}

// Estimate revises the estimate.
func (c *Client) Estimate(ctx context.Context, req api.EstimateRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathEstimate, req, req.Key)
}

// Snooze delays the next prompt.
func (c *Client) Snooze(ctx context.Context, req api.SnoozeRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathSnooze, req, req.Key)
}

// Resolve ends the incident.
func (c *Client) Resolve(ctx context.Context, req api.ResolveRequest) (api.Incident, error) {
	setKey(&req.Key)
	return c.command(ctx, api.PathResolve, req, req.Key)
}

// SetStatus moves the incident to investigating, identified or monitoring.
func (c *Client) SetStatus(ctx context.Context, status string) (api.Incident, error) {
	req := api.StatusRequest{Status: status}
	setKey(&req.Key)
	return c.command(ctx, api.PathSetState, req, req.Key)
}

// Reload makes the engine re-read its config file.
func (c *Client) Reload(ctx context.Context) error {
	var out struct{}
	return c.do(ctx, http.MethodPost, api.PathReload, struct{}{}, &out)
}

// OpenWindow asks the engine to open a window, as the tray's menu does.
// An *APIError with Status 501 means the engine opens no windows (the
// daemon): open it yourself.
func (c *Client) OpenWindow(ctx context.Context, req api.WindowRequest) error {
	var out struct{}
	return c.do(ctx, http.MethodPost, api.PathWindow, req, &out)
}

// Quit ends the engine; with RestoreShield it first puts the focus shield
// down.
func (c *Client) Quit(ctx context.Context, req api.QuitRequest) error {
	_, err := c.QuitReport(ctx, req)
	return err
}

// QuitReport is Quit, also saying how the focus shield is left.
func (c *Client) QuitReport(ctx context.Context, req api.QuitRequest) (api.QuitReply, error) {
	var out api.QuitReply
	err := c.do(ctx, http.MethodPost, api.PathQuit, req, &out)
	return out, err
}

// Channels lists the configured channels.
func (c *Client) Channels(ctx context.Context) ([]api.ChannelConfig, error) {
	var out []api.ChannelConfig
	err := c.do(ctx, http.MethodGet, api.PathChannels, nil, &out)
	return out, err
}

// TestChannel sends a clearly labelled test message to one channel.
func (c *Client) TestChannel(ctx context.Context, name string) error {
	_, err := c.TestChannelReply(ctx, name)
	return err
}

// TestChannelReply is TestChannel, also saying what became of the messages
// the channel owed (Text: a sentence for a person; "" from an older
// engine). When some did not go, the error says so.
func (c *Client) TestChannelReply(ctx context.Context, name string) (api.TestReply, error) {
	var out api.TestReply
	err := c.do(ctx, http.MethodPost, api.PathTest, api.TestRequest{Name: name}, &out)
	return out, err
}

// Export renders an incident (the latest when id is empty) as md or json.
func (c *Client) Export(ctx context.Context, id, format string) ([]byte, error) {
	return c.render(ctx, api.PathExport, id, format)
}

// render GETs what the engine renders of an incident at path (the latest
// incident's when id is empty), as md or json.
func (c *Client) render(ctx context.Context, path, id, format string) ([]byte, error) {
	q := url.Values{"id": {id}, "format": {format}}
	var out bytes.Buffer
	if err := c.do(ctx, http.MethodGet, path+"?"+q.Encode(), nil, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// do sends one request that changes nothing, or that the engine may run
// twice. out is decoded from JSON, or filled raw when it is a
// *bytes.Buffer.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = b
	}
	err := c.roundTrip(ctx, method, path, body, "", out)
	var te *transportError
	if errors.As(err, &te) {
		switch {
		case te.refused():
			return ErrNotRunning
		case te.answered:
			return te.err
		}
		return fmt.Errorf("talk to the keepcool engine at %s: %w", c.socket, te.err)
	}
	return err
}

// roundTrip sends one request and reads its answer into out. A failure to
// reach the engine or to read its answer is a *transportError.
func (c *Client) roundTrip(ctx context.Context, method, path string, body []byte, key string, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://keepcool"+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		// Also lets net/http replay the request on a stale connection.
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &transportError{err: err, sent: mayHaveSent(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e api.Error
		if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || e.Message == "" {
			return &StatusError{Status: resp.StatusCode, Line: resp.Status}
		}
		if resp.StatusCode == http.StatusUnprocessableEntity && len(e.Warnings) > 0 {
			return &WarningsError{Message: e.Message, Warnings: e.Warnings}
		}
		return &APIError{Status: resp.StatusCode, Message: e.Message}
	}
	if buf, ok := out.(*bytes.Buffer); ok {
		if _, err := io.Copy(buf, resp.Body); err != nil {
			return &transportError{err: err, sent: true, answered: true}
		}
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		// A 200 cut short: the engine did the work and died answering.
		return &transportError{err: fmt.Errorf("read the engine's answer: %w", err), sent: true, answered: true}
	}
	return nil
}
