package cli

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/updates"
)

// buildChannels turns the configured channels into senders. A channel whose
// secret cannot be resolved still appears: every send fails permanently
// with the reason, so `status` shows it dead and says what to do, and the
// other channels carry on.
// A relative template path is relative to dir, the config file's folder.
func buildChannels(cfg config.Config, dir string, sec config.Secrets, hc *http.Client) (out []engine.Registered, warnings []string) {
	for _, c := range cfg.Channels {
		ch, err := buildChannel(c, sec, hc)
		if err == nil && c.Template != "" {
			ch, err = withTemplate(ch, c.Template, dir)
		}
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("channel %q: %v", c.Name, err))
			ch = broken{name: c.Name, err: err}
		}
		out = append(out, engine.Registered{Type: c.Type, Drill: c.Drill, Channel: ch})
	}
	return out, warnings
}

func withTemplate(ch updates.Channel, path, dir string) (updates.Channel, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	t, err := updates.LoadTemplate(path)
	if err != nil {
		return nil, err
	}
	return updates.Templated{Channel: ch, T: t}, nil
}

// buildChannel builds c as its type's table entry says, with its secrets
// (and any keyring:/env: url) resolved.
func buildChannel(c config.Channel, sec config.Secrets, hc *http.Client) (updates.Channel, error) {
	typ, ok := channeltype.Lookup(c.Type)
	if !ok {
		return nil, fmt.Errorf("type %q is not supported", c.Type)
	}
	cc, err := c.TypeConfig(typ, sec.Resolve)
	if err != nil {
		return nil, err
	}
	return typ.New(cc, hc)
}

// broken stands in for a channel that could not be set up.
type broken struct {
	name string
	err  error
}

func (b broken) Name() string { return b.name }

// Misconfiguration makes `status` and `channels list` show the channel
// "misconfigured", with why and what to do, before any try.
func (b broken) Misconfiguration() error { return b.err }
func (b broken) Send(context.Context, updates.Message) error {
	return updates.Permanent(b.err)
}
