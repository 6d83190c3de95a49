//go:build cgo

package app

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
)

const settingsTOML = `[incident]
cadence = "15m"
grace = "2m"

[[channel]]
name = "ops"
type = "slack"
url = "keyring:ops-url"

[[channel]]
name = "hook"
type = "webhook"
url = "keyring:hook-url"
secret = "keyring:hook-secret"

[[channel]]
name = "push"
type = "ntfy"
url = "https://ntfy.sh"
topic = "outage"
token = "keyring:push-token"

[[channel]]
name = "boss"
type = "email"
smtp = "smtp://relay.example.com:587"
username = "keepcool"
password = "keyring:boss-password"
from = "keepcool@example.com"
to = ["boss@example.com"]
`

// secrets are what the keyring holds; none may ever be shown whole.
var secrets = map[string]string{
	"keepcool/ops-url":       "https://hooks.slack.com/services/T0AAA/B0BBB/SECRETSLACK",
	"keepcool/hook-url":      "https://example.com/hooks/SECRETHOOK",
	"keepcool/hook-secret":   "SECRETHMAC",
	"keepcool/push-token":    "tk_SECRETNTFY",
	"keepcool/boss-password": "SECRETSMTP",
}

type settingsRig struct {
	t    *testing.T
	eng  *fakeEngine
	kr   *fakeKeyring
	path string
	w    fyne.Window
}

func openSettings(t *testing.T, chans ...api.ChannelConfig) *settingsRig {
	t.Helper()
	return openSettingsOn(t, &fakeEngine{channels: chans})
}

func openSettingsOn(t *testing.T, eng *fakeEngine) *settingsRig {
	t.Helper()
	d, _, w := harness(t, eng)
	kr := &fakeKeyring{secrets: map[string]string{}}
	for k, v := range secrets {
		kr.secrets[k] = v
	}
	d.keyring = kr
	if err := os.WriteFile(d.configFile, []byte(settingsTOML), 0o600); err != nil {
		t.Fatal(err)
	}
	newSettings(d, w)
	return &settingsRig{t: t, eng: eng, kr: kr, path: d.configFile, w: w}
}

// noSecretShown fails if any text in the window holds a secret whole.
func (r *settingsRig) noSecretShown(where string) {
	r.t.Helper()
	for _, s := range texts(r.w) {
		for _, secret := range r.kr.secrets {
			tail := secret[len(secret)-8:]
			fatalIf(r.t, strings.Contains(s, tail), "%s: %q shows a secret", where, s)
		}
	}
}

func (r *settingsRig) file() []byte {
	b, err := os.ReadFile(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	return b
}

// nth is the i-th visible button labelled text.
func (r *settingsRig) nth(text string, i int) *widget.Button {
	var found []*widget.Button
	walk(r.w, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = append(found, b)
		}
	})
	fatalIf(r.t, len(found) <= i, "only %d %q buttons", len(found), text)
	return found[i]
}

// entry finds the entry whose placeholder starts with prefix.
func (r *settingsRig) entry(prefix string) *widget.Entry {
	var found *widget.Entry
	walk(r.w, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && strings.HasPrefix(e.PlaceHolder, prefix) && e.Visible() && found == nil {
			found = e
		}
	})
	fatalIf(r.t, found == nil, "no field with placeholder %q; texts %q", prefix, texts(r.w))
	return found
}

// entryWithText finds the entry showing text.
func (r *settingsRig) entryWithText(text string) *widget.Entry {
	var found *widget.Entry
	walk(r.w, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok && e.Text == text {
			found = e
		}
	})
	fatalIf(r.t, found == nil, "no field showing %q; texts %q", text, texts(r.w))
	return found
}

// saveOpsURLWithoutAKeyring types a new webhook URL for ops and saves it
// with no keyring to keep it in; it returns the file as it was.
func (r *settingsRig) saveOpsURLWithoutAKeyring() []byte {
	r.t.Helper()
	r.kr.err = errors.New("The name org.freedesktop.secrets was not provided by any .service files")
	before := r.file()
	test.Tap(r.nth("Edit", 0))
	test.Type(r.entry("https://hooks.slack.com/…(saved in keyring)"), "https://hooks.slack.com/services/T1/B1/NEWSECRET")
	test.Tap(button(r.t, r.w, "Save channel"))
	return before
}

