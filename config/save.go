package config

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// header opens every file Save writes.
const header = `# keepcool configuration, written by keepcool's Settings window.
# Edit freely: keepcool re-reads it on reload (Settings, SIGHUP or restart).
# Keep secrets out of it: keyring:NAME (the OS keyring) or env:NAME.

`

// fileTOML mirrors the file's layout: the TOML keys Parse reads, in the
// order a person would write them. Config's own field names differ
// (Channels is [[channel]]), so it cannot be encoded directly.
type fileTOML struct {
	Incident   incidentTOML   `toml:"incident"`
	StatusPage statusPageTOML `toml:"statuspage"`
	Channels   []channelTOML  `toml:"channel,omitempty"`
	Focus      focusTOML      `toml:"focus"`
	Runbooks   *runbooksTOML  `toml:"runbooks,omitempty"`
	Drills     *runbooksTOML  `toml:"drills,omitempty"` // the same one key: dir
	Drill      []drillTOML    `toml:"drill,omitempty"`
}

type drillTOML struct {
	Schedule string `toml:"schedule"`
	Scenario string `toml:"scenario"`
}

type runbooksTOML struct {
	Dir string `toml:"dir"`
}

type incidentTOML struct {
	Cadence  string `toml:"cadence"`
	Grace    string `toml:"grace"`
	Engineer string `toml:"engineer,omitempty"`
	Sev1     string `toml:"cadence_sev1,omitempty"`
	Sev2     string `toml:"cadence_sev2,omitempty"`
	Sev3     string `toml:"cadence_sev3,omitempty"`
	Sev4     string `toml:"cadence_sev4,omitempty"`
	TimeZone string `toml:"timezone,omitempty"`
	Clock    string `toml:"clock,omitempty"`
}

type statusPageTOML struct {
	Listen    string   `toml:"listen"`
	Token     string   `toml:"token,omitempty"`
	PublicURL string   `toml:"public_url,omitempty"`
	CORS      []string `toml:"cors,omitempty"`
	Hosts     []string `toml:"hosts,omitempty"`
}

type focusTOML struct {
	Desktop       bool   `toml:"desktop"`
	SlackToken    string `toml:"slack_token,omitempty"`
	MacOSFocusOn  string `toml:"macos_focus_on,omitempty"`
	MacOSFocusOff string `toml:"macos_focus_off,omitempty"`
}

type channelTOML struct {
	Name     string   `toml:"name"`
	Type     string   `toml:"type"`
	URL      string   `toml:"url,omitempty"`
	Secret   string   `toml:"secret,omitempty"`
	Signing  string   `toml:"signing,omitempty"`
	Topic    string   `toml:"topic,omitempty"`
	Token    string   `toml:"token,omitempty"`
	Channel  string   `toml:"channel,omitempty"` // slack app
	SMTP     string   `toml:"smtp,omitempty"`
	TLS      string   `toml:"tls,omitempty"`
	Username string   `toml:"username,omitempty"`
	Password string   `toml:"password,omitempty"`
	From     string   `toml:"from,omitempty"`
	To       []string `toml:"to,omitempty"`
	Drill    bool     `toml:"drill,omitempty"`
	Template string   `toml:"template,omitempty"`

	PageID          string   `toml:"page_id,omitempty"`
	APIKey          string   `toml:"api_key,omitempty"`
	ComponentIDs    []string `toml:"component_ids,omitempty"`
	ComponentStatus string   `toml:"component_status,omitempty"`
	ServiceID       string   `toml:"service_id,omitempty"`
	ComponentID     string   `toml:"component_id,omitempty"`
}

