package config

import (
	"strings"

	"github.com/keepcool/keepcool/channeltype"
)

// Field is the channel's string field for a TOML key of its type's table
// entry (url, secret, topic, token, smtp, tls, username, password, from),
// nil for a list key or a key with no field.
func (c *Channel) Field(key string) *string {
	switch key {
	case "url":
		return &c.URL
	case "secret":
		return &c.Secret
	case "signing":
		return &c.Signing
	case "topic":
		return &c.Topic
	case "token":
		return &c.Token
	case "smtp":
		return &c.SMTP
	case "tls":
		return &c.TLS
	case "username":
		return &c.Username
	case "password":
		return &c.Password
	case "from":
		return &c.From
	case "channel":
		return &c.SlackChannel
	case "page_id":
		return &c.PageID
	case "api_key":
		return &c.APIKey
	case "component_status":
		return &c.ComponentStatus
	case "service_id":
		return &c.ServiceID
	case "component_id":
		return &c.ComponentID
	}
	return nil
}

// List is the channel's list field for a TOML key (to), nil otherwise.
func (c *Channel) List(key string) *[]string {
	switch key {
	case "to":
		return &c.To
	case "component_ids":
		return &c.ComponentIDs
	}
	return nil
}

// Value is the value at key as one string; a list is joined with ", ".
func (c Channel) Value(key string) string {
	if f := c.Field(key); f != nil {
		return *f
	}
	if l := c.List(key); l != nil {
		return strings.Join(*l, ", ")
	}
	return ""
}

// TypeConfig is the channel as its type's New and Check take it: each of
// typ's keys, a list key's values in Lists, any other's in Values. A
// secret's or URL's value (a keyring:/env: reference, or the literal) goes
// through resolve first, when resolve is not nil; its error is returned.
func (c Channel) TypeConfig(typ channeltype.Type, resolve func(string) (string, error)) (channeltype.Config, error) {
	cc := channeltype.Config{Name: c.Name, Values: map[string]string{}, Lists: map[string][]string{}}
	for _, k := range typ.Keys {
		if l := c.List(k.Name); k.List && l != nil {
			cc.Lists[k.Name] = *l
			continue
		}
		v := c.Value(k.Name)
		if resolve != nil && (k.Secret || k.URL) {
			var err error
			if v, err = resolve(v); err != nil {
				return channeltype.Config{}, err
			}
		}
		cc.Values[k.Name] = v
	}
	return cc, nil
}

func (c *Channel) set(key, v string) {
	if f := c.Field(key); f != nil {
		*f = v
	}
}
