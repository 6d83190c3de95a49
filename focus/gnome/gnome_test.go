package gnome

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/keepcool/keepcool/focus"
	"github.com/keepcool/keepcool/internal/testbus"
)

// session is a private session bus whose dconf writes under its own
// XDG_CONFIG_HOME, so the developer's real settings are never touched.
type session struct {
	env    []string
	config string // XDG_CONFIG_HOME
	stop   func()
}

// startSession starts dbus-daemon over config (an XDG_CONFIG_HOME) and
// returns the environment gsettings must run in. dconf-service is
// activated by the bus and inherits the bus's environment, so the bus
// itself must run with XDG_CONFIG_HOME and friends set.
func startSession(t *testing.T, config string) *session {
	t.Helper()
	dir := t.TempDir()
	runtime := filepath.Join(dir, "run")
	if err := os.Mkdir(runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "DBUS_SESSION_BUS_ADDRESS", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR",
			"XDG_CACHE_HOME", "GSETTINGS_BACKEND", "DISPLAY", "WAYLAND_DISPLAY":
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"XDG_CONFIG_HOME="+config,
		"XDG_RUNTIME_DIR="+runtime,
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"GSETTINGS_BACKEND=dconf",
	)

	bus := testbus.Start(t, env)
	env = append(env, "DBUS_SESSION_BUS_ADDRESS="+bus.Address)
	return &session{env: env, config: config, stop: bus.Stop}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// gsettings runs the real gsettings in s, in a fresh process.
func (s *session) gsettings(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctxT(t), "gsettings", args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gsettings %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func (s *session) banners(t *testing.T) string {
	t.Helper()
	return s.gsettings(t, "get", schema, key)
}

var incident = focus.Incident{Title: "checkout is down", Severity: 1}

func TestRaiseAndRestoreAcrossRestart(t *testing.T) {
	config := t.TempDir()
	s := startSession(t, config)
	ctx := ctxT(t)

	b := New(s.env)
	if b.Name() != "gnome" {
		t.Fatalf("Name() = %q, want gnome (it keys the journal)", b.Name())
	}
	saved, err := b.Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if string(saved) != `{"show_banners":true}` {
		t.Fatalf("Save = %s, want {\"show_banners\":true}", saved)
	}

	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if got := s.banners(t); got != "false" {
		t.Fatalf("after Raise show-banners = %s, want false", got)
	}
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatalf("second Raise: %v", err)
	}
	if got := s.banners(t); got != "false" {
		t.Fatalf("after second Raise show-banners = %s, want false", got)
	}
	// The write went to the private config, where dconf keeps it.
	if _, err := os.Stat(filepath.Join(config, "dconf", "user")); err != nil {
		t.Fatalf("dconf did not write the private database: %v", err)
	}

	// keepcool is killed and the whole session with it; a new session
	// over the same config still has banners off, and a new Backend
	// restores from the journaled JSON alone.
	s.stop()
	s2 := startSession(t, config)
	if got := s2.banners(t); got != "false" {
		t.Fatalf("after a restart show-banners = %s, want false (dconf did not persist)", got)
	}
	if err := New(s2.env).Restore(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if got := s2.banners(t); got != "true" {
		t.Fatalf("after Restore show-banners = %s, want true", got)
	}
}

func TestRestoreLeavesBannersOffWhenTheUserHadThemOff(t *testing.T) {
	s := startSession(t, t.TempDir())
	ctx := ctxT(t)
	s.gsettings(t, "set", schema, key, "false")

	saved, err := New(s.env).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ShowBanners *bool `json:"show_banners"`
	}
	if err := json.Unmarshal(saved, &got); err != nil || got.ShowBanners == nil || *got.ShowBanners {
		t.Fatalf("Save = %s (%v), want show_banners false", saved, err)
	}
	if err := New(s.env).Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	if err := New(s.env).Restore(ctx, saved); err != nil {
		t.Fatal(err)
	}
	if v := s.banners(t); v != "false" {
		t.Fatalf("after Restore show-banners = %s, want the user's false", v)
	}
}

func TestRestoreWithNothingSaved(t *testing.T) {
	s := startSession(t, t.TempDir())
	ctx := ctxT(t)
	b := New(s.env)
	if err := b.Raise(ctx, incident); err != nil {
		t.Fatal(err)
	}
	for _, saved := range []json.RawMessage{nil, json.RawMessage(""), json.RawMessage("null")} {
		if err := b.Restore(ctx, saved); err != nil {
			t.Fatalf("Restore(%q): %v", saved, err)
		}
		if v := s.banners(t); v != "false" {
			t.Fatalf("Restore(%q) changed show-banners to %s", saved, v)
		}
	}
	if err := b.Restore(ctx, json.RawMessage(`"yes"`)); err == nil || !strings.Contains(err.Error(), "show_banners") {
		t.Fatalf("Restore of garbage: err = %v, want one naming show_banners", err)
	}
}

// gsettings exits 0 when dconf cannot be reached and the value is simply
// lost; Raise must not claim success then.
func TestRaiseFailsWhenTheWriteDoesNotStick(t *testing.T) {
	s := startSession(t, t.TempDir())
	env := append(append([]string(nil), s.env...), "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	err := New(env).Raise(ctxT(t), incident)
	if err == nil || !strings.Contains(err.Error(), "did not stick") {
		t.Fatalf("Raise without a bus: err = %v, want \"did not stick\"", err)
	}
	if v := s.banners(t); v != "true" {
		t.Fatalf("show-banners = %s, want it untouched", v)
	}
}

func TestMissingGsettings(t *testing.T) {
	ctx := ctxT(t)
	for _, command := range []string{"keepcool-no-such-gsettings", filepath.Join(t.TempDir(), "gsettings")} {
		b := New(nil)
		b.Command = command
		if _, err := b.Save(ctx); err == nil || !strings.Contains(err.Error(), "install libglib2.0-bin") {
			t.Errorf("Save with %s: err = %v, want it to say install libglib2.0-bin", command, err)
		}
		if err := b.Raise(ctx, incident); err == nil || !strings.Contains(err.Error(), "install libglib2.0-bin") {
			t.Errorf("Raise with %s: err = %v, want it to say install libglib2.0-bin", command, err)
		}
		ok, why := b.available(ctx, env("GNOME"))
		if ok || !strings.Contains(why, "install libglib2.0-bin") {
			t.Errorf("available with %s = %v, %q; want false and install libglib2.0-bin", command, ok, why)
		}
	}
}

func env(desktop string) func(string) string {
	return func(k string) string {
		if k == "XDG_CURRENT_DESKTOP" {
			return desktop
		}
		return ""
	}
}

func TestAvailable(t *testing.T) {
	s := startSession(t, t.TempDir())
	ctx := ctxT(t)
	b := New(s.env)
	for _, tc := range []struct {
		desktop string
		ok      bool
		why     string
	}{
		{"GNOME", true, ""},
		{"ubuntu:GNOME", true, ""},
		{"Budgie:GNOME", true, ""},
		{"Pantheon", true, ""},
		{"Unity", true, ""},
		{"KDE", false, "KDE, not GNOME"},
		{"X-Cinnamon", false, "not GNOME"},
		{"GNOMEish", false, "not GNOME"},
		{"", false, "XDG_CURRENT_DESKTOP is not set"},
	} {
		ok, why := b.available(ctx, env(tc.desktop))
		if ok != tc.ok || !strings.Contains(why, tc.why) || (!ok && !strings.HasSuffix(why, ".")) {
			t.Errorf("available(%q) = %v, %q; want %v and a sentence containing %q", tc.desktop, ok, why, tc.ok, tc.why)
		}
	}
}

func TestAvailableWithoutTheSchema(t *testing.T) {
	s := startSession(t, t.TempDir())
	// An empty schema directory hides gsettings-desktop-schemas.
	b := New(append(append([]string(nil), s.env...), "GSETTINGS_SCHEMA_DIR="+t.TempDir(), "XDG_DATA_DIRS="+t.TempDir()))
	ok, why := b.available(ctxT(t), env("GNOME"))
	if ok || !strings.Contains(why, "install gsettings-desktop-schemas") {
		t.Fatalf("available without the schema = %v, %q; want false and install gsettings-desktop-schemas", ok, why)
	}
	if _, err := b.Save(ctxT(t)); err == nil || !strings.Contains(err.Error(), "install gsettings-desktop-schemas") {
		t.Fatalf("Save without the schema: err = %v, want install gsettings-desktop-schemas", err)
	}
}
