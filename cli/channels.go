package cli

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine"
	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/discord"
	"github.com/keepcool/keepcool/updates/email"
	"github.com/keepcool/keepcool/updates/googlechat"
	"github.com/keepcool/keepcool/updates/mattermost"
	"github.com/keepcool/keepcool/updates/ntfy"
	"github.com/keepcool/keepcool/updates/slack"
	"github.com/keepcool/keepcool/updates/teams"
	"github.com/keepcool/keepcool/updates/webhook"
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

func buildChannel(c config.Channel, sec config.Secrets, hc *http.Client) (updates.Channel, error) {
	if c.Type == "email" {
		password, err := sec.Resolve(c.Password)
		if err != nil {
			return nil, err
		}
		return email.New(email.Config{
			Name: c.Name, SMTP: c.SMTP, TLS: c.TLS, Username: c.Username, Password: password,
			From: c.From, To: c.To, Timeout: 30 * time.Second,
		})
	}
	url, err := sec.Resolve(c.URL)
	if err != nil {
		return nil, err
	}
	switch c.Type {
	case "slack":
		return slack.New(c.Name, url, hc), nil
	case "mattermost":
		return mattermost.New(c.Name, url, hc), nil
	case "teams":
		return teams.New(c.Name, url, hc), nil
	case "googlechat":
		return googlechat.New(c.Name, url, hc), nil
	case "discord":
		return discord.New(c.Name, url, hc), nil
	case "ntfy":
		token, err := sec.Resolve(c.Token)
		if err != nil {
			return nil, err
		}
		return ntfy.New(c.Name, url, c.Topic, token, hc), nil
	case "webhook":
		secret, err := sec.Resolve(c.Secret)
		if err != nil {
			return nil, err
		}
		return webhook.New(c.Name, url, secret, hc), nil
	}
	return nil, fmt.Errorf("type %q is not supported", c.Type)
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
