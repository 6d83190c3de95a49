// Package ntfy publishes stakeholder updates to an ntfy server (ntfy.sh or
// self-hosted) with ntfy's JSON publish form: a title, the update as plain
// text, a priority by severity and emoji tags.
package ntfy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/keepcool/keepcool/updates"
)

// topicRE is ntfy's own rule for topic names (docs.ntfy.sh/publish,
// "Picking a topic"); the server answers 400 to anything else.
var topicRE = regexp.MustCompile(`^[-_A-Za-z0-9]{1,64}$`)

const badURL = `url must be an ntfy server such as "https://ntfy.sh" or a topic URL such as "https://ntfy.sh/TOPIC"`

// Channel publishes to one ntfy topic.
type Channel struct {
	*updates.Hook // posts to the server root, where ntfy accepts JSON publishes
	topic         string
	token         string
}

// New returns a channel publishing to topic on the ntfy server at rawURL.
// rawURL is the server's base ("https://ntfy.sh", also with a path prefix
// for a server behind a proxy) or a full topic URL ("https://ntfy.sh/alerts");
// topic, when set, wins over the URL's last path segment. A non-empty token
// is sent as "Authorization: Bearer <token>" (an ntfy access token).
// A configuration problem does not fail New: every Send then returns it as
// a *updates.PermanentError, so `keepcool channels test` can show it.
func New(name, rawURL, topic, token string, hc *http.Client) *Channel {
	c := &Channel{token: strings.TrimSpace(token)}
	c.Hook = updates.NewHook(updates.HookSpec{Type: "ntfy", Name: name, URL: rawURL, HTTP: hc,
		BadURL: badURL, Target: func(u *url.URL) (*url.URL, error) {
			endpoint, top, err := target(u.String(), strings.TrimSpace(topic))
			if err != nil {
				return nil, err
			}
			c.topic = top
			return url.Parse(endpoint)
		}})
	return c
}

// Send publishes m once. It returns a *updates.PermanentError when retrying
// cannot help (bad configuration, a 4xx answer) and a
// *updates.RetryAfterError when ntfy asks to wait; errors never contain the
// topic or the token, which are the topic's only protection.
func (c *Channel) Send(ctx context.Context, m updates.Message) error {
	if err := c.Err(); err != nil {
		return err
	}
	bodies, err := render(m, c.topic)
	if err != nil {
		return updates.Permanent(fmt.Errorf("ntfy channel %q: %w", c.Name(), err))
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	if c.token != "" {
		h.Set("Authorization", "Bearer "+c.token)
	}
	// A note too long for one notification goes in several, in order; a
	// retry after a failure midway sends them all again (at least once).
	for _, body := range bodies {
		if err := c.Post(ctx, body, h); err != nil {
			return err
		}
	}
	return nil
}

// target splits the configured URL into the server root that takes JSON
// publishes and the topic. The query (e.g. ntfy's ?auth=) stays on the root.
// Errors describe the problem without quoting the URL or the topic.
func target(rawURL, topic string) (endpoint, top string, err error) {
	u, ok := updates.ParseWebURL(strings.TrimSpace(rawURL))
	if !ok {
		return "", "", errors.New(badURL)
	}
	path := strings.TrimRight(u.Path, "/")
	last := path[strings.LastIndex(path, "/")+1:]
	switch {
	case topic == "" && last == "":
		return "", "", errors.New(`no topic: set topic = "NAME" or end the url with /NAME`)
	case topic == "":
		topic, path = last, strings.TrimSuffix(path, "/"+last)
	case last == topic: // both given and they agree
		path = strings.TrimSuffix(path, "/"+last)
	}
	if !topicRE.MatchString(topic) {
		return "", "", errors.New("topic must be 1-64 letters, digits, '-' or '_' (ntfy's rule)")
	}
	u.Path, u.RawPath, u.Fragment = path+"/", "", ""
	return u.String(), topic, nil
}
