package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// comparable drops what Save cannot carry: warnings and line numbers.
func comparable(c Config) Config {
	c.Warnings = nil
	chans := make([]Channel, len(c.Channels))
	for i, ch := range c.Channels {
		ch.Line = 0
		chans[i] = ch
	}
	c.Channels = chans
	return c
}

func TestSaveThenLoadGivesTheSameConfig(t *testing.T) {
	design, err := os.ReadFile("testdata/design.toml")
	if err != nil {
		t.Fatal(err)
	}
	fromDesign, err := Parse("design.toml", design)
	if err != nil {
		t.Fatal(err)
	}
	every := Default()
	every.Incident = Incident{
		Cadence: 10 * time.Minute, Grace: 90 * time.Second, Engineer: `Sam "the fixer" Ødegård \ on call`,
		CadenceBySeverity: map[int]time.Duration{1: 5 * time.Minute, 4: time.Hour + 30*time.Minute},
		TimeZone:          "Europe/Berlin", Clock: "12h",
	}
	every.StatusPage = StatusPage{Listen: "0.0.0.0:8725", Token: "keyring:page-token"}
	every.Focus = Focus{Desktop: false, SlackToken: "env:SLACK_TOKEN"}
	every.Channels = []Channel{
		{Name: "ops", Type: "slack", URL: "keyring:ops-url", Drill: true},
		{Name: "teams", Type: "teams", URL: "http://127.0.0.1:9000/hook", Template: "/tmp/t.tmpl"},
		{Name: "push", Type: "ntfy", URL: "https://ntfy.sh", Topic: "outage_42", Token: "keyring:push-token"},
		{Name: "hook", Type: "webhook", URL: "env:HOOK_URL", Secret: "keyring:hook-secret"},
		{Name: "boss", Type: "email", SMTP: "smtps://mail.example.com:465", TLS: "tls", Username: "kc",
			Password: "keyring:boss-password", From: "Keepcool <kc@example.com>", To: []string{"a@example.com", "b@example.com"}},
		{Name: "relay", Type: "email", SMTP: "127.0.0.1:2525", TLS: "none", From: "kc@example.com", To: []string{"c@example.com"}},
	}
	for name, cfg := range map[string]Config{"default": Default(), "design": fromDesign, "every key": every} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sub", "config.toml")
			if err := Save(path, cfg); err != nil {
				t.Fatal(err)
			}
			got, err := Load(path)
			if err != nil {
				src, _ := os.ReadFile(path)
				t.Fatalf("Load after Save: %v\n%s", err, src)
			}
			if !reflect.DeepEqual(comparable(got), comparable(cfg)) {
				t.Fatalf("round trip changed the config:\n got %+v\nwant %+v", comparable(got), comparable(cfg))
			}
		})
	}
}

// A channel whose type changed in a form still carries the old type's
// fields; writing them would make Parse refuse the file.
func TestEncodeWritesOnlyTheKeysAChannelsTypeTakes(t *testing.T) {
	cfg := Default()
	cfg.Channels = []Channel{{Name: "ops", Type: "slack", URL: "keyring:ops-url",
		SMTP: "smtp://x:25", To: []string{"a@example.com"}, Topic: "t", Secret: "s"}}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Channel{{Name: "ops", Type: "slack", URL: "keyring:ops-url"}}
	if !reflect.DeepEqual(comparable(got).Channels, want) {
		t.Fatalf("channels = %+v, want %+v", got.Channels, want)
	}
}

func TestSaveIsPrivateAndReplacesTheFileWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte("[incident]\ncadence = \"5m\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Default()
	cfg.Incident.Engineer = "Ana"
	if err := Save(path, cfg); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil || got.Incident.Engineer != "Ana" || got.Incident.Cadence != 15*time.Minute {
		t.Fatalf("Load = %+v, %v", got.Incident, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temp files left behind: %v", entries)
	}
	if runtime.GOOS != "windows" {
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Fatalf("mode = %v, want 0600", fi.Mode().Perm())
		}
	}
}

func TestSaveIntoAnUnwritableFolderSaysWhere(t *testing.T) {
	if os.Geteuid() == 0 {
		// root writes anywhere: use a path under a regular file instead.
		file := filepath.Join(t.TempDir(), "file")
		os.WriteFile(file, nil, 0o600)
		if err := Save(filepath.Join(file, "config.toml"), Default()); err == nil {
			t.Fatal("Save under a file succeeded")
		}
		return
	}
	dir := t.TempDir()
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	err := Save(filepath.Join(dir, "config.toml"), Default())
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Fatalf("err = %v, want one naming %s", err, dir)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		15 * time.Minute: "15m", time.Hour: "1h", 90 * time.Minute: "1h30m",
		90 * time.Second: "1m30s", 30 * time.Second: "30s", time.Hour + 30*time.Second: "1h0m30s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestMessageDropsFileAndLine(t *testing.T) {
	_, err := Parse("config.toml", []byte("[[channel]]\nname = \"ops\"\ntype = \"slack\"\nurl = \"http://hooks.example.com/x\"\n\n[incident]\ncadence = \"soon\"\n"))
	if err == nil {
		t.Fatal("Parse accepted a bad config")
	}
	got := Message(err)
	want := "channel \"ops\": url must be https:// (or http:// to loopback), keyring:NAME or env:NAME\n" +
		"incident.cadence = \"soon\" is not a duration; write it like \"15m\", \"90s\" or \"1h30m\""
	if got != want {
		t.Fatalf("Message =\n%s\nwant\n%s", got, want)
	}
	if plain := errors.New(`channel "ops": x`); Message(plain) != plain.Error() {
		t.Fatalf("Message changed a message without a position: %q", Message(plain))
	}
}
