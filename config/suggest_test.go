package config

import "testing"

func TestSuggest(t *testing.T) {
	cases := []struct {
		key  string
		want string
	}{
		{"cadance", "cadence"},
		{"Cadence", "cadence"},
		{"cadense_sev1", "cadence_sev1"},
		{"grase", "grace"},
		{"tpye", "type"},
		{"statuspag", "statuspage"},
		{"slacktoken", "slack_token"},
		{"x", ""},
		{"wallpaper", ""},
		{"", ""},
	}
	valid := append(append(append(incidentKeys(), topKeys()...), channelKeys()...), focusKeys()...)
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			if got := suggest(tc.key, valid); got != tc.want {
				t.Errorf("suggest(%q) = %q, want %q", tc.key, got, tc.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"abc", "abc", 0},
		{"tpye", "type", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3},
	}
	for _, tc := range cases {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			if got := editDistance(tc.a, tc.b); got != tc.want {
				t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
