package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
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

func TestQuitReport(t *testing.T) {
	inc := &api.Incident{Title: "x"}
	before := api.Status{Incident: inc, Shield: []api.ShieldBackend{{Name: "gnome", State: "up"}, {Name: "kde", State: "up"}, {Name: "slack", State: "up"}}}
	for _, tc := range []struct {
		name    string
		after   []api.ShieldBackend
		restore bool
		want    string
		err     string
	}{
		{"keep", before.Shield, false, "The focus shield stays up (gnome, slack) until you start keepcool again and resolve. KDE's do-not-disturb ended with keepcool.", ""},
		{"restore", []api.ShieldBackend{{Name: "gnome", State: "down"}, {Name: "kde", State: "down"}, {Name: "slack", State: "down"}}, true, "the focus shield is down (gnome, kde, slack put back)", ""},
		{"restore fails", []api.ShieldBackend{{Name: "gnome", State: "down"}, {Name: "kde", State: "down"}, {Name: "slack", State: "failed", Error: "token revoked"}}, true,
			"the focus shield is down (gnome, kde put back)", "not all of the focus shield could be put back: slack (token revoked)"},
	} {
		var out strings.Builder
		err := quitReport(&out, before, api.QuitReply{Shield: tc.after}, tc.restore)
		if !strings.Contains(out.String(), tc.want) || (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: said %q, err %v; want %q, err %q", tc.name, out.String(), err, tc.want, tc.err)
		}
	}
	var out strings.Builder
	if err := quitReport(&out, api.Status{Shield: before.Shield}, api.QuitReply{}, false); err != nil || out.String() != "keepcool stopped.\n" {
		t.Errorf("no incident: %q %v", out.String(), err)
	}
}