func TestSettingsNeverShowSecretsInFull(t *testing.T) {
	r := openSettings(t)
	r.noSecretShown("list")
	fatalIf(t, !shows(r.w, "slack · https://hooks.slack.com/…(saved in keyring)"), "list: %q", texts(r.w))
	for i := range 4 {
		test.Tap(r.nth("Edit", i))
		r.noSecretShown("editor")
		test.Tap(button(t, r.w, "Cancel"))
	}
	test.Tap(r.nth("Edit", 0))
	url := r.entry("https://hooks.slack.com/…(saved in keyring)")
	fatalIf(t, url.Text != "", "the saved URL is in the field: %q", url.Text)
}

func TestSettingsRejectABadWebhookURLAndSaveNothing(t *testing.T) {
	r := openSettings(t)
	before := r.file()
	test.Tap(r.nth("Edit", 0))
	test.Type(r.entry("https://hooks.slack.com/…(saved in keyring)"), "http://hooks.slack.com/services/T1/B1/NEW")
	test.Tap(button(t, r.w, "Save channel"))
	fatalIf(t, !shows(r.w, `Channel "ops": url must be https://`), "no clear message: %q", texts(r.w))
	fatalIf(t, !bytes.Equal(r.file(), before), "the config file changed")
	fatalIf(t, r.kr.sets != 0 || r.eng.reloads != 0, "keyring written %d times, reloaded %d times", r.kr.sets, r.eng.reloads)
	fatalIf(t, r.w.Title() != "keepcool — Settings" || !shows(r.w, "Save channel"), "left the editor")
}

func TestSettingsSaveANewWebhookURLToTheKeyring(t *testing.T) {
	r := openSettings(t)
	test.Tap(r.nth("Edit", 0))
	test.Type(r.entry("https://hooks.slack.com/…(saved in keyring)"), "https://hooks.slack.com/services/T1/B1/NEWSECRET")
	test.Tap(button(t, r.w, "Save channel"))
	fatalIf(t, r.kr.secrets["keepcool/ops-url"] != "https://hooks.slack.com/services/T1/B1/NEWSECRET", "keyring: %v", r.kr.secrets)
	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil, "the saved file does not load: %v", err)
	fatalIf(t, cfg.Channels[0].URL != "keyring:ops-url", "url = %q", cfg.Channels[0].URL)
	fatalIf(t, bytes.Contains(r.file(), []byte("NEWSECRET")), "the secret is in the file")
	fatalIf(t, r.eng.reloads != 1, "reloaded %d times", r.eng.reloads)
	fatalIf(t, !shows(r.w, "Saved channel “ops”."), "texts %q", texts(r.w))
	r.noSecretShown("after saving")
}

func TestSettingsAddAChannel(t *testing.T) {
	r := openSettings(t)
	test.Tap(button(t, r.w, "Add channel"))
	test.Type(r.entry("ops (a-z"), "alerts")
	walkSelect(r.w, "slack").SetSelected("discord")
	test.Type(r.entry("https://discord.com/api/webhooks/"), "https://discord.com/api/webhooks/1/SECRETDISCORD")
	test.Tap(button(t, r.w, "Save channel"))
	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil || len(cfg.Channels) != 5, "channels %+v, %v", cfg.Channels, err)
	got := cfg.Channels[4]
	fatalIf(t, got.Name != "alerts" || got.Type != "discord" || got.URL != "keyring:alerts-url", "added %+v", got)
	fatalIf(t, r.kr.secrets["keepcool/alerts-url"] != "https://discord.com/api/webhooks/1/SECRETDISCORD", "keyring %v", r.kr.secrets)
}

func TestSettingsGeneralFields(t *testing.T) {
	r := openSettings(t)
	before := r.file()
	cadence := r.entryWithText("15m")
	cadence.SetText("soon")
	test.Tap(button(t, r.w, "Save"))
	fatalIf(t, !shows(r.w, "is not a duration"), "texts %q", texts(r.w))
	fatalIf(t, !bytes.Equal(r.file(), before), "saved a bad cadence")
	cadence.SetText("10m")
	test.Tap(button(t, r.w, "Save"))
	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil || cfg.Incident.Cadence.String() != "10m0s", "cadence %v, %v", cfg.Incident.Cadence, err)
	fatalIf(t, len(cfg.Channels) != 4 || cfg.Channels[3].Password != "keyring:boss-password", "channels changed: %+v", cfg.Channels)
}

func TestSettingsTestAChannel(t *testing.T) {
	r := openSettings(t)
	test.Tap(r.nth("Test", 0))
	fatalIf(t, len(r.eng.tests) != 1 || r.eng.tests[0] != "ops", "tests %v", r.eng.tests)
	fatalIf(t, !shows(r.w, "✓ Test message delivered to ops."), "texts %q", texts(r.w))
	fatalIf(t, r.eng.reloads != 0, "saved although nothing changed")
}

