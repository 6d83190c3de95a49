//go:build cgo

package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The keyboard, the same in every window: Escape cancels or closes, Ctrl+W
// closes (both ask first when something typed would be lost), Ctrl+Enter
// submits, Enter presses the focused button and answers a confirmation,
// Tab always moves on.
//
// fyne gives a key to the focused widget and only reaches the canvas's
// handlers when nothing has focus: a focused Entry swallows Escape, Ctrl+W
// and Ctrl+Enter, a multi-line one keeps Tab, and a Button answers Space
// but not Enter. So every focusable widget in a window is one of the small
// extensions below (newEntry, newMultiLineEntry, newButton, newCheck,
// newSelect), which hand the window's keys on to the canvas, where
// bindKeys put the window's keymap.

// keymap is what a window's keys do; bindKeys fills in the defaults.
type keymap struct {
	Cancel func()      // Escape: cancel or go back; nil: close the window
	Close  func()      // Ctrl+W and the window's close button; nil: close the window
	Submit func()      // Ctrl+Enter: what the form is for; nil: nothing
	Dirty  func() bool // something typed that leaving would lose: ask first; nil: never
}

// keys is a window's keyboard as bound by bindKeys.
type keys struct {
	w    fyne.Window
	km   keymap
	open *choice // the confirmation on screen, which takes the keys first
}

// bindKeys makes w answer the keyboard as km says, replacing what an
// earlier content of the window bound: call it whenever the content (a
// view) changes.
func bindKeys(w fyne.Window, km keymap) *keys {
	if km.Close == nil {
		km.Close = w.Close
	}
	if km.Cancel == nil {
		km.Cancel = km.Close
	}
	k := &keys{w: w, km: km}
	c := w.Canvas()
	c.SetOnTypedKey(k.typed)
	for _, s := range closeShortcuts() {
		c.AddShortcut(s, func(fyne.Shortcut) { k.closeKey() })
	}
	for _, s := range submitShortcuts() {
		c.AddShortcut(s, func(fyne.Shortcut) { k.submitKey() })
	}
	w.SetCloseIntercept(k.close) // the title bar's ×: the same rules as Ctrl+W
	return k
}

// unbindKeys leaves w's keys to its focused widget alone, for a view that
// hands the window back to one that binds none.
func unbindKeys(w fyne.Window) {
	c := w.Canvas()
	c.SetOnTypedKey(nil)
	for _, s := range append(closeShortcuts(), submitShortcuts()...) {
		c.RemoveShortcut(s)
	}
	w.SetCloseIntercept(nil)
}

func closeShortcuts() []fyne.Shortcut {
	return []fyne.Shortcut{&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}}
}

// submitShortcuts are Ctrl+Enter on either Enter key.
func submitShortcuts() []fyne.Shortcut {
	return []fyne.Shortcut{
		&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault},
		&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: fyne.KeyModifierShortcutDefault},
	}
}

// windowShortcut reports whether s is one of the window's own shortcuts,
// which a focused entry must pass on rather than swallow.
func windowShortcut(s fyne.Shortcut) bool {
	for _, w := range append(closeShortcuts(), submitShortcuts()...) {
		if w.ShortcutName() == s.ShortcutName() {
			return true
		}
	}
	return false
}

// typed gets the keys no focused widget took, and those the widgets below
// hand on.
func (k *keys) typed(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyEscape:
		switch top := k.w.Canvas().Overlays().Top(); {
		case k.open != nil:
			k.open.answer(false)
		case top != nil: // a drop-down or menu: Escape closes it, not the window
			top.Hide()
		default:
			k.cancel()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if k.open != nil { // focus was clicked away from the dialog's buttons
			k.open.answer(k.open.safe == nil)
		}
	}
}

// cancel is what Escape does, for a Cancel button.
func (k *keys) cancel() {
	if k.open == nil {
		k.leave(k.km.Cancel)
	}
}

// close is what Ctrl+W does, for a Close button.
func (k *keys) close() {
	if k.open == nil {
		k.leave(k.km.Close)
	}
}

func (k *keys) closeKey() {
	if k.open != nil {
		k.open.answer(false)
		return
	}
	k.leave(k.km.Close)
}

func (k *keys) submitKey() {
	if k.open != nil {
		k.open.answer(k.open.safe == nil)
		return
	}
	if k.km.Submit != nil {
		k.km.Submit()
	}
}

// leave runs a way out of the window or view, first asking whether to
// throw away what was typed; the answer Enter gives keeps it.
func (k *keys) leave(action func()) {
	if k.km.Dirty == nil || !k.km.Dirty() {
		action()
		return
	}
	k.ask(choice{Title: "Discard what you typed?", Message: "It has not been sent or saved anywhere.",
		Yes: "Discard", No: "Keep editing", OnYes: action, SafeIsNo: true})
}

// choice is a confirmation answered by mouse or keyboard: Enter presses the
// focused button (at first the default one), Escape and Ctrl+W answer No.
type choice struct {
	Title, Message string
	Yes, No        string // button labels
	OnYes, OnNo    func() // either may be nil
	SafeIsNo       bool   // the No button is the default: for what cannot be undone

	dialog   *dialog.CustomDialog
	yes, no  *keyButton
	safe     *keyButton // nil: Yes is the default
	answered bool
}

