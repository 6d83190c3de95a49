package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	want := Config{
		Incident:   Incident{Cadence: 15 * time.Minute, Grace: 2 * time.Minute, CadenceBySeverity: map[int]time.Duration{}},
		StatusPage: StatusPage{Listen: "127.0.0.1:8725"},
		Focus:      Focus{Desktop: true},
	}
	missing := filepath.Join(t.TempDir(), "config.toml")
	empty := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		load func() (Config, error)
	}{
		{"Default", func() (Config, error) { return Default(), nil }},
		{"missing file", func() (Config, error) { return Load(missing) }},
		{"empty file", func() (Config, error) { return Load(empty) }},
		{"empty source", func() (Config, error) { return Parse("config.toml", nil) }},
		{"comments only", func() (Config, error) { return Parse("config.toml", []byte("# nothing yet\n\n")) }},
		{"empty tables", func() (Config, error) {
			return Parse("config.toml", []byte("[incident]\n[statuspage]\n[focus]\n"))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.load()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseDesignExample(t *testing.T) {
	got, err := Load(filepath.Join("testdata", "design.toml"))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Incident:   Incident{Cadence: 15 * time.Minute, Grace: 2 * time.Minute, Engineer: "Sam", CadenceBySeverity: map[int]time.Duration{}},
		StatusPage: StatusPage{Listen: "127.0.0.1:8725"},
		Channels: []Channel{
			{Name: "ops", Type: "slack", URL: "keyring:ops-webhook", Line: 9},
			{
				Name: "leadership", Type: "email", SMTP: "smtp://relay.example.com:587", TLS: "starttls",
				Username: "keepcool", Password: "env:SMTP_PASSWORD", From: "keepcool@example.com",
				To: []string{"boss@example.com"}, Line: 15,
			},
		},
		Focus: Focus{Desktop: true, SlackToken: "keyring:slack-user-token"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestLoadErrorsUseBaseName(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte("[incident]\ncadence = 15\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), "config.toml:2: ") {
		t.Errorf("Load error = %v, want it to start with config.toml:2:", err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	_, err := Load(t.TempDir()) // a directory cannot be read as a file
	if err == nil || !strings.Contains(err.Error(), "reading config") {
		t.Errorf("Load(dir) error = %v, want a reading config error", err)
	}
}

func TestCadenceFor(t *testing.T) {
	in := Incident{
		Cadence:           15 * time.Minute,
		CadenceBySeverity: map[int]time.Duration{1: 5 * time.Minute, 3: 30 * time.Minute},
	}
	cases := []struct {
		sev  int
		want time.Duration
	}{
		{1, 5 * time.Minute},
		{2, 15 * time.Minute},
		{3, 30 * time.Minute},
		{4, 15 * time.Minute},
		{0, 15 * time.Minute},
		{9, 15 * time.Minute},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("sev%d", tc.sev), func(t *testing.T) {
			if got := in.CadenceFor(tc.sev); got != tc.want {
				t.Errorf("CadenceFor(%d) = %v, want %v", tc.sev, got, tc.want)
			}
		})
	}
	if got := (Incident{Cadence: time.Minute}).CadenceFor(1); got != time.Minute {
		t.Errorf("nil map: CadenceFor(1) = %v, want 1m", got)
	}
}

// TestParseValid checks values that are accepted, and how they are read.
func TestParseValid(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		check func(t *testing.T, c Config)
	}{
		{"severity cadences", "[incident]\ncadence_sev1 = \"5m\"\ncadence_sev4 = \"1h\"\n", func(t *testing.T, c Config) {
			want := map[int]time.Duration{1: 5 * time.Minute, 4: time.Hour}
			if !reflect.DeepEqual(c.Incident.CadenceBySeverity, want) || c.Incident.CadenceFor(2) != 15*time.Minute {
				t.Errorf("CadenceBySeverity = %v", c.Incident.CadenceBySeverity)
			}
		}},
		{"time zone and clock", "[incident]\ntimezone = \"America/New_York\"\nclock = \"12H\"\n", func(t *testing.T, c Config) {
			if c.Incident.TimeZone != "America/New_York" || c.Incident.Clock != "12h" {
				t.Errorf("TimeZone, Clock = %q, %q", c.Incident.TimeZone, c.Incident.Clock)
			}
			s := c.Incident.TimeStyle(func(string) string { return "de_DE.UTF-8" })
			if s.Zone.String() != "America/New_York" || !s.Hour12 {
				t.Errorf("TimeStyle = %+v; want New York on a 12-hour clock (the config over the locale)", s)
			}
		}},
		{"the clock follows the locale when unset", "[incident]\ncadence = \"15m\"\n", func(t *testing.T, c Config) {
			if s := c.Incident.TimeStyle(func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }); !s.Hour12 || s.Zone != nil {
				t.Errorf("TimeStyle under en_US = %+v; want the machine's zone on a 12-hour clock", s)
			}
			if s := c.Incident.TimeStyle(func(k string) string { return map[string]string{"LANG": "de_DE.UTF-8"}[k] }); s.Hour12 {
				t.Errorf("TimeStyle under de_DE = %+v; want 24 hours", s)
			}
		}},
		{"macOS Shortcuts", "[focus]\nmacos_focus_on = \"DND on\"\nmacos_focus_off = \"DND off\"\n", func(t *testing.T, c Config) {
			if c.Focus.MacOSFocusOn != "DND on" || c.Focus.MacOSFocusOff != "DND off" || !c.Focus.Desktop {
				t.Errorf("got %+v", c.Focus)
			}
		}},
		{"dotted keys", "incident.cadence = \"20m\"\nfocus.desktop = false\n", func(t *testing.T, c Config) {
			if c.Incident.Cadence != 20*time.Minute || c.Focus.Desktop {
				t.Errorf("got %+v %+v", c.Incident, c.Focus)
			}
		}},
		{"status page off", "[statuspage]\nlisten = \"OFF\"\n", func(t *testing.T, c Config) {
			if c.StatusPage.Listen != "off" {
				t.Errorf("Listen = %q", c.StatusPage.Listen)
			}
		}},
		{"status page elsewhere with token", "[statuspage]\nlisten = \"0.0.0.0:8725\"\ntoken = \"env:PAGE_TOKEN\"\n", func(t *testing.T, c Config) {
			if !reflect.DeepEqual(c.StatusPage, StatusPage{Listen: "0.0.0.0:8725", Token: "env:PAGE_TOKEN"}) {
				t.Errorf("StatusPage = %+v", c.StatusPage)
			}
		}},
		{"status page public address, cors, hosts", "[statuspage]\nlisten = \"0.0.0.0:8725\"\ntoken = \"env:T\"\npublic_url = \"https://status.example.com/\"\ncors = [\"https://www.example.com\"]\nhosts = [\"Laptop.local\"]\n", func(t *testing.T, c Config) {
			want := StatusPage{Listen: "0.0.0.0:8725", Token: "env:T", PublicURL: "https://status.example.com/",
				CORS: []string{"https://www.example.com"}, Hosts: []string{"laptop.local"}}
			if !reflect.DeepEqual(c.StatusPage, want) {
				t.Errorf("StatusPage = %+v", c.StatusPage)
			}
		}},
		{"ipv6 loopback", "[statuspage]\nlisten = \"[::1]:0\"\n", func(t *testing.T, c Config) {
			if c.StatusPage.Listen != "[::1]:0" {
				t.Errorf("Listen = %q", c.StatusPage.Listen)
			}
		}},
		{"smtps defaults to tls", "[[channel]]\nname = \"m\"\ntype = \"email\"\nsmtp = \"smtps://mail.example.com:465\"\nfrom = \"a@example.com\"\nto = [\"b@example.com\", \"Boss <c@example.com>\"]\n", func(t *testing.T, c Config) {
			if ch := c.Channels[0]; ch.TLS != "tls" || len(ch.To) != 2 {
				t.Errorf("channel = %+v", ch)
			}
		}},
		{"bare smtp host:port", "[[channel]]\nname = \"m\"\ntype = \"email\"\nsmtp = \"localhost:1025\"\ntls = \"none\"\nfrom = \"a@example.com\"\nto = [\"b@example.com\"]\n", func(t *testing.T, c Config) {
			if ch := c.Channels[0]; ch.TLS != "none" || ch.SMTP != "localhost:1025" {
				t.Errorf("channel = %+v", ch)
			}
		}},
		{"all url types", "[[channel]]\nname=\"n\"\ntype=\"ntfy\"\nurl=\"https://ntfy.sh\"\ntopic=\"ops-incidents\"\ndrill=true\n" +
			"[[channel]]\nname=\"w\"\ntype=\"webhook\"\nurl=\"http://127.0.0.1:9000/hook\"\nsecret=\"keyring:hook\"\ntemplate=\"/etc/keepcool/w.tmpl\"\n", func(t *testing.T, c Config) {
			want := []Channel{
				{Name: "n", Type: "ntfy", URL: "https://ntfy.sh", Topic: "ops-incidents", Drill: true, Line: 1},
				{Name: "w", Type: "webhook", URL: "http://127.0.0.1:9000/hook", Secret: "keyring:hook", Template: "/etc/keepcool/w.tmpl", Line: 7},
			}
			if !reflect.DeepEqual(c.Channels, want) {
				t.Errorf("Channels = %+v", c.Channels)
			}
		}},
		{"inline channel array", "channel = [{name = \"a\", type = \"teams\", url = \"env:TEAMS\"}]\n", func(t *testing.T, c Config) {
			if len(c.Channels) != 1 || c.Channels[0].URL != "env:TEAMS" || c.Channels[0].Line != 1 {
				t.Errorf("Channels = %+v", c.Channels)
			}
		}},
		{"no warnings for refs and loopback", "[[channel]]\nname=\"l\"\ntype=\"slack\"\nurl=\"http://localhost:8080/x\"\n", func(t *testing.T, c Config) {
			if c.Warnings != nil {
				t.Errorf("Warnings = %q", c.Warnings)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parse("config.toml", []byte(tc.src), "linux")
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
}
