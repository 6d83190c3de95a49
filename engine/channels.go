package engine

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/engine/api"
	"github.com/keepcool/keepcool/updates"
)

// startOutbox creates the outbox and registers the status page and the
// configured channels.
func (e *Engine) startOutbox(ctx context.Context) {
	opts := e.opts.Retry
	opts.Recorder, opts.Now, opts.Logf, opts.OnChange, opts.Prepare = e, e.now, e.logf, e.changed, e.prepare
	e.outbox = updates.NewOutbox(ctx, opts)
	if sp := e.opts.StatusPage; sp != nil && e.opts.Config.StatusPage.Listen != "off" {
		e.channels = append(e.channels, Registered{Type: statusPageType, Channel: sp})
	}
	e.channels = append(e.channels, e.opts.Channels...)
	for _, r := range e.channels {
		e.outbox.Register(r.Type, r.Channel)
	}
}

// channelStatusLocked is the delivery state `status` shows: deliveries
// counted for the active incident, else the latest. Callers hold e.mu.
func (e *Engine) channelStatusLocked() []api.Channel {
	id := e.lastID
	if e.journal != nil {
		id = e.state.ID
	}
	return e.channelsOf(id)
}

// Channels lists the channels with their configuration and delivery state.
func (e *Engine) Channels() []api.ChannelConfig {
	e.mu.Lock()
	defer e.mu.Unlock()
	// Paired by name: the outbox keeps a channel a reload removed (it may
	// still owe messages), so its list and e.channels differ.
	status := map[string]api.Channel{}
	for _, c := range e.channelStatusLocked() {
		status[c.Name] = c
	}
	out := []api.ChannelConfig{}
	for _, r := range e.channels {
		name := r.Channel.Name()
		st, ok := status[name]
		if !ok {
			st = api.Channel{Name: name, Type: r.Type, State: api.ChannelOK}
		}
		out = append(out, api.ChannelConfig{Name: name, Type: r.Type, Drill: r.Drill, Status: st})
	}
	return out
}

// flushWait bounds how long `channels test` waits for the backlog a test
// message released.
const flushWait = 10 * time.Second

// TestChannelReply reloads the config (so a fixed channel takes effect),
// then sends one clearly labelled test message to the named channel.
// Success revives a dead channel and flushes its queue; it then waits
// (until ctx ends, at most flushWait) for that backlog's outcome. The reply
// says what became of it; when the backlog did not all go (a message
// refused, the channel failing again) the error says so too (502), with
// the reply's Text: "Test message delivered to hook; then 1 queued message
// was rejected (note: HTTP 400 Bad Request: …)".
func (e *Engine) TestChannelReply(ctx context.Context, req api.TestRequest) (api.TestReply, error) {
	if e.opts.Reload != nil {
		if err := e.reloadChannel(req.Name); err != nil {
			return api.TestReply{}, err
		}
	}
	if !e.outbox.Has(req.Name) {
		return api.TestReply{}, notFound("no channel named %q: keepcool channels list shows the configured ones", req.Name)
	}
	now := e.now()
	e.mu.Lock()
	page := e.statusURL
	ctype, _ := channeltype.Lookup(e.channelTypeLocked(req.Name))
	e.mu.Unlock()
	m := updates.Message{
		ID: "test/" + now.UTC().Format("20060102T150405.000"), Kind: updates.KindTest, At: now,
		Title: "channel " + req.Name, Severity: 4, DeclaredAt: now, StatusPage: page,
	}
	f, err := e.outbox.Test(ctx, req.Name, m)
	if err != nil {
		msg := "test message to " + req.Name + " failed: " + err.Error()
		var remedied *updates.RemedyError
		if !errors.As(err, &remedied) { // a hosted channel's own remedy says it already
			msg += "; check the channel's settings (Settings, or config.toml), then run keepcool channels test " + req.Name + " again"
		}
		return api.TestReply{}, &requestError{http.StatusBadGateway, msg}
	}
	wctx, cancel := context.WithTimeout(ctx, flushWait)
	defer cancel()
	r := f.Wait(wctx)
	reply := api.TestReply{Delivered: r.Delivered, Pending: r.Pending, Error: r.Error, ReadOnly: ctype.ReadOnlyTest}
	for _, rj := range r.Rejected {
		reply.Rejected = append(reply.Rejected, api.Rejection{MessageID: rj.MessageID, Kind: string(rj.Kind), At: rj.At, Answer: updates.Answer(rj.Error)})
	}
	reply.Text = reply.Sentence(req.Name)
	e.logf("channel %s: %s", req.Name, reply.Text)
	if !reply.Clean() {
		return reply, &requestError{http.StatusBadGateway, reply.Text}
	}
	return reply, nil
}

func (e *Engine) reloadChannel(name string) error {
	_, chans, err := e.opts.Reload()
	if err != nil {
		return badRequest("%v", err)
	}
	var ended []string // resolved incidents whose post-mortems list drops now
	e.mu.Lock()
	defer func() {
		e.mu.Unlock()
		for _, id := range ended {
			e.rewritePostMortem(id)
		}
	}()
	for _, r := range chans {
		if r.Channel.Name() != name {
			continue
		}
		for i := range e.channels {
			if e.channels[i].Channel.Name() == name {
				e.channels[i] = r
			}
		}
		if !e.outbox.Has(name) {
			e.channels = append(e.channels, r)
		}
		e.outbox.Register(r.Type, r.Channel)
		// The test may have taken drill = true off it: what it owes of a
		// drill is not sent (as a reload does), rather than refused one
		// by one after the test, which would fail it.
		ended = e.dropDrillsLocked()
		return nil
	}
	return nil // not in the new config: the caller reports "no channel named"
}

// channelTypeLocked is the type of the configured channel named name (""
// if none is). Callers hold e.mu.
func (e *Engine) channelTypeLocked(name string) string {
	for _, r := range e.channels {
		if r.Channel.Name() == name {
			return r.Type
		}
	}
	return ""
}
