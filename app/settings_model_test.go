//go:build cgo

package app

import "testing"

func TestShownSecret(t *testing.T) {
	for _, tc := range []struct{ ref, value, want string }{
		{"keyring:ops-url", "https://hooks.slack.com/services/T0/B0/XYZ", "https://hooks.slack.com/…(saved in keyring)"},
		{"keyring:ops-url", "", "••••••••(saved in keyring)"},
		{"keyring:smtp", "hunter2", "••••••••(saved in keyring)"},
		{"env:HOOK_URL", "", "from environment variable HOOK_URL"},
		{"https://user:pw@hooks.example.com/x?token=1", "", "https://hooks.example.com/…(plain text in the config file)"},
		{"hunter2", "", "••••••••(plain text in the config file)"},
		{"", "", ""},
	} {
		if got := shownSecret(tc.ref, tc.value); got != tc.want {
			t.Errorf("shownSecret(%q, %q) = %q, want %q", tc.ref, tc.value, got, tc.want)
		}
	}
}
