// Package gnome is the focus-shield back-end for GNOME and its relatives:
// it turns off notification banners (org.gnome.desktop.notifications
// show-banners) through the gsettings command and puts the user's own
// value back afterwards.
package gnome

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/keepcool/keepcool/focus"
)

const (
	schema = "org.gnome.desktop.notifications"
	key    = "show-banners"
)

// desktops are the XDG_CURRENT_DESKTOP entries whose shell honours
// org.gnome.desktop.notifications show-banners.
var desktops = []string{"GNOME", "Unity", "ubuntu", "Budgie", "Pantheon"}

// Backend switches GNOME's notification banners off and on.
type Backend struct {
	// Command is the gsettings program to run: a name looked up on PATH
	// or a path.
	Command string
	// Env is the environment gsettings runs in (the session bus and
	// XDG_CONFIG_HOME decide whose settings change); nil means this
	// process's own.
	Env []string
}

var _ focus.Backend = (*Backend)(nil)

// saved is the journaled state: what show-banners was before Raise.
type saved struct {
	ShowBanners bool `json:"show_banners"`
}

// New returns a back-end that runs gsettings in env (nil: os.Environ()).
func New(env []string) *Backend {
	if env == nil {
		env = os.Environ()
	}
	return &Backend{Command: "gsettings", Env: env}
}

// Name is the journal key; never rename it.
func (b *Backend) Name() string { return "gnome" }

// Save reads show-banners, as {"show_banners":true}.
func (b *Backend) Save(ctx context.Context) (json.RawMessage, error) {
	on, err := b.get(ctx)
	if err != nil {
		return nil, err
	}
	return json.Marshal(saved{ShowBanners: on})
}

// Raise turns the banners off. Doing it again is harmless.
func (b *Backend) Raise(ctx context.Context, _ focus.Incident) error {
	return b.set(ctx, false)
}

// Restore sets show-banners back to the value Save returned; with
// nothing saved there is nothing to put back.
func (b *Backend) Restore(ctx context.Context, data json.RawMessage) error {
	if len(bytes.TrimSpace(data)) == 0 || string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var s saved
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("gnome: saved state %q is not {\"show_banners\":true|false}: %w; turn banners back on in Settings > Notifications > Do Not Disturb", data, err)
	}
	return b.set(ctx, s.ShowBanners)
}

// Available says whether this back-end can run here: a GNOME-family
// desktop (XDG_CURRENT_DESKTOP, read through getenv), gsettings on PATH
// and the show-banners key present and writable. When it cannot, why is
// a sentence the user can act on.
func Available(getenv func(string) string) (ok bool, why string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return New(nil).available(ctx, getenv)
}

func (b *Backend) available(ctx context.Context, getenv func(string) string) (bool, string) {
	current := getenv("XDG_CURRENT_DESKTOP")
	if !gnomeFamily(current) {
		if current == "" {
			return false, "The desktop is not GNOME (XDG_CURRENT_DESKTOP is not set)."
		}
		return false, fmt.Sprintf("The desktop is %s, not GNOME.", current)
	}
	out, err := b.run(ctx, "writable", schema, key)
	switch {
	case errors.Is(err, errNoGsettings):
		return false, "The gsettings command is missing: install libglib2.0-bin."
	case errors.Is(err, errNoSchema):
		return false, "GNOME's notification settings are not installed: install gsettings-desktop-schemas."
	case err != nil:
		return false, fmt.Sprintf("GNOME's notification settings cannot be read (%v).", err)
	case out != "true":
		return false, "GNOME's notification banners setting is locked by the administrator."
	}
	return true, ""
}

func gnomeFamily(current string) bool {
	for _, d := range strings.Split(current, ":") {
		for _, g := range desktops {
			if strings.EqualFold(strings.TrimSpace(d), g) {
				return true
			}
		}
	}
	return false
}

func (b *Backend) get(ctx context.Context) (bool, error) {
	out, err := b.run(ctx, "get", schema, key)
	if err != nil {
		return false, err
	}
	switch out {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("gnome: gsettings get %s %s printed %q, not true or false", schema, key, out)
}

// set writes show-banners and reads it back: gsettings exits 0 even when
// the write went nowhere (no session bus to reach dconf, or the memory
// back-end), so only the read-back shows it stuck.
func (b *Backend) set(ctx context.Context, on bool) error {
	if _, err := b.run(ctx, "set", schema, key, fmt.Sprint(on)); err != nil {
		return err
	}
	got, err := b.get(ctx)
	if err != nil {
		return err
	}
	if got != on {
		return fmt.Errorf("gnome: gsettings set %s %s %v did not stick (it still reads %v): is the session bus (DBUS_SESSION_BUS_ADDRESS) reachable and dconf-service installed?", schema, key, on, got)
	}
	return nil
}

var (
	errNoGsettings = errors.New("gsettings not found: install libglib2.0-bin")
	errNoSchema    = errors.New("install gsettings-desktop-schemas")
)

// run runs gsettings with args and returns its trimmed output.
func (b *Backend) run(ctx context.Context, args ...string) (string, error) {
	name := b.Command
	if name == "" {
		name = "gsettings"
	}
	what := "gsettings " + strings.Join(args, " ")
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = b.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	switch {
	case err == nil:
		return strings.TrimSpace(stdout.String()), nil
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, os.ErrNotExist):
		return "", fmt.Errorf("gnome: %w", errNoGsettings)
	case ctx.Err() != nil:
		return "", fmt.Errorf("gnome: %s: %w", what, ctx.Err())
	}
	msg := strings.TrimSpace(stderr.String())
	if msg == "" {
		msg = err.Error()
	}
	if strings.Contains(msg, "No such schema") || strings.Contains(msg, "No such key") || strings.Contains(msg, "No schemas installed") {
		return "", fmt.Errorf("gnome: %s: %s: %w", what, msg, errNoSchema)
	}
	return "", fmt.Errorf("gnome: %s: %s", what, msg)
}
