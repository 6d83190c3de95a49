package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
)

func TestShieldBackendsPerDesktop(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	ctx := context.Background()
	for _, tc := range []struct {
		goos, desktop string
		backend       string // "" when none
		unavailable   string // what the explanation must say
	}{
		{"windows", "", "", "press Win+N"},
		{"darwin", "", "macos", ""},
		{"linux", "", "", "no desktop session here"},
		{"linux", "KDE", "", "KDE Plasma"}, // no session bus here
		{"linux", "XFCE", "", "The desktop is XFCE, not GNOME."},
	} {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
		b, u := desktopBackend(ctx, tc.goos, config.Focus{Desktop: true}, env("XDG_CURRENT_DESKTOP", tc.desktop))
		switch {
		case tc.backend != "" && (b == nil || b.Name() != tc.backend):
			t.Errorf("%s %q: back-end %v, want %s", tc.goos, tc.desktop, b, tc.backend)
		case tc.backend == "" && (b != nil || !strings.Contains(u.Why, tc.unavailable)):
			t.Errorf("%s %q: back-end %v, unavailable %+v; want the explanation to say %q", tc.goos, tc.desktop, b, u, tc.unavailable)
		}
	}
}

func TestSlackTokenThatCannotBeRead(t *testing.T) {
	sec := config.Secrets{Getenv: func(string) string { return "" }}
	on, off := shieldBackends(context.Background(), config.Focus{SlackToken: "env:KEEPCOOL_TEST_NO_SUCH_TOKEN"}, func(string) string { return "" }, sec)
	if len(on) != 0 || len(off) != 1 || off[0].Name != "slack" || !strings.Contains(off[0].Why, "KEEPCOOL_TEST_NO_SUCH_TOKEN") {
		t.Fatalf("on %v, off %+v", on, off)
	}
}
