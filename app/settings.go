//go:build cgo

package app

import (
	"context"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/config"
	"github.com/keepcool/keepcool/engine/api"
)

// settingsView edits the config file the engine reads. Every change is
// checked with config.Parse before anything is written, secrets go to the
// keyring, the file is replaced atomically and the engine reloads it.
type settingsView struct {
	d                              *deps
	w                              fyne.Window
	draft                          *draft
	shown                          map[string]string // secret reference → what may be shown of it
	states                         map[string]api.Channel
	shield                         []api.ShieldBackend
	running                        bool
	cadence, grace, engineer, addr *keyEntry
	desktop                        *keyCheck
	msg                            *widget.Label
	save                           *keyButton
	keys                           *keys
	rows                           *fyne.Container
	results                        map[string]*widget.Label // channel → its last test's outcome
	dirty, busy                    bool
}

func newSettings(d *deps, w fyne.Window) *settingsView {
	v := &settingsView{d: d, w: w, cadence: newEntry(), grace: newEntry(), engineer: newEntry(),
		addr: newEntry(), desktop: newCheck("Quiet desktop notifications during incidents", nil), msg: widget.NewLabel(""), rows: container.NewVBox(), results: map[string]*widget.Label{}}
	v.msg.Wrapping = fyne.TextWrapWord
	v.msg.Hide() // until a save has something to say: the form gets the room
	v.save = newPrimary("Save", v.saveAll)
	w.SetTitle(title("Settings"))
	bindKeys(w, keymap{})
	w.SetContent(loading())
	w.Resize(fyne.NewSize(720, 730))
	v.load()
	return v
}

// load reads the config file, what may be shown of its secrets, and
// whether an engine runs to reload it.
func (v *settingsView) load() {
	var cfg config.Config
	var shown map[string]string
	var running bool
	var chans []api.ChannelConfig
	var st api.Status
	v.d.call(func(ctx context.Context) (err error) {
		if cfg, err = config.Load(v.d.configFile); err != nil {
			return err
		}
		shown = v.reveal(ctx, cfg)
		chans, err = v.d.eng.Channels(ctx)
		if running = err == nil; running {
			st, _ = v.d.eng.Status(ctx) // the shield's state: nice to show, not worth failing over
		}
		return nil
	}, func(err error) {
		if err != nil {
			msg := errorLabel()
			showError(msg, fmt.Errorf("%s has problems, so Settings will not overwrite it. Fix it by hand, then open Settings again:\n%v",
				v.d.configFile, err))
			closeBtn := newPrimary("Close", v.w.Close)
			v.w.SetContent(page(heading("Settings"), container.NewVScroll(msg), actions(nil, closeBtn)))
			v.w.Canvas().Focus(closeBtn)
			return
		}
		v.draft, v.shown, v.running, v.states, v.shield = newDraft(cfg), shown, running, map[string]api.Channel{}, st.Shield
		for _, c := range chans {
			v.states[c.Name] = c.Status
		}
		v.fillForm()
		v.show()
	})
}

// reveal works out what may be shown of each secret: for a URL in the
// keyring, its scheme and host, which needs the keyring's answer.
func (v *settingsView) reveal(ctx context.Context, cfg config.Config) map[string]string {
	shown := map[string]string{}
	for _, c := range cfg.Channels {
		for _, key := range secretFields(c.Type) {
			ref := *field(&c, key)
			value := ""
			if name, ok := strings.CutPrefix(ref, "keyring:"); ok && key == "url" {
				value, _ = within(ctx, func() (string, error) { return v.d.keyring.Get(keyringService, name) })
			}
			shown[ref] = shownSecret(ref, value)
		}
	}
	return shown
}

// within runs a call that takes no context (the keyring's D-Bus calls)
// but gives up waiting when ctx ends; the buffered channel lets the call
// finish later without leaking its goroutine.
func within(ctx context.Context, f func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// fillForm puts the draft's general settings in their fields.
func (v *settingsView) fillForm() {
	in, sp := v.draft.cfg.Incident, v.draft.cfg.StatusPage
	v.cadence.SetText(config.FormatDuration(in.Cadence))
	v.grace.SetText(config.FormatDuration(in.Grace))
	v.engineer.SetText(in.Engineer)
	v.engineer.SetPlaceHolder("your name, as stakeholders see it")
	v.addr.SetText(sp.Listen)
	v.desktop.SetChecked(v.draft.cfg.Focus.Desktop)
	for _, e := range []*keyEntry{v.cadence, v.grace, v.engineer, v.addr} {
		e.OnChanged = func(string) { v.dirty = true }
	}
	v.desktop.OnChanged = func(bool) { v.dirty = true }
	v.dirty = false
}

// show puts the settings list (back) in the window. Closing it with edits
// not saved asks first, by any way out: Escape, Ctrl+W, Close, the ×.
func (v *settingsView) show() {
	v.keys = bindKeys(v.w, keymap{Submit: v.saveAll, Dirty: func() bool { return v.dirty }})
	v.w.SetContent(v.layout())
}

func (v *settingsView) layout() fyne.CanvasObject {
	prompts := container.NewVBox(
		row("Ask for an update every", withHint(v.cadence, "stakeholders hear from you this often")),
		row("Holding message after", withHint(v.grace, "sent for you when a promised update is this late")),
		row("Engineer", v.engineer))
	page2 := row("Listen on", withHint(v.addr, "host:port, or off; used when keepcool next starts"))
	add := newButton("Add channel", func() { v.edit(-1) })
	add.Icon = theme.ContentAddIcon()
	add.Importance = widget.LowImportance
	v.fillRows()
	body := container.NewVBox(v.banner(), section("Prompts"), prompts, section("Status page"), page2,
		section("Stakeholder channels"), v.rows, container.NewHBox(add), shieldSection(), v.desktopCheck(), v.shieldRows())
	header := container.NewVBox(heading("Settings"), oneLineHint("Kept in "+tildePath(v.d.configFile)))
	footer := container.NewVBox(v.msg, actions(nil, newButton("Close", v.keys.close), v.save))
	// Room on the right for the scroll bar, so it never covers a field.
	scroll := container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, 14), body))
	return page(header, scroll, footer)
}

