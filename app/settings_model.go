//go:build cgo

package app

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
)

// keyringService is where keepcool keeps its secrets, as config resolves them.
const keyringService = "keepcool"

// secretFields lists the fields of a channel type that hold a credential,
// as the channel table marks them (an ntfy URL is the server's address,
// not a credential, so it stays in the file; its token is the secret).
func secretFields(typ string) []string {
	t, _ := channeltype.Lookup(typ)
	return t.Secrets()
}

// where says where a channel posts: its table's Where keys, joined with
// "/", a secret one as shownSecret shows it (shown: the secrets known).
func where(c config.Channel, shown map[string]string) string {
	t, _ := channeltype.Lookup(c.Type)
	var parts []string
	for _, k := range t.Keys {
		v := c.Value(k.Name)
		switch {
		case !k.Where || v == "":
		case k.Secret && shown[v] != "":
			parts = append(parts, shown[v])
		case k.Secret:
			parts = append(parts, shownSecret(v, ""))
		default:
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "/")
}

// field returns a pointer to a channel's field by its TOML key.
func field(c *config.Channel, key string) *string {
	if f := c.Field(key); f != nil {
		return f
	}
	panic("app: no secret field " + key)
}

// shownSecret is all of a secret a window may show: where it is kept and,
// for a URL, the scheme and host — never the token in its path.
// value is the resolved secret when known, "" otherwise.
func shownSecret(ref, value string) string {
	scheme, name, isRef := strings.Cut(ref, ":")
	switch {
	case ref == "":
		return ""
	case isRef && scheme == "env":
		return "from environment variable " + name
	case isRef && scheme == "keyring":
		return secretHint(value) + "(saved in keyring)"
	}
	return secretHint(ref) + "(plain text in the config file)"
}

// secretHint is the harmless start of a secret: "https://host/…" for a
// URL, dots for anything else.
func secretHint(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "••••••••"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

// channelDraft is one channel as the Settings window edits it: the config
// as saved, plus secrets typed since, which go to the keyring on save.
type channelDraft struct {
	ch    config.Channel
	typed map[string]string // TOML key → what the user typed
}

// withTyped is the channel as it would be with the typed secrets in
// place, in the clear: what validation must look at, since a keyring:
// reference says nothing about the URL behind it.
func (d channelDraft) withTyped() config.Channel {
	c := d.ch
	for key, v := range d.typed {
		*field(&c, key) = v
	}
	return c
}

// draft is the Settings window's working copy of the config file.
type draft struct {
	cfg   config.Config // Channels unused: see chans
	chans []channelDraft
}

func newDraft(cfg config.Config) *draft {
	d := &draft{cfg: cfg}
	for _, c := range cfg.Channels {
		d.chans = append(d.chans, channelDraft{ch: c})
	}
	return d
}

// clone copies d, typed secrets included, so a save can be tried on the
// copy and dropped if it fails.
func (d *draft) clone() *draft {
	c := &draft{cfg: d.cfg}
	for _, ch := range d.chans {
		ch.ch.To = append([]string(nil), ch.ch.To...)
		typed := map[string]string{}
		for k, v := range ch.typed {
			typed[k] = v
		}
		ch.typed = typed
		c.chans = append(c.chans, ch)
	}
	return c
}

// config is the file as it would be saved, secrets typed included when
// clear is true (for validation only).
func (d *draft) config(clear bool) config.Config {
	cfg := d.cfg
	cfg.Channels = nil
	cfg.Warnings = nil
	for _, c := range d.chans {
		if clear {
			cfg.Channels = append(cfg.Channels, c.withTyped())
		} else {
			cfg.Channels = append(cfg.Channels, c.ch)
		}
	}
	return cfg
}

// validate checks the draft the way the engine will read it, typed
// secrets included, and returns Parse's problems without file positions.
func (d *draft) validate() error {
	var buf bytes.Buffer
	if err := config.Encode(&buf, d.config(true)); err != nil {
		return err
	}
	if _, err := config.Parse("config.toml", buf.Bytes()); err != nil {
		return errors.New(config.Message(err))
	}
	return nil
}

// keyringError is a typed secret the keyring would not take: none is
// unlocked, or there is none (a bare X session, a server).
type keyringError struct {
	channel, key string
	err          error
}

func (k keyringError) Error() string {
	return fmt.Sprintf("could not save %s's %s in the keyring: %v; unlock or start your desktop keyring, or write env:NAME instead",
		k.channel, k.key, k.err)
}

// inTheClear puts every typed secret in its field as it is, for a file
// that keeps it in plain text when there is no keyring to keep it in.
func (d *draft) inTheClear() {
	for i := range d.chans {
		c := &d.chans[i]
		for key, v := range c.typed {
			*field(&c.ch, key) = v
			delete(c.typed, key)
		}
	}
}

// storeSecrets moves every typed secret into the keyring and puts a
// keyring: reference in its place. A typed reference (env:NAME) is kept
// as written. It returns what it stored, by reference, so the window can
// show the start of a URL without asking the keyring again.
func (d *draft) storeSecrets(kr Keyring) (map[string]string, error) {
	stored := map[string]string{}
	for i := range d.chans {
		c := &d.chans[i]
		for key, v := range c.typed {
			if config.IsRef(v) {
				*field(&c.ch, key) = v
				delete(c.typed, key)
				continue
			}
			name := c.ch.Name + "-" + key
			if err := kr.Set(keyringService, name, v); err != nil {
				return stored, keyringError{channel: c.ch.Name, key: key, err: err}
			}
			ref := "keyring:" + name
			*field(&c.ch, key) = ref
			stored[ref] = v
			delete(c.typed, key)
		}
	}
	return stored, nil
}
