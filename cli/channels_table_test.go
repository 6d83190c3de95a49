package cli

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
)

// The CLI builds every type in the table, with its secrets resolved from
// the keyring, and a type's unresolvable secret makes that one channel
// broken, saying why.
func TestBuildChannelsFromTheTable(t *testing.T) {
	var cfg config.Config
	for _, typ := range channeltype.Types() {
		c := config.Channel{Name: typ.Name + "-c", Type: typ.Name}
		for _, k := range typ.Keys {
			v := strings.TrimSpace(strings.Split(k.Example, ",")[0])
			switch {
			case k.Choices != nil:
				v = k.Choices[0]
			case k.Secret:
				v = "keyring:" + c.Name + "-" + k.Name
			}
			if l := c.List(k.Name); l != nil {
				*l = []string{v}
			} else {
				*c.Field(k.Name) = v
			}
		}
		cfg.Channels = append(cfg.Channels, c)
	}
	kept := map[string]string{}
	sec := config.Secrets{Keyring: func(_, user string) (string, error) {
		if v, ok := kept[user]; ok {
			return v, nil
		}
		return "", errors.New("not in the keyring")
	}}
	for _, c := range cfg.Channels {
		typ, _ := channeltype.Lookup(c.Type)
		for _, k := range typ.Secrets() {
			kept[c.Name+"-"+k] = "https://hooks.example.com/" + k
		}
	}
	out, warnings := buildChannels(cfg, t.TempDir(), sec, http.DefaultClient)
	if len(warnings) != 0 || len(out) != len(channeltype.Names()) {
		t.Fatalf("built %d channels, warnings %q; want one per type, no warnings", len(out), warnings)
	}
	for i, r := range out {
		if _, isBroken := r.Channel.(broken); isBroken || r.Type != channeltype.Names()[i] || r.Channel.Name() != r.Type+"-c" {
			t.Errorf("channel %d: %T %q of type %q", i, r.Channel, r.Channel.Name(), r.Type)
		}
	}
	clear(kept)
	out, warnings = buildChannels(cfg, t.TempDir(), sec, http.DefaultClient)
	for i, r := range out {
		typ, _ := channeltype.Lookup(r.Type)
		if _, isBroken := r.Channel.(broken); isBroken != (len(typ.Secrets()) > 0) {
			t.Errorf("channel %d (%s) without its secrets: broken %v", i, r.Type, isBroken)
		}
	}
	if len(warnings) == 0 || !strings.Contains(warnings[0], "not in the keyring") {
		t.Errorf("warnings %q; want the keyring's answer", warnings)
	}
}
