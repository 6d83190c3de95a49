package engine

import (
	"context"
	"net/http"

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
	status := e.channelStatusLocked()
	out := []api.ChannelConfig{}
	for i, r := range e.channels {
		out = append(out, api.ChannelConfig{Name: r.Channel.Name(), Type: r.Type, Drill: r.Drill, Status: status[i]})
	}
	return out
}

// TestChannel reloads the config (so a fixed channel takes effect), then
// sends one clearly labelled test message to the named channel. Success
// revives a dead channel and flushes its queue.
func (e *Engine) TestChannel(ctx context.Context, req api.TestRequest) error {
	if e.opts.Reload != nil {
		if err := e.reloadChannel(req.Name); err != nil {
			return err
		}
	}
	if !e.outbox.Has(req.Name) {
		return notFound("no channel named %q: keepcool channels list shows the configured ones", req.Name)
	}
	now := e.now()
	m := updates.Message{
		ID: "test/" + now.UTC().Format("20060102T150405.000"), Kind: updates.KindTest, At: now,
		Title: "channel " + req.Name, Severity: 4, DeclaredAt: now, StatusPage: e.statusURL,
	}
	if err := e.outbox.Test(ctx, req.Name, m); err != nil {
		return &requestError{http.StatusBadGateway, "test message to " + req.Name + " failed: " + err.Error()}
	}
	e.logf("channel %s: test message delivered", req.Name)
	return nil
}

func (e *Engine) reloadChannel(name string) error {
	_, chans, err := e.opts.Reload()
	if err != nil {
		return badRequest("%v", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
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
		return nil
	}
	return nil // not in the new config: the caller reports "no channel named"
}
