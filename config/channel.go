package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/keepcool/keepcool/channeltype"
)

// The channel types and their keys come from one table,
// channeltype.Types(); config knows no type by name.
func channelTypes() []string { return channeltype.Names() }

// commonKeys are the keys every channel type takes.
func commonKeys() []string { return channeltype.CommonKeys() }

// channelKeys are all keys any channel type takes.
func channelKeys() []string { return append(commonKeys(), channeltype.AllKeys()...) }

// typeKeys returns the keys a channel type takes besides the common ones.
func typeKeys(typ string) ([]string, bool) {
	t, ok := channeltype.Lookup(typ)
	return t.KeyNames(), ok
}

// channels reads the [[channel]] tables and checks names are unique.
func (r *report) channels(v any) []Channel {
	list, ok := tableList(v)
	if !ok {
		r.errorf("channel", "channel must be written as [[channel]] (double brackets) above each channel's keys (found %s)",
			typeName(v))
		return nil
	}
	if len(list) > maxChannels {
		r.errorf(channelPath(maxChannels), "channel #%d: there are %d channels; keepcool takes at most %d: remove %d",
			maxChannels+1, len(list), maxChannels, len(list)-maxChannels)
		list = list[:maxChannels]
	}
	out := make([]Channel, 0, len(list))
	seen := map[string]int{} // name → line of its first channel
	for i, m := range list {
		c := r.channel(i, m)
		if first, dup := seen[c.Name]; dup && c.Name != "" {
			r.errorf(joinPath(channelPath(i), "name"), "channel %q: name is already used by the channel on line %d; give each channel its own name",
				c.Name, first)
		} else if c.Name != "" {
			seen[c.Name] = c.Line
		}
		out = append(out, c)
	}
	return out
}

// tableList accepts both [[channel]] tables and an inline array of tables.
func tableList(v any) ([]map[string]any, bool) {
	switch v := v.(type) {
	case []map[string]any:
		return v, true
	case []any:
		out := make([]map[string]any, 0, len(v))
		for _, item := range v {
			m, ok := item.(map[string]any)
			if !ok {
				return nil, false
			}
			out = append(out, m)
		}
		return out, true
	}
	return nil, false
}

func channelPath(i int) string { return "channel." + strconv.Itoa(i) }

// channel reads and checks the i-th [[channel]] table.
func (r *report) channel(i int, m map[string]any) Channel {
	t := table{r: r, m: m, path: channelPath(i), prefix: channelLabel(i, m) + ": "}
	c := Channel{Line: r.loc.line(t.path)}
	c.Name, _ = t.str("name")
	checkName(t, c.Name)
	c.Type, _ = t.str("type")
	extra, known := typeKeys(c.Type)
	checkType(t, c.Type, known)
	checkKeys(t, c.Type, extra, known)
	c.Drill, _ = t.boolean("drill")
	c.Template, _ = t.str("template")
	switch typ, _ := channeltype.Lookup(c.Type); {
	case !known:
	case slices.Contains(extra, "smtp"): // an SMTP relay: keys checked together
		readEmail(t, &c)
	default:
		readKeys(t, &c, typ)
	}
	return c
}

// channelLabel names a channel in messages: by its name if it has one.
func channelLabel(i int, m map[string]any) string {
	if name, ok := m["name"].(string); ok && name != "" {
		return fmt.Sprintf("channel %q", name)
	}
	return fmt.Sprintf("channel #%d", i+1)
}

func checkName(t table, name string) {
	switch {
	case name == "":
		if v, present := t.m["name"]; !present || v == "" {
			t.fail("name", `is required; add name = "ops" (lowercase letters, digits, - and _)`)
		}
	case strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") != "":
		t.fail("name", `= %q may use only a-z, 0-9, - and _; e.g. name = "ops-team"`, name)
	}
}

func checkType(t table, typ string, known bool) {
	valid := strings.Join(channelTypes(), "|")
	switch {
	case known:
	case typ == "":
		if v, present := t.m["type"]; !present || v == "" {
			t.fail("type", `is required; add type = %q (one of %s)`, channelTypes()[0], valid)
		}
	default:
		hint := ""
		if s := suggest(typ, channelTypes()); s != "" {
			hint = fmt.Sprintf("did you mean %q? ", s)
		}
		t.fail("type", "= %q is not supported; %suse one of %s", typ, hint, valid)
	}
}

// checkKeys reports unknown keys, and known keys the channel's type does
// not use (such as to on slack), naming what the type does take.
func checkKeys(t table, typ string, extra []string, known bool) {
	takes := append(commonKeys(), extra...)
	for _, key := range sortedKeys(t.m) {
		switch {
		case slices.Contains(takes, key):
		case !slices.Contains(channelKeys(), key):
			t.unknown(key, channelKeys())
		case known:
			t.fail(key, "is not used by %s channels; remove it (%s takes %s)", typ, typ, strings.Join(takes, ", "))
		}
	}
}

// readKeys reads a type's keys as its table entry describes them: string
// keys (URL, secret, required or not, with their Check). An SMTP relay's
// keys, lists and choices among them, are read together by readEmail; a
// new type with a list or choice key extends this.
func readKeys(t table, c *Channel, typ channeltype.Type) {
	failed := len(t.r.errs)
	for _, k := range typ.Keys {
		var v string
		switch {
		case k.List: // a list of plain strings (component_ids)
			if l := c.List(k.Name); l != nil {
				*l, _ = t.list(k.Name)
			}
			continue
		case k.URL && !k.Required && t.m[k.Name] == nil: // left out: the type's default
		case k.URL && !k.Required && t.m[k.Name] == "":
			t.fail(k.Name, "is empty: leave it out for the default (%s)", k.Example)
		case k.URL:
			v = readURL(t, c.Type, typ.Webhook)
		case k.Required && k.Secret: // present, then checked as a secret
			if v, _ = t.need(k.Name, c.Type); v != "" {
				v, _ = t.secret(k.Name)
			}
		case k.Required:
			v, _ = t.need(k.Name, c.Type)
		case k.Secret:
			v, _ = t.secret(k.Name)
		default:
			v, _ = t.str(k.Name)
		}
		c.set(k.Name, v)
		checkValue(t, k, v)
	}
	if len(t.r.errs) == failed { // a key already refused is not reported again by the rule over them all
		checkTogether(t, c, typ)
	}
}

// checkTogether applies the type's rule over its keys together, if any.
func checkTogether(t table, c *Channel, typ channeltype.Type) {
	if typ.Check == nil {
		return
	}
	cc, _ := c.TypeConfig(typ, nil) // references as written: isRef tells them
	if key, err := typ.Check(cc, IsRef); err != nil {
		t.fail(key, "%v", err)
	}
}

// checkValue applies a key's further rule to a value given.
func checkValue(t table, k channeltype.Key, v string) {
	if v == "" || k.Check == nil || (k.Secret || k.URL) && IsRef(v) {
		return
	}
	if err := k.Check(v); err != nil {
		t.fail(k.Name, "%v", err)
	}
}

// readURL reads a channel's required url: a reference, or an https://
// URL (http:// only to loopback). A chat webhook URL is itself a
// credential, so a literal one gets a warning.
func readURL(t table, typ string, webhook bool) string {
	u, ok := t.need("url", typ)
	switch {
	case !ok:
	case IsRef(u):
		t.validRef("url", u)
	case !webURL(u):
		t.fail("url", "must be https:// (or http:// to loopback), keyring:NAME or env:NAME")
	case webhook && !loopbackURL(u):
		t.warnPlain("url", u)
	}
	return u
}