// tildePath shortens a path under the home folder to ~/…, as people say it.
func tildePath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rest, ok := strings.CutPrefix(p, home+string(os.PathSeparator)); ok {
			return "~" + string(os.PathSeparator) + rest
		}
	}
	return p
}

// banner says when no engine runs: the file is still saved, tests wait.
func (v *settingsView) banner() fyne.CanvasObject {
	if v.running {
		return container.NewStack() // nothing: a spacer would stretch in the scroll
	}
	l := widget.NewLabel("keepcool is not running: changes are saved and used when it starts. Start it to test channels.")
	l.Importance = widget.WarningImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

func section(text string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return container.NewVBox(widget.NewSeparator(), l)
}

func withHint(e *keyEntry, text string) fyne.CanvasObject {
	return container.NewBorder(nil, nil, fixedWidth(e, 150), nil, oneLineHint(text))
}

// fillRows lists the channels: name, type, where it posts, and actions.
func (v *settingsView) fillRows() {
	v.rows.Objects = nil
	if len(v.draft.chans) == 0 {
		v.rows.Add(hint("No channels yet: updates go to the local status page only. Add Slack, Teams, email… so stakeholders hear without asking."))
	}
	for i, c := range v.draft.chans {
		v.rows.Add(v.channelRow(i, c.ch))
	}
	v.rows.Refresh()
}

func (v *settingsView) channelRow(i int, c config.Channel) fyne.CanvasObject {
	name := widget.NewLabelWithStyle(c.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	where := v.describe(c)
	test := newButton("Test", func() { v.test(c.Name) })
	if !v.running {
		test.Disable()
	}
	remove := newButton("Remove", func() { v.remove(i) })
	remove.Importance = widget.LowImportance
	buttons := container.NewHBox(test, newButton("Edit", func() { v.edit(i) }), remove)
	result, ok := v.results[c.Name]
	if !ok {
		result = widget.NewLabel("")
		result.Wrapping = fyne.TextWrapWord
		result.Hide()
		if st := v.states[c.Name]; st.State == "misconfigured" && st.LastError != "" {
			result.Importance = widget.DangerImportance
			result.SetText(sentence(st.LastError)) // what to fix, which the one line above has no room for
			result.Show()
		}
		v.results[c.Name] = result
	}
	return container.New(labelColumn{width: 130}, name,
		container.NewVBox(container.NewBorder(nil, nil, nil, buttons, where), result))
}

// describe is a channel's type, where it posts and, when it is not
// delivering, why: Settings is where a broken channel gets fixed.
func (v *settingsView) describe(c config.Channel) *widget.RichText {
	style := func(color fyne.ThemeColorName) widget.RichTextStyle {
		return widget.RichTextStyle{ColorName: color, Inline: true}
	}
	segs := []widget.RichTextSegment{&widget.TextSegment{Text: c.Type + " · " + v.where(c), Style: style(theme.ColorNamePlaceHolder)}}
	switch st := v.states[c.Name]; st.State {
	case "dead":
		segs = append([]widget.RichTextSegment{&widget.TextSegment{Text: "✗ not delivering · ", Style: style(theme.ColorNameError)}}, segs...)
	case "retrying":
		segs = append([]widget.RichTextSegment{&widget.TextSegment{Text: "⟳ retrying · ", Style: style(theme.ColorNameWarning)}}, segs...)
	case "misconfigured": // its secret cannot be read: nothing can be sent until it is fixed here
		segs = append([]widget.RichTextSegment{&widget.TextSegment{Text: "✗ misconfigured · ", Style: style(theme.ColorNameError)}}, segs...)
	}
	t := widget.NewRichText(segs...)
	t.Truncation = fyne.TextTruncateEllipsis
	return t
}

// where says where a channel posts, secrets shown only in part.
func (v *settingsView) where(c config.Channel) string {
	return where(c, v.shown) // settings_model.go: from the channel table
}
