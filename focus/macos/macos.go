// Package macos is the focus shield on macOS. Focus (Do Not Disturb) has
// no public API, so keepcool runs two Shortcuts the user makes once — one
// that turns Do Not Disturb on, one that turns it off — with the
// `shortcuts` command that ships with macOS 12 and later.
package macos

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strings"

	"github.com/keepcool/keepcool/focus"
)

// Default Shortcut names, used when the config names none.
const (
	DefaultOn  = "keepcool Focus on"
	DefaultOff = "keepcool Focus off"
)

// SetupGuide is the one-time set-up, as Settings shows it.
const SetupGuide = `Focus has no public API on macOS, so keepcool runs two Shortcuts you make once:
1. Open Shortcuts, New Shortcut, add the action "Set Focus": Turn Do Not Disturb On. Name it "` + DefaultOn + `".
2. Make a second one with "Set Focus": Turn Do Not Disturb Off, named "` + DefaultOff + `".
Other names: set macos_focus_on and macos_focus_off in [focus].`

// Backend runs the user's Shortcuts.
type Backend struct {
	On, Off string
	// Command is the shortcuts binary ("shortcuts" on PATH by default).
	Command string
}

var _ focus.Backend = (*Backend)(nil)

// New returns the back-end for the two Shortcut names ("" takes the default).
func New(on, off string) *Backend {
	if on == "" {
		on = DefaultOn
	}
	if off == "" {
		off = DefaultOff
	}
	return &Backend{On: on, Off: off, Command: "shortcuts"}
}

// Name implements focus.Backend.
func (*Backend) Name() string { return "macos" }

// Save records nothing: the Focus state cannot be read, so Restore runs
// the "off" Shortcut.
func (*Backend) Save(context.Context) (json.RawMessage, error) { return nil, nil }

// Raise runs the "on" Shortcut.
func (b *Backend) Raise(ctx context.Context, _ focus.Incident) error { return b.run(ctx, b.On) }

// Restore runs the "off" Shortcut.
func (b *Backend) Restore(ctx context.Context, _ json.RawMessage) error { return b.run(ctx, b.Off) }

// Check reports whether both Shortcuts exist, with what to do if not.
func (b *Backend) Check(ctx context.Context) error {
	out, err := exec.CommandContext(ctx, b.Command, "list").Output()
	if err != nil {
		return b.explain(err, nil)
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var missing []string
	for _, n := range []string{b.On, b.Off} {
		if !have[n] {
			missing = append(missing, fmt.Sprintf("%q", n))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("shortcut %s not found: make it once in the Shortcuts app (Settings shows how)", strings.Join(missing, " and "))
	}
	return nil
}

func (b *Backend) run(ctx context.Context, name string) error {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, b.Command, "run", name)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("run Shortcut %q: %w", name, b.explain(err, stderr.Bytes()))
	}
	return nil
}

func (b *Backend) explain(err error, stderr []byte) error {
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s not found: Focus needs macOS 12 or later with the Shortcuts app", b.Command)
	}
	if msg := strings.TrimSpace(string(stderr)); msg != "" {
		return fmt.Errorf("%v: %s (make the Shortcut once in the Shortcuts app; Settings shows how)", err, msg)
	}
	return err
}
