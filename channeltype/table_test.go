package channeltype_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
)

// sample is a config file with one channel of typ, its keys filled from
// the table: the examples, or a keyring reference for a secret.
func sample(typ channeltype.Type) string {
	var b strings.Builder
	b.WriteString("[[channel]]\nname = \"c\"\ntype = " + strconv.Quote(typ.Name) + "\n")
	for _, k := range typ.Keys {
		if !inSample(typ, k) {
			continue
		}
		v := k.Example
		switch {
		case k.Secret:
			v = "keyring:c-" + k.Name
		case k.Choices != nil:
			v = k.Choices[0]
		}
		if k.List {
			b.WriteString(k.Name + " = [" + strconv.Quote(strings.Split(v, ",")[0]) + "]\n")
		} else {
			b.WriteString(k.Name + " = " + strconv.Quote(v) + "\n")
		}
	}
	return b.String()
}

// Config agrees with the table: a channel written from the table's
// examples parses, every key lands in a field of config.Channel, a
// required key left out is refused, and a key of no type is refused.
func TestConfigReadsTheTable(t *testing.T) {
	for _, typ := range channeltype.Types() {
		if typ.New == nil || len(typ.Keys) == 0 {
			t.Errorf("%s: no constructor or no keys", typ.Name)
		}
		cfg, err := config.Parse("config.toml", []byte(sample(typ)))
		if err != nil {
			t.Errorf("%s: the table's own example does not parse: %v\n%s", typ.Name, err, sample(typ))
			continue
		}
		c := cfg.Channels[0]
		for _, k := range typ.Keys {
			if c.Field(k.Name) == nil && c.List(k.Name) == nil {
				t.Errorf("%s: key %q has no field in config.Channel", typ.Name, k.Name)
			} else if c.Value(k.Name) == "" && inSample(typ, k) {
				t.Errorf("%s: key %q was not read", typ.Name, k.Name)
			}
			if !k.Required {
				continue
			}
			without := strings.Replace(sample(typ), "\n"+k.Name+" = ", "\n# ", 1)
			if _, err := config.Parse("config.toml", []byte(without)); err == nil || !strings.Contains(err.Error(), k.Name) {
				t.Errorf("%s without %s: %v; want an error naming it", typ.Name, k.Name, err)
			}
		}
		var saved bytes.Buffer // what Settings writes reads back the same
		if err := config.Encode(&saved, cfg); err != nil {
			t.Fatal(err)
		}
		back, err := config.Parse("config.toml", saved.Bytes())
		if err != nil || !reflect.DeepEqual(withoutLine(back.Channels[0]), withoutLine(c)) {
			t.Errorf("%s: saved and read back %+v, %v; want %+v\n%s", typ.Name, back.Channels, err, c, saved.String())
		}
		_, err = config.Parse("config.toml", []byte(sample(typ)+"nosuchkey = \"x\"\n"))
		if err == nil || !strings.Contains(err.Error(), "nosuchkey") {
			t.Errorf("%s: an unknown key is accepted (%v)", typ.Name, err)
		}
	}
	_, err := config.Parse("config.toml", []byte("[[channel]]\nname = \"c\"\ntype = \"nosuchtype\"\n"))
	if err == nil || !strings.Contains(err.Error(), strings.Join(channeltype.Names(), "|")) {
		t.Errorf("unknown type: %v; want the table's types listed", err)
	}
}

// inSample: a key of the type's first group of alternative keys, or of
// none (channeltype.Key.Group).
func inSample(typ channeltype.Type, k channeltype.Key) bool {
	for _, o := range typ.Keys {
		if o.Group != "" {
			return k.Group == "" || k.Group == o.Group
		}
	}
	return true
}

func withoutLine(c config.Channel) config.Channel {
	c.Line = 0
	return c
}

// Every type's constructor builds a channel with the configured name.
func TestNewBuildsEveryType(t *testing.T) {
	for _, typ := range channeltype.Types() {
		c := channeltype.Config{Name: "c", Values: map[string]string{}, Lists: map[string][]string{}}
		for _, k := range typ.Keys {
			v := strings.TrimSpace(strings.Split(k.Example, ",")[0])
			if k.Choices != nil {
				v = k.Choices[0]
			}
			if k.List {
				c.Lists[k.Name] = []string{v}
			} else {
				c.Values[k.Name] = v
			}
		}
		ch, err := typ.New(c, http.DefaultClient)
		if err != nil || ch.Name() != "c" {
			t.Errorf("%s: New = %v, %v", typ.Name, ch, err)
		}
	}
}

func TestLookup(t *testing.T) {
	names := channeltype.Names()
	if len(names) == 0 || slices.Compact(slices.Sorted(slices.Values(names))) == nil {
		t.Fatal("no types")
	}
	for _, n := range names {
		if typ, ok := channeltype.Lookup(n); !ok || typ.Name != n {
			t.Errorf("Lookup(%q) = %v %v", n, typ.Name, ok)
		}
	}
	if _, ok := channeltype.Lookup("nosuchtype"); ok {
		t.Error("Lookup found nosuchtype")
	}
	if len(slices.Compact(slices.Sorted(slices.Values(names)))) != len(names) {
		t.Errorf("a type is listed twice: %v", names)
	}
}

// No other list of types remains: outside the table (and each type's own
// package), no Go source names a type in a string literal, so no switch
// or list of types can have been left behind. Tests are exempt: they
// name the types they exercise.
func TestNoOtherListOfTypes(t *testing.T) {
	names := channeltype.Names()
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDir(path, d.Name(), names) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return nil // someone's work in progress; go vet reports it
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && slices.Contains(names, s) && !allowed(path, s) {
				t.Errorf("%s: %q names a channel type outside the table (channeltype/table.go)", fset.Position(lit.Pos()), s)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// skipDir leaves out the table, each type's own package, and what is not
// source.
func skipDir(path, name string, types []string) bool {
	switch {
	case path == "..":
		return false
	case path == "../channeltype", strings.HasPrefix(name, "."), name == "node_modules", name == "testdata":
		return true
	case filepath.Base(filepath.Dir(path)) == "updates" && slices.Contains(types, name):
		return true
	}
	return false
}

// allowed are literals that happen to spell a type's name but mean
// something else.
func allowed(path, s string) bool {
	return notChannels[strings.TrimPrefix(filepath.ToSlash(path), "../")] == s
}

var notChannels = map[string]string{
	// The focus shield's Slack part (the user's own Slack status).
	"focus/slack/slack.go":   "slack",
	"app/quit.go":            "slack",
	"app/settings_shield.go": "slack",
	"bench/fanout/main.go":   "webhook", // the benchmark registers webhook channels it built itself
}

// The hosted status pages and incident tools, whose test would otherwise
// post to subscribers or responders, are the types whose test only reads;
// a chat's or a webhook's test is a message delivered.
func TestReadOnlyTestTypes(t *testing.T) {
	var got []string
	for _, typ := range channeltype.Types() {
		if typ.ReadOnlyTest {
			got = append(got, typ.Name)
		}
	}
	if want := []string{"statuspageio", "pagerduty", "cachet"}; !slices.Equal(got, want) {
		t.Errorf("types whose test only reads: %v, want %v", got, want)
	}
}