func TestSettingsRemoveAChannel(t *testing.T) {
	r := openSettings(t)
	test.Tap(r.nth("Remove", 1))
	test.Tap(button(t, r.w, "Keep it"))
	fatalIf(t, r.eng.reloads != 0, "Keep it removed the channel")
	test.Tap(r.nth("Remove", 1))
	test.Tap(r.nth("Remove", 4)) // the dialog's, after the four rows'

	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil || len(cfg.Channels) != 3 || cfg.Channels[1].Name != "push", "channels %+v, %v", cfg.Channels, err)
}

func TestSettingsLeaveABrokenFileAlone(t *testing.T) {
	eng := &fakeEngine{}
	d, _, w := harness(t, eng)
	os.WriteFile(d.configFile, []byte("[incident]\ncadence = \"soon\"\n"), 0o600)
	newSettings(d, w)
	fatalIf(t, !shows(w, "has problems, so Settings will not overwrite it"), "texts %q", texts(w))
	fatalIf(t, shows(w, "Save"), "offers to save over a broken file")
}

// A channel that stopped delivering says so where it can be fixed.
func TestSettingsShowAChannelThatIsNotDelivering(t *testing.T) {
	r := openSettings(t, api.ChannelConfig{Name: "hook", Type: "webhook", Status: api.Channel{State: "dead"}},
		api.ChannelConfig{Name: "ops", Type: "slack", Status: api.Channel{State: "ok"}})
	fatalIf(t, !shows(r.w, "✗ not delivering · webhook · https://example.com/…(saved in keyring)"), "texts %q", texts(r.w))
	fatalIf(t, shows(r.w, "✗ not delivering · slack"), "a working channel is shown as broken")
}

// Without a keyring the secret cannot be kept safe: nothing is written,
// and the message says what to do.
func TestSettingsWithoutAKeyringSaveNothing(t *testing.T) {
	r := openSettings(t)
	before := r.saveOpsURLWithoutAKeyring()
	fatalIf(t, !shows(r.w, "Could not save ops's url in the keyring"), "texts %q", texts(r.w))
	fatalIf(t, !shows(r.w, "or write env:NAME instead"), "no way out offered")
	fatalIf(t, !bytes.Equal(r.file(), before) || r.eng.reloads != 0, "wrote the config without the secret")
	r.noSecretShown("after the keyring failed")
}

func TestSettingsEmailRecipientsKeepTheirNames(t *testing.T) {
	r := openSettings(t)
	test.Tap(r.nth("Edit", 3))
	to := r.entry("boss@example.com, support-lead@example.com")
	to.SetText("Boss <boss@example.com>; cto@example.com")
	test.Tap(button(t, r.w, "Save channel"))
	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil, "%v", err)
	got := cfg.Channels[3]
	fatalIf(t, strings.Join(got.To, "|") != "Boss <boss@example.com>|cto@example.com", "to = %q", got.To)
	fatalIf(t, got.Password != "keyring:boss-password", "the saved password was dropped: %q", got.Password)
}

// walkSelect finds the drop-down showing selected.
func walkSelect(w fyne.Window, selected string) *widget.Select {
	var found *widget.Select
	walk(w, func(o fyne.CanvasObject) {
		if s, ok := o.(*widget.Select); ok && s.Selected == selected {
			found = s
		}
	})
	return found
}

// The focus shield's parts are listed with what they are doing, and a
// part that cannot run or failed says why where the user looks for it.
func TestSettingsShowTheFocusShield(t *testing.T) {
	r := openSettingsOn(t, &fakeEngine{status: api.Status{Shield: []api.ShieldBackend{
		{Name: "gnome", State: "up"},
		{Name: "slack", State: "failed", Error: "Slack refused the token (invalid_auth): paste a new user token"},
		{Name: "windows", State: "unavailable", Error: "Windows has no API for Focus Assist; press Win+N to turn it on"},
	}}})
	for _, s := range []string{"Focus shield", "GNOME", "up", "Slack",
		"✗ failed: Slack refused the token (invalid_auth): paste a new user token",
		"Windows", "not available: Windows has no API for Focus Assist; press Win+N to turn it on"} {
		fatalIf(t, !shows(r.w, s), "no %q in %q", s, texts(r.w))
	}
}

