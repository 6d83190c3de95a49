package config

import (
	"errors"
	"reflect"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
)

// Every key of every type has its field (or list), and a field is that
// key's own: setting one key sets no other.
func TestChannelFieldForEveryKey(t *testing.T) {
	for _, typ := range channeltype.Types() {
		for _, k := range typ.Keys {
			var c Channel
			if k.List {
				if c.List(k.Name) == nil || c.Field(k.Name) != nil {
					t.Errorf("%s.%s: a list key with no list, or with a string field", typ.Name, k.Name)
				}
				continue
			}
			f := c.Field(k.Name)
			if f == nil {
				t.Errorf("%s.%s: no field", typ.Name, k.Name)
				continue
			}
			*f = "v"
			if (Channel{}).Value(k.Name) != "" || c.Value(k.Name) != "v" || reflect.DeepEqual(c, Channel{}) {
				t.Errorf("%s.%s: set, reads %q", typ.Name, k.Name, c.Value(k.Name))
			}
			for _, other := range typ.Keys {
				if other.Name != k.Name && c.Value(other.Name) != "" {
					t.Errorf("%s.%s: setting it set %s too", typ.Name, k.Name, other.Name)
				}
			}
		}
	}
	var c Channel
	if c.Field("name") != nil || c.Field("to") != nil || c.List("url") != nil {
		t.Error("a field for a key that has none")
	}
}

// TypeConfig puts a list key in Lists, resolves only secrets and URLs,
// and returns the resolver's error.
func TestChannelTypeConfig(t *testing.T) {
	typ, _ := channeltype.Lookup("email")
	c := Channel{Name: "boss", Type: "email", SMTP: "smtp://relay.example.com:587", From: "keepcool@example.com",
		Password: "env:SMTP_PASSWORD", To: []string{"a@example.com", "b@example.com"}}
	resolve := func(v string) (string, error) { return "resolved " + v, nil }
	cc, err := c.TypeConfig(typ, resolve)
	want := channeltype.Config{Name: "boss",
		Values: map[string]string{"smtp": c.SMTP, "tls": "", "username": "", "password": "resolved env:SMTP_PASSWORD", "from": c.From},
		Lists:  map[string][]string{"to": c.To}}
	if err != nil || !reflect.DeepEqual(cc, want) {
		t.Errorf("TypeConfig = %+v, %v; want %+v", cc, err, want)
	}
	want.Values["password"] = "env:SMTP_PASSWORD"
	if cc, err = c.TypeConfig(typ, nil); err != nil || !reflect.DeepEqual(cc, want) {
		t.Errorf("TypeConfig with no resolver = %+v, %v; want %+v", cc, err, want)
	}
	bad := errors.New("no such variable")
	if _, err = c.TypeConfig(typ, func(string) (string, error) { return "", bad }); !errors.Is(err, bad) {
		t.Errorf("TypeConfig with a failing resolver: %v; want %v", err, bad)
	}
}
