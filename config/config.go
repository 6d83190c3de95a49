// Package config reads keepcool's TOML configuration: defaults, validation
// with file:line messages that say what to do, and secret references
// (keyring:NAME, env:NAME) resolved from the OS keyring or the environment.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/keepcool/keepcool/timefmt"
)

// Default values, also quoted in messages.
const (
	defaultCadence = 15 * time.Minute
	defaultGrace   = 2 * time.Minute
	defaultListen  = "127.0.0.1:8725"
	listenOff      = "off"
)

// Config is the whole configuration file.
type Config struct {
	Incident   Incident
	StatusPage StatusPage
	Channels   []Channel
	Focus      Focus
	Runbooks   Runbooks // [runbooks]: the folder of the engineer's runbooks
	Drills     Drills   // [drills] dir and the [[drill]] schedules
	Warnings   []string // non-fatal problems, each "config.toml:LINE: what, what to do"
}

// Incident holds the [incident] table: how often to ask for progress.
type Incident struct {
	Cadence           time.Duration         // incident.cadence, default 15m
	Grace             time.Duration         // incident.grace, default 2m
	CadenceBySeverity map[int]time.Duration // incident.cadence_sev1 .. cadence_sev4
	Engineer          string                // incident.engineer; "" means the caller falls back to $USER
	TimeZone          string                // incident.timezone: an IANA zone ("Europe/Berlin"); "" is the machine's
	Clock             string                // incident.clock: "12h" or "24h"; "" follows the locale
}

// TimeStyle is how people read the times keepcool writes: in TimeZone, on
// Clock, or where unset the machine's zone and the locale's clock (LC_ALL,
// LC_TIME, LANG looked up with getenv).
func (i Incident) TimeStyle(getenv func(string) string) timefmt.Style {
	clock := i.Clock
	if clock == "" {
		clock = timefmt.LocaleClock(getenv)
	}
	s, err := timefmt.New(i.TimeZone, clock)
	if err != nil { // Parse checked both; a hand-built Config may not have
		s, _ = timefmt.New("", clock)
	}
	return s
}

// CadenceFor returns the cadence for a severity: its override if set, else Cadence.
func (i Incident) CadenceFor(sev int) time.Duration {
	if d, ok := i.CadenceBySeverity[sev]; ok {
		return d
	}
	return i.Cadence
}

// StatusPage holds the [statuspage] table.
type StatusPage struct {
	Listen string // host:port, default "127.0.0.1:8725"; "off" disables the page
	Token  string // secret ref; required when Listen is not a loopback address
	// PublicURL is the page's address as stakeholders open it (a proxy,
	// the host's name); "" builds one from the host's name. The token is
	// added to it in links, never stored in it.
	PublicURL string
	// CORS are the origins ("https://site") whose scripts may read the
	// page's JSON (a banner on a product site); none by default.
	CORS []string
	// Hosts are extra Host names the page answers to besides loopback
	// names and addresses (and, off loopback, the listen address's).
	Hosts []string
}

// Channel is one [[channel]] table: a place stakeholder updates go.
type Channel struct {
	Name, Type string // type: a name in channeltype's table (slack, email, …)
	URL        string // secret ref or literal
	Drill      bool   // also receives [DRILL] messages
	Secret     string // webhook HMAC secret ref (type webhook only)
	Signing    string // webhook: keepcool (default) | standard | both
	Template   string // optional path to a Go template file overriding the built-in one

	// email
	SMTP     string // smtp://host:port, smtps://host:port or host:port, as written
	TLS      string // starttls (default) | tls (default for smtps://) | none
	Username string
	Password string // secret ref or literal
	From     string
	To       []string

	// ntfy
	Topic string // optional
	Token string // optional: ntfy's access token, a Slack app's bot token (secret ref)

	// slack as an app (with Token): #name or the channel's id
	SlackChannel string

	// hosted status pages and incident tools (statuspage, pagerduty, cachet)
	PageID          string   // statuspage: the page's id
	APIKey          string   // statuspage, pagerduty: secret ref or literal
	ComponentIDs    []string // statuspage: components the incident affects
	ComponentStatus string   // statuspage: their state while it runs
	ServiceID       string   // pagerduty: whose open incident to post to
	ComponentID     string   // cachet: a component the incident affects

	Line int // line of this channel's [[channel]] header, for later error messages
}

