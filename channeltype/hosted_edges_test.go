package channeltype_test

import (
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
)

// Config edges of the hosted types and the keys' rules: a page_id that is
// not a Statuspage id (a reference, a path) is refused at its line rather
// than sent as written; an empty optional url says how to get the default;
// a bad value is reported once, not again by the type's rule over its keys
// together.
func TestConfigEdges(t *testing.T) {
	const page = "[[channel]]\nname = \"c\"\ntype = \"statuspageio\"\napi_key = \"env:K\"\n"
	tests := []struct{ name, config, want string }{
		{"page_id reference", page + "page_id = \"env:P\"\n",
			`config.toml:5: channel "c": page_id = "env:P" is not a Statuspage page id: write it as the page's API info shows it, lowercase letters and digits (e.g. kctbh9vrtdwd)`},
		{"page_id path", page + "page_id = \"p/x\"\n", `config.toml:5: channel "c": page_id = "p/x" is not a Statuspage page id`},
		{"page_id upper case", page + "page_id = \"KCTB\"\n", `config.toml:5: channel "c": page_id = "KCTB" is not a Statuspage page id`},
		{"empty url", page + "page_id = \"kctbh9vrtdwd\"\nurl = \"\"\n",
			`config.toml:6: channel "c": url is empty: leave it out for the default (https://api.statuspage.io)`},
		{"empty url pagerduty", "[[channel]]\nname = \"c\"\ntype = \"pagerduty\"\napi_key = \"env:K\"\nfrom = \"a@example.com\"\nurl = \"\"\n",
			`config.toml:6: channel "c": url is empty: leave it out for the default (https://api.pagerduty.com)`},
	}
	for _, tt := range tests {
		_, err := config.Parse("config.toml", []byte(tt.config))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want %q", tt.name, err, tt.want)
		} else if n := strings.Count(err.Error(), "config.toml:"); n != 1 {
			t.Errorf("%s: %d problems reported, want 1: %v", tt.name, n, err)
		}
	}
	_, err := config.Parse("config.toml", []byte(hook+"signing = \"sha1\"\n"))
	if err == nil || strings.Count(err.Error(), "is not a signing mode") != 1 {
		t.Errorf("bad signing: %v; want it reported once", err)
	}
}
