//go:build cgo

package app

import "testing"

func TestHasDisplay(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want bool
	}{
		{"linux", map[string]string{}, false},
		{"linux", map[string]string{"DISPLAY": ":0"}, true},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"freebsd", map[string]string{}, false},
		{"darwin", map[string]string{}, true},
		{"windows", map[string]string{}, true},
	} {
		if got := hasDisplay(tc.goos, env(tc.env)); got != tc.want {
			t.Errorf("hasDisplay(%s, %v) = %v, want %v", tc.goos, tc.env, got, tc.want)
		}
	}
}