// ask shows c over the window; nothing else in the window takes keys
// until it is answered.
func (k *keys) ask(c choice) {
	cp := &c
	cp.yes = newButton(c.Yes, func() { k.answer(cp, true) })
	cp.no = newButton(c.No, func() { k.answer(cp, false) })
	def := cp.yes
	if c.SafeIsNo {
		cp.safe, def = cp.no, cp.no
	}
	def.Importance = widget.HighImportance
	msg := widget.NewLabel(c.Message)
	msg.Wrapping = fyne.TextWrapWord
	cp.dialog = dialog.NewCustomWithoutButtons(c.Title, msg, k.w)
	cp.dialog.SetButtons([]fyne.CanvasObject{cp.no, cp.yes})
	// A wrapped label has no width of its own: give the dialog the width the
	// text needs on one line, within reason, as fyne's own NewConfirm does.
	width := min(widget.NewLabel(c.Message).MinSize().Width+40, 440, k.w.Canvas().Size().Width*0.9)
	width = max(width, cp.dialog.MinSize().Width)
	cp.dialog.Resize(fyne.NewSize(width, cp.dialog.MinSize().Height))
	k.open = cp
	cp.dialog.Show()
	k.w.Canvas().Focus(def)
}

// answer closes the confirmation and runs what the answer means.
func (k *keys) answer(c *choice, yes bool) {
	if c.answered {
		return
	}
	c.answered = true
	if k.open == c {
		k.open = nil
	}
	c.dialog.Hide()
	switch {
	case yes && c.OnYes != nil:
		c.OnYes()
	case !yes && c.OnNo != nil:
		c.OnNo()
	}
}

// answer is c answered from the keyboard with nothing focused in it.
func (c *choice) answer(yes bool) {
	if yes {
		c.yes.OnTapped()
	} else {
		c.no.OnTapped()
	}
}

// handOn gives a key a focused widget does not use to the window's keys.
func handOn(obj fyne.CanvasObject, ev *fyne.KeyEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(obj); c != nil && c.OnTypedKey() != nil {
		c.OnTypedKey()(ev)
	}
}

// handOnEscape hands Escape on and gives any other key to the widget's own
// handler.
func handOnEscape(obj fyne.CanvasObject, ev *fyne.KeyEvent, own func(*fyne.KeyEvent)) {
	if ev.Name == fyne.KeyEscape {
		handOn(obj, ev)
		return
	}
	own(ev)
}

// keyEntry is an Entry that passes Escape and the window's shortcuts on,
// and never keeps Tab, even when it is multi-line.
type keyEntry struct{ widget.Entry }

func newEntry() *keyEntry {
	e := &keyEntry{widget.Entry{Wrapping: fyne.TextWrap(fyne.TextTruncateClip)}}
	e.ExtendBaseWidget(e)
	return e
}

func newMultiLineEntry() *keyEntry {
	e := newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// newPasswordEntry hides what is typed until its eye is pressed (fyne's
// own revealer cannot be had for an extended Entry).
func newPasswordEntry() *keyEntry {
	e := newEntry()
	e.Password = true
	eye := newButton("", nil)
	eye.Icon, eye.Importance = theme.VisibilityOffIcon(), widget.LowImportance
	eye.OnTapped = func() {
		e.Password = !e.Password
		eye.SetIcon(map[bool]fyne.Resource{true: theme.VisibilityOffIcon(), false: theme.VisibilityIcon()}[e.Password])
		e.Refresh()
	}
	e.ActionItem = eye
	return e
}

// AcceptsTab is false: fyne then moves the focus on Tab and Shift+Tab,
// where a multi-line Entry would type a tab and trap the keyboard.
func (e *keyEntry) AcceptsTab() bool { return false }

func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) { handOnEscape(e, ev, e.Entry.TypedKey) }

func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if !windowShortcut(s) {
		e.Entry.TypedShortcut(s)
		return
	}
	if c, ok := fyne.CurrentApp().Driver().CanvasForObject(e).(fyne.Shortcutable); ok {
		c.TypedShortcut(s)
	}
}

// keyButton is a Button that Enter presses, as Space does, and that
// passes Escape on.
type keyButton struct{ widget.Button }

func newButton(label string, tapped func()) *keyButton {
	b := &keyButton{widget.Button{Text: label, OnTapped: tapped}}
	b.ExtendBaseWidget(b)
	return b
}

// newPrimary is the button that does what the window is for.
func newPrimary(label string, tapped func()) *keyButton {
	b := newButton(label, tapped)
	b.Importance = widget.HighImportance
	return b
}

func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(&fyne.PointEvent{})
	case fyne.KeyEscape:
		handOn(b, ev)
	default:
		b.Button.TypedKey(ev)
	}
}

// keyCheck is a Check that passes Escape on.
type keyCheck struct{ widget.Check }

func newCheck(label string, changed func(bool)) *keyCheck {
	c := &keyCheck{widget.Check{Text: label, OnChanged: changed}}
	c.ExtendBaseWidget(c)
	return c
}

func (c *keyCheck) TypedKey(ev *fyne.KeyEvent) { handOnEscape(c, ev, c.Check.TypedKey) }

// keySelect is a Select that passes Escape on.
type keySelect struct{ widget.Select }

func newSelect(options []string, changed func(string)) *keySelect {
	s := &keySelect{widget.Select{Options: options, OnChanged: changed, PlaceHolder: "(Select one)"}}
	s.ExtendBaseWidget(s)
	return s
}

func (s *keySelect) TypedKey(ev *fyne.KeyEvent) { handOnEscape(s, ev, s.Select.TypedKey) }
