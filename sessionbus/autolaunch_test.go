package sessionbus

import (
	"slices"
	"testing"
)

func TestAddress(t *testing.T) {
	for _, c := range []struct {
		name  string
		env   map[string]string
		files []string
		want  string
		set   bool
	}{
		{"a bus is named", map[string]string{envName: "unix:path=/run/user/1/bus"}, nil, "", false},
		{"a bus is named, even a dead one", map[string]string{envName: "unix:path=/gone"}, nil, "", false},
		{"the runtime dir's bus", map[string]string{"XDG_RUNTIME_DIR": "/run/user/7"}, []string{"/run/user/7/bus"}, "unix:path=/run/user/7/bus", true},
		{"the uid's runtime dir", nil, []string{"/run/user/1000/bus"}, "unix:path=/run/user/1000/bus", true},
		{"autolaunch: asks to launch one", map[string]string{envName: "autolaunch:"}, nil, NoBus, true},
		{"a dbus-session file godbus reads", map[string]string{"XDG_RUNTIME_DIR": "/r"}, []string{"/r/dbus-session"}, "", false},
		{"nothing: no bus", map[string]string{"XDG_RUNTIME_DIR": "/r"}, nil, NoBus, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, set := address(func(k string) string { return c.env[k] }, 1000,
				func(p string) bool { return slices.Contains(c.files, p) })
			if got != c.want || set != c.set {
				t.Fatalf("address() = %q, %v; want %q, %v", got, set, c.want, c.set)
			}
		})
	}
}