// Encode writes cfg as TOML that Parse reads back as cfg (Warnings and
// channel line numbers aside). A channel gets only the keys its type
// takes, so a form that switched a channel's type leaves no stray key that
// Parse would refuse.
func Encode(w io.Writer, cfg Config) error {
	var buf bytes.Buffer
	buf.WriteString(header)
	enc := toml.NewEncoder(&buf)
	enc.Indent = ""
	if err := enc.Encode(toFile(cfg)); err != nil {
		return fmt.Errorf("encode config: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func toFile(cfg Config) fileTOML {
	in := cfg.Incident
	sev := func(n int) string {
		if d, ok := in.CadenceBySeverity[n]; ok {
			return FormatDuration(d)
		}
		return ""
	}
	f := fileTOML{
		Incident: incidentTOML{
			Cadence: FormatDuration(in.Cadence), Grace: FormatDuration(in.Grace), Engineer: in.Engineer,
			Sev1: sev(1), Sev2: sev(2), Sev3: sev(3), Sev4: sev(4),
			TimeZone: in.TimeZone, Clock: in.Clock,
		},
		StatusPage: statusPageTOML{Listen: cfg.StatusPage.Listen, Token: cfg.StatusPage.Token,
			PublicURL: cfg.StatusPage.PublicURL, CORS: cfg.StatusPage.CORS, Hosts: cfg.StatusPage.Hosts},
		Focus: focusTOML{Desktop: cfg.Focus.Desktop, SlackToken: cfg.Focus.SlackToken,
			MacOSFocusOn: cfg.Focus.MacOSFocusOn, MacOSFocusOff: cfg.Focus.MacOSFocusOff},
	}
	for _, c := range cfg.Channels {
		f.Channels = append(f.Channels, toChannel(c))
	}
	if cfg.Runbooks.Dir != "" {
		f.Runbooks = &runbooksTOML{Dir: cfg.Runbooks.Dir}
	}
	if cfg.Drills.Dir != "" {
		f.Drills = &runbooksTOML{Dir: cfg.Drills.Dir}
	}
	for _, d := range cfg.Drills.Schedules {
		f.Drill = append(f.Drill, drillTOML{Schedule: d.Spec, Scenario: d.Scenario})
	}
	return f
}

// toChannel keeps the keys c's type takes; an unknown type keeps them all
// so that Parse can name the problem.
func toChannel(c Channel) channelTOML {
	out := channelTOML{Name: c.Name, Type: c.Type, Drill: c.Drill, Template: c.Template}
	keys, known := typeKeys(c.Type)
	takes := func(key string) bool { return !known || slices.Contains(keys, key) }
	pick := func(key, v string) string {
		if takes(key) {
			return v
		}
		return ""
	}
	out.URL, out.Secret = pick("url", c.URL), pick("secret", c.Secret)
	out.Signing = pick("signing", c.Signing)
	out.Topic, out.Token = pick("topic", c.Topic), pick("token", c.Token)
	out.Channel = pick("channel", c.SlackChannel)
	out.SMTP, out.TLS = pick("smtp", c.SMTP), pick("tls", c.TLS)
	out.Username, out.Password = pick("username", c.Username), pick("password", c.Password)
	out.From = pick("from", c.From)
	if takes("to") {
		out.To = c.To
	}
	out.PageID, out.APIKey = pick("page_id", c.PageID), pick("api_key", c.APIKey)
	out.ComponentStatus, out.ServiceID = pick("component_status", c.ComponentStatus), pick("service_id", c.ServiceID)
	out.ComponentID = pick("component_id", c.ComponentID)
	if takes("component_ids") {
		out.ComponentIDs = c.ComponentIDs
	}
	return out
}

// FormatDuration writes d the way people write it in the config: "15m",
// "1h30m", "90s" rather than Go's "15m0s".
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Save writes cfg to path atomically: a reader (the engine reloading)
// sees the old file or the new one, never half of one, and a crash
// mid-write leaves the old file in place. The file is private (0600).
func Save(path string, cfg Config) error {
	var buf bytes.Buffer
	if err := Encode(&buf, cfg); err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

func writeAtomic(path string, data []byte) error {
	if err := WritePrivate(path, data); err != nil {
		return fmt.Errorf("save config: %w", err)
	}
	return nil
}

// WritePrivate writes data to path atomically (a reader sees the old file
// or the new one; a crash leaves the old one) as a private file (0600),
// creating its folder (0700) if needed.
func WritePrivate(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("%w; check %s is writable", err, dir)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes the rename durable where directories can be synced; on
// Windows they cannot be opened for it, and the rename is already atomic.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// Message returns a Parse error's problems without their "NAME:LINE: "
// prefixes, one per line: what a window shows, where the line of a file
// the user never saw would only confuse.
func Message(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = stripPosition(l)
	}
	return strings.Join(lines, "\n")
}

// stripPosition removes a leading "NAME:LINE: ".
func stripPosition(line string) string {
	name, rest, ok := strings.Cut(line, ":")
	if !ok || strings.ContainsAny(name, " \t") {
		return line
	}
	num, msg, ok := strings.Cut(rest, ": ")
	if _, err := strconv.Atoi(num); !ok || err != nil {
		return line
	}
	return msg
}