// Focus holds the [focus] table: the focus shield's back-ends.
type Focus struct {
	Desktop    bool   // desktop do-not-disturb, default true
	SlackToken string // secret ref for setting the Slack status
	// The Shortcuts that turn Do Not Disturb on and off on macOS; "" takes
	// the default names ("keepcool Focus on", "keepcool Focus off").
	MacOSFocusOn, MacOSFocusOff string
}

// Default returns the configuration used when there is no config file.
func Default() Config {
	return Config{
		Incident: Incident{
			Cadence:           defaultCadence,
			Grace:             defaultGrace,
			CadenceBySeverity: map[int]time.Duration{},
		},
		StatusPage: StatusPage{Listen: defaultListen},
		Focus:      Focus{Desktop: true},
	}
}

// Load reads and parses the config file at path. A missing file is not an
// error: keepcool works without one, so Load returns Default().
func Load(path string) (Config, error) {
	src, err := readLimited(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("reading config: %w; fix the file's permissions or point KEEPCOOL_HOME elsewhere", err)
	}
	cfg, err := Parse(filepath.Base(path), src)
	if err == nil {
		cfg.checkScenarios(path)
	}
	return cfg, err
}

// Parse parses and validates a config file's contents. name is the file
// name used in messages. All problems are reported at once, one
// "NAME:LINE: what, what to do" per line, sorted by line (errors.Join);
// the Config is then the zero value. Non-fatal problems go to Warnings.
func Parse(name string, src []byte) (Config, error) {
	return parse(name, src, runtime.GOOS)
}

// parse is Parse with the OS whose keyring tool the hints should name.
func parse(name string, src []byte, goos string) (Config, error) {
	if len(src) > maxFileSize {
		return Config{}, tooBig(name)
	}
	if line := tooDeep(src); line > 0 {
		return Config{}, nestedTooDeep(name, line)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil {
		return Config{}, syntaxError(name, src, err)
	}
	r := &report{file: name, goos: goos, loc: newLocator(string(src))}
	cfg := r.read(raw)
	if err := r.err(); err != nil {
		return Config{}, err
	}
	cfg.Warnings = r.warnings()
	return cfg, nil
}

// syntaxError turns a TOML parse error into a file:line message. The line
// is counted from the error's offset in src: the parser's own line number
// is one too far when the error is the newline that ends the line (an
// unclosed [table, a key with no value).
func syntaxError(name string, src []byte, err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return problem{file: name, line: 1, msg: fmt.Sprintf("%v; fix the TOML syntax", err)}
	}
	line := max(pe.Position.Line, 1)
	body := bytes.TrimPrefix(src, []byte("\ufeff")) // the parser skips a BOM
	if start := pe.Position.Start; start >= 0 && start <= len(body) {
		line = 1 + bytes.Count(body[:start], []byte("\n"))
	}
	return problem{file: name, line: line, msg: fmt.Sprintf("TOML syntax: %s; fix this line (see https://toml.io)", pe.Message)}
}

// read fills a Config from the decoded TOML, starting from the defaults.
func (r *report) read(raw map[string]any) Config {
	cfg := Default()
	top := table{r: r, m: raw}
	for _, key := range sortedKeys(raw) {
		switch key {
		case "incident":
			if t, ok := r.section(key, raw[key]); ok {
				cfg.Incident = readIncident(t, cfg.Incident)
			}
		case "statuspage":
			if t, ok := r.section(key, raw[key]); ok {
				cfg.StatusPage = readStatusPage(t, cfg.StatusPage)
			}
		case "focus":
			if t, ok := r.section(key, raw[key]); ok {
				cfg.Focus = readFocus(t, cfg.Focus)
			}
		case "runbooks":
			if t, ok := r.section(key, raw[key]); ok {
				cfg.Runbooks = readRunbooks(t, cfg.Runbooks)
			}
		case "channel":
			cfg.Channels = r.channels(raw[key])
		case "drills":
			if t, ok := r.section(key, raw[key]); ok {
				cfg.Drills = readDrills(t, cfg.Drills)
			}
		case "drill":
			cfg.Drills.Schedules = r.drillSchedules(raw[key])
		default:
			top.unknown(key, topKeys())
		}
	}
	return cfg
}
