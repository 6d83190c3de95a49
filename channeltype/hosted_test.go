package channeltype_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
)

// The hosted types' keys as a user writes them: the API URL may be left
// out (the service's own), a list is read as a list, a required key holding
// a secret is checked as one (a plain one is warned about, an empty
// reference refused), and each key's own rule names the key.
func TestHostedTypesConfig(t *testing.T) {
	cfg, err := config.Parse("config.toml", []byte(`[[channel]]
name = "page"
type = "statuspageio"
page_id = "kctbh9vrtdwd"
api_key = "env:STATUSPAGE_KEY"
component_ids = ["8kbf7d35c070", "vtnh60py4yd7"]

[[channel]]
name = "pd"
type = "pagerduty"
api_key = "plain-key"
from = "oncall@example.com"

[[channel]]
name = "status"
type = "cachet"
url = "https://status.example.com"
token = "keyring:cachet"
component_id = "3"
`))
	if err != nil {
		t.Fatal(err)
	}
	page := cfg.Channels[0]
	if page.URL != "" || !slices.Equal(page.ComponentIDs, []string{"8kbf7d35c070", "vtnh60py4yd7"}) || page.APIKey != "env:STATUSPAGE_KEY" {
		t.Errorf("statuspageio channel read as %+v", page)
	}
	if w := strings.Join(cfg.Warnings, "\n"); !strings.Contains(w, `"pd": api_key is stored in plain text`) {
		t.Errorf("warnings %q: want the plain api_key named", w)
	}
	for bad, want := range map[string]string{
		`page_id = "p"` + "\n" + `api_key = "env:"`: `api_key = "env:" names no secret`,
		`page_id = "p"`: `api_key is required for statuspageio; add api_key = "keyring:NAME"`,
		`page_id = "p"` + "\n" + `api_key = "env:K"` + "\n" + `component_status = "down"`: `component_status = "down" is not one of`,
	} {
		_, err := config.Parse("config.toml", []byte("[[channel]]\nname = \"c\"\ntype = \"statuspageio\"\n"+bad+"\n"))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", bad, err, want)
		}
	}
	_, err = config.Parse("config.toml", []byte("[[channel]]\nname = \"c\"\ntype = \"pagerduty\"\napi_key = \"env:K\"\nfrom = \"oncall\"\n"))
	if err == nil || !strings.Contains(err.Error(), `from = "oncall" is not an email address`) {
		t.Errorf("pagerduty from: %v", err)
	}
	_, err = config.Parse("config.toml", []byte("[[channel]]\nname = \"c\"\ntype = \"cachet\"\nurl = \"https://s.example.com\"\ntoken = \"env:K\"\ncomponent_id = \"db\"\n"))
	if err == nil || !strings.Contains(err.Error(), `component_id = "db" is not a component number`) {
		t.Errorf("cachet component_id: %v", err)
	}
}