// macOS's Focus needs two Shortcuts made once: Settings shows how until
// the shield works.
func TestSettingsShowTheMacOSSetUpGuide(t *testing.T) {
	r := openSettingsOn(t, &fakeEngine{status: api.Status{Shield: []api.ShieldBackend{
		{Name: "macos", State: "failed", Error: `run Shortcut "keepcool Focus on": not found`},
	}}})
	fatalIf(t, !shows(r.w, "Set Focus"), "no set-up guide in %q", texts(r.w))
	r = openSettingsOn(t, &fakeEngine{status: api.Status{Shield: []api.ShieldBackend{{Name: "macos", State: "up"}}}})
	fatalIf(t, shows(r.w, "Set Focus"), "the guide stays once Focus works: %q", texts(r.w))
}

// Without an engine the shield's state is unknown, and the window says so.
func TestSettingsFocusShieldWithoutAnEngine(t *testing.T) {
	r := openSettingsOn(t, &fakeEngine{statusErr: errors.New("connection refused")})
	fatalIf(t, !shows(r.w, "Shown while keepcool is running."), "texts %q", texts(r.w))
}

// Without a keyring, the secret can still be kept: in the file as plain
// text, once the user has read what that means; nothing is written before.
func TestSettingsWithoutAKeyringOfferThePlainFile(t *testing.T) {
	r := openSettings(t)
	before := r.saveOpsURLWithoutAKeyring()
	fatalIf(t, !shows(r.w, "Anyone who can read that file can use it") || !shows(r.w, "type env:NAME in the field"),
		"no way out offered: %q", texts(r.w))
	fatalIf(t, !bytes.Equal(r.file(), before), "wrote the file before asking")
	test.Tap(button(t, r.w, "Save as plain text"))
	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil, "the saved file does not load: %v", err)
	fatalIf(t, cfg.Channels[0].URL != "https://hooks.slack.com/services/T1/B1/NEWSECRET", "url = %q", cfg.Channels[0].URL)
	fatalIf(t, !shows(r.w, "as plain text: anyone who can read that file can use it"), "no warning: %q", texts(r.w))
	fatalIf(t, r.eng.reloads != 1, "reloaded %d times", r.eng.reloads)
}

// "Saved to …" is said once it is true, not before.
func TestSettingsSaySavedOnlyAfterSaving(t *testing.T) {
	r := openSettings(t)
	fatalIf(t, shows(r.w, "Saved to"), "says saved before anything was: %q", texts(r.w))
	fatalIf(t, !shows(r.w, "Kept in "), "does not say where the settings are kept: %q", texts(r.w))
	test.Tap(button(t, r.w, "Save"))
	fatalIf(t, !shows(r.w, "Saved to "), "texts %q", texts(r.w))
}

// With the shield off, Settings offers the switch instead of pointing at
// the file; the switch is saved.
func TestSettingsTheShieldIsASwitchNotTOML(t *testing.T) {
	r := openSettings(t) // running, no shield
	fatalIf(t, !shows(r.w, "Off: nothing is quieted during incidents."), "texts %q", texts(r.w))
	for _, s := range []string{"[focus]", "config file"} {
		fatalIf(t, shows(r.w, s), "sends the user to the file (%q): %q", s, texts(r.w))
	}
	var desktop *widget.Check
	walk(r.w, func(o fyne.CanvasObject) {
		if c, ok := o.(*widget.Check); ok && c.Text == "Quiet desktop notifications during incidents" {
			desktop = c
		}
	})
	fatalIf(t, desktop == nil, "no switch for the desktop shield: %q", texts(r.w))
	desktop.SetChecked(!desktop.Checked)
	want := desktop.Checked
	test.Tap(button(t, r.w, "Save"))
	cfg, err := config.Load(r.path)
	fatalIf(t, err != nil || cfg.Focus.Desktop != want, "focus.desktop = %v, want %v (%v)", cfg.Focus.Desktop, want, err)
}

// A channel whose secret cannot be read says so, and why, where it is fixed.
func TestSettingsShowAMisconfiguredChannel(t *testing.T) {
	r := openSettings(t, api.ChannelConfig{Name: "ops", Type: "slack", Status: api.Channel{State: "misconfigured",
		LastError: "keyring:ops-url: secret not found in keyring; store it or edit the channel"}})
	fatalIf(t, !shows(r.w, "✗ misconfigured · slack"), "texts %q", texts(r.w))
	fatalIf(t, !shows(r.w, "Keyring:ops-url: secret not found in keyring"), "no reason: %q", texts(r.w))
}
