package engine

import "testing"

// The address PagerDuty shows for an incident, as copied from the
// browser, gives its id; anything else must be an id itself.
func TestCheckLinksTakesTheIncidentsAddress(t *testing.T) {
	for in, want := range map[string]string{
		"PT4KHLK":   "PT4KHLK",
		" PT4KHLK ": "PT4KHLK",
		"https://acme.pagerduty.com/incidents/PT4KHLK":                  "PT4KHLK",
		"https://acme.pagerduty.com/incidents/PT4KHLK/timeline?foo=bar": "PT4KHLK",
		"https://acme.eu.pagerduty.com/incidents/Q1ABC#notes":           "Q1ABC",
		"http://localhost:8080/incidents/PT4KHLK":                       "PT4KHLK",
		"https://acme.pagerduty.com/services/PWIXJZS":                   "",
		"https://acme.pagerduty.com/incidents/":                         "",
		"https://acme.pagerduty.com/incidents/PT4%2F..%2Fx":             "",
		"acme.pagerduty.com/incidents/PT4KHLK":                          "",
		"PT4/../x":                                                      "",
		"javascript:alert(1)":                                           "",
	} {
		got, err := checkLinks(map[string]string{"pagerduty": in})
		if want == "" {
			if err == nil {
				t.Errorf("%q: %v, want it refused", in, got)
			}
			continue
		}
		if err != nil || got["pagerduty"] != want {
			t.Errorf("%q: %v, %v; want %s", in, got, err, want)
		}
	}
}
