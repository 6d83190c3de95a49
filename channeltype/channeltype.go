// Package channeltype is the one table of channel types: for each type,
// the config keys it takes (required or optional, secret or not), what
// Settings shows for them, whether it posts to one webhook URL, and how to
// build the channel from its checked config. config validates from it, the
// CLI and Settings list types and fields from it, and the channels are
// built from it; adding a type is one entry in table.go and its package
// (modelled on shoutrrr's servicemap.go).
package channeltype

import (
	"net/http"
	"slices"

	"github.com/keepcool/keepcool/updates"
)

// Key is one config key of a channel type, besides the keys every channel
// takes (name, type, drill, template).
type Key struct {
	Name     string // the TOML key
	Label    string // the Settings field's label
	Example  string // the Settings field's placeholder
	Required bool   // config refuses a channel without it
	// Secret: a credential. It may be keyring:NAME or env:NAME, which are
	// resolved before New; Settings keeps what is typed in the keyring.
	Secret bool
	// URL: an https:// URL (http:// only to loopback), or a reference.
	URL     bool
	List    bool     // a list of strings, e.g. to = ["a@example.com"]
	Choices []string // the only values it takes; Settings shows a select
	// Where: part of where the channel posts, as Settings' list shows it
	// (a secret one only in part).
	Where bool
	// Group, when set, names a set of keys used instead of another set of
	// the same type (slack: "webhook" url, or "app" token and channel);
	// the type's Check says which may go together. Table tests write the
	// first group's keys.
	Group string
	// Check is a further rule for a non-empty value; its error is what
	// config says after the key (`topic = "x y" is not …`).
	Check func(v string) error
}

// Config is a channel's checked config with its secrets resolved: what a
// type's New builds the channel from.
type Config struct {
	Name   string
	Values map[string]string   // by key, for keys that are not lists
	Lists  map[string][]string // by key, for List keys
}

// Get is the value at key ("" when unset).
func (c Config) Get(key string) string { return c.Values[key] }

// Type is one channel type.
type Type struct {
	Name string
	Keys []Key
	// Webhook: the channel posts to one URL that is itself the credential
	// (a chat's incoming webhook), so config warns about a literal one.
	Webhook bool
	// Links: the channel posts to the incident's counterpart in its tool
	// when the incident names one (Message.Links, by this type's name), so
	// the engineer may name it at the declaration or link it later. For
	// any other type a link would reach no one.
	Links bool
	// ReadOnlyTest: the channel's test message only reads from its
	// service (a hosted status page or incident tool, where a post would
	// reach the service's subscribers or responders), so `keepcool
	// channels test` says the service answered, not that a message was
	// delivered.
	ReadOnlyTest bool
	// Check, when set, is a rule over the type's keys together, which
	// config runs once each key passed its own: c holds the values as
	// written, so a Secret or URL one may be a keyring:/env: reference
	// (isRef tells), left to New once resolved. key is the one to blame.
	Check func(c Config, isRef func(string) bool) (key string, err error)
	// New builds the channel; hc is shared by all channels (timeouts,
	// proxies). A problem New's package finds only at Send is reported
	// there, as a permanent error.
	New func(c Config, hc *http.Client) (updates.Channel, error)
}

// Key returns the type's key by name.
func (t Type) Key(name string) (Key, bool) {
	i := slices.IndexFunc(t.Keys, func(k Key) bool { return k.Name == name })
	if i < 0 {
		return Key{}, false
	}
	return t.Keys[i], true
}

// KeyNames are the type's keys in table order.
func (t Type) KeyNames() []string {
	out := make([]string, len(t.Keys))
	for i, k := range t.Keys {
		out[i] = k.Name
	}
	return out
}

// Secrets are the type's Secret keys.
func (t Type) Secrets() []string {
	var out []string
	for _, k := range t.Keys {
		if k.Secret {
			out = append(out, k.Name)
		}
	}
	return out
}

// Types are all channel types, in the order they are listed to people.
func Types() []Type { return slices.Clone(table) }

// Names are the type names, in table order.
func Names() []string {
	out := make([]string, len(table))
	for i, t := range table {
		out[i] = t.Name
	}
	return out
}

// Lookup returns the type named name.
func Lookup(name string) (Type, bool) {
	i := slices.IndexFunc(table, func(t Type) bool { return t.Name == name })
	if i < 0 {
		return Type{}, false
	}
	return table[i], true
}

// CommonKeys are the keys every channel takes.
func CommonKeys() []string { return []string{"name", "type", "drill", "template"} }

// AllKeys are the keys any type takes besides the common ones, each once,
// in table order.
func AllKeys() []string {
	var out []string
	for _, t := range table {
		for _, k := range t.Keys {
			if !slices.Contains(out, k.Name) {
				out = append(out, k.Name)
			}
		}
	}
	return out
}
