package config

import "strings"

// Field is the channel's string field for a TOML key of its type's table
// entry (url, secret, topic, token, smtp, tls, username, password, from),
// nil for a list key or a key with no field.
func (c *Channel) Field(key string) *string {
	return map[string]*string{
		"url": &c.URL, "secret": &c.Secret, "signing": &c.Signing, "topic": &c.Topic, "token": &c.Token, "smtp": &c.SMTP,
		"tls": &c.TLS, "username": &c.Username, "password": &c.Password, "from": &c.From,
		"channel": &c.SlackChannel,
		"page_id": &c.PageID, "api_key": &c.APIKey, "component_status": &c.ComponentStatus,
		"service_id": &c.ServiceID, "component_id": &c.ComponentID,
	}[key]
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

func (c *Channel) set(key, v string) {
	if f := c.Field(key); f != nil {
		*f = v
	}
}
