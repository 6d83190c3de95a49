//go:build cgo

package app

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/channeltype"
	"github.com/keepcool/keepcool/config"
)

// channelEditor adds or edits one channel, in place of the settings list.
// A secret already saved is never put back in a field: the field starts
// empty, its placeholder says what is saved, and typing replaces it.
type channelEditor struct {
	v      *settingsView
	index  int // -1: a new channel
	orig   config.Channel
	name   *keyEntry
	typ    *keySelect
	tls    *keySelect
	drill  *keyCheck
	fields map[string]*keyEntry // by TOML key
	form   *fyne.Container
	errMsg *widget.Label
	keys   *keys
	before string // the form as it opened: what Escape would lose is the difference
}

// channelKey is the table's description of a type's key.
func channelKey(typ, key string) channeltype.Key {
	t, _ := channeltype.Lookup(typ)
	k, _ := t.Key(key)
	return k
}

// typeFields are the keys a channel type's form shows, in table order.
func typeFields(typ string) []string {
	t, _ := channeltype.Lookup(typ)
	return t.KeyNames()
}

func fieldName(typ, key string) string {
	if l := channelKey(typ, key).Label; l != "" {
		return l
	}
	return strings.ToUpper(key[:1]) + key[1:]
}

// example is a field's placeholder.
func example(typ, key string) string { return channelKey(typ, key).Example }

// masked reports whether key is typed hidden: some type keeps a
// credential in it that is not a URL.
func masked(key string) bool {
	for _, t := range channeltype.Types() {
		if k, ok := t.Key(key); ok && k.Secret && !k.URL {
			return true
		}
	}
	return false
}

// chosen reports whether key is chosen from a list (e.tls) rather than typed.
func chosen(key string) bool { return len(choicesOf(key)) > 0 }

// choicesOf is what the table offers for key, nil when it is typed.
func choicesOf(key string) []string {
	for _, t := range channeltype.Types() {
		if k, ok := t.Key(key); ok && k.Choices != nil {
			return k.Choices
		}
	}
	return nil
}

// tlsModes are the options of the form's one select, e.tls (a type with
// a second key to choose would need a second select).
func tlsModes() []string { return choicesOf("tls") }

func (v *settingsView) edit(i int) {
	e := &channelEditor{v: v, index: i, name: newEntry(), fields: map[string]*keyEntry{},
		tls: newSelect(tlsModes(), nil), errMsg: errorLabel(),
		drill: newCheck("Also gets drills (practice incidents)", nil), form: container.NewVBox()}
	e.orig = config.Channel{Type: channeltype.Names()[0], TLS: tlsModes()[0]}
	if i >= 0 {
		e.orig = v.draft.chans[i].ch
	}
	e.name.SetText(e.orig.Name)
	e.name.SetPlaceHolder("ops (a-z, 0-9, - and _)")
	e.drill.SetChecked(e.orig.Drill)
	e.tls.SetSelected(e.orig.TLS)
	for _, key := range channeltype.AllKeys() {
		if !chosen(key) {
			e.fields[key] = e.entry(key)
		}
	}
	e.typ = newSelect(channeltype.Names(), func(string) { e.fill() })
	e.typ.SetSelected(e.orig.Type)
	e.before = e.snapshot()
	// Escape goes back to the list; Ctrl+W goes on to close the window,
	// which asks again if the list has edits of its own.
	e.keys = bindKeys(v.w, keymap{Cancel: e.back, Submit: e.save, Dirty: func() bool { return e.snapshot() != e.before },
		Close: func() { e.back(); v.keys.close() }})
	v.w.SetContent(e.layout())
	v.w.Canvas().Focus(e.name)
}

// snapshot is the form as typed, to tell whether anything changed.
func (e *channelEditor) snapshot() string {
	s := fmt.Sprint(e.name.Text, "\x00", e.typ.Selected, "\x00", e.tls.Selected, "\x00", e.drill.Checked)
	for _, key := range slices.Sorted(maps.Keys(e.fields)) {
		s += "\x00" + e.fields[key].Text
	}
	return s
}

// entry makes the field for key with the saved value, unless it is a secret.
func (e *channelEditor) entry(key string) *keyEntry {
	f := newEntry()
	if masked(key) {
		f = newPasswordEntry()
	} else {
		f.SetText(e.orig.Value(key))
	}
	return f
}

func (e *channelEditor) layout() fyne.CanvasObject {
	what := "Add a channel"
	if e.index >= 0 {
		what = "Edit channel “" + e.orig.Name + "”"
	}
	header := container.NewVBox(heading(what),
		oneLineHint("Secrets go to the system keyring; the config file only names them."))
	top := container.New(layout.NewFormLayout(), fieldLabel("Name"), e.name, fieldLabel("Type"), e.typ)
	body := container.NewVBox(top, e.form, e.drill)
	footer := container.NewVBox(e.errMsg, actions(nil, newButton("Cancel", e.keys.cancel), newPrimary("Save channel", e.save)))
	return page(header, container.NewVScroll(body), footer)
}

// fill shows the fields of the chosen type.
func (e *channelEditor) fill() {
	typ := e.typ.Selected
	secrets := secretFields(typ)
	rows := container.New(layout.NewFormLayout())
	for _, key := range typeFields(typ) {
		var obj fyne.CanvasObject = e.tls
		if !chosen(key) {
			f := e.fields[key]
			f.SetPlaceHolder(example(typ, key))
			if slices.Contains(secrets, key) {
				e.secretField(f, key)
				// A URL that is a secret is typed in the clear: it is pasted,
				// and a typo in a hidden URL would be impossible to spot.
				if channelKey(typ, key).URL {
					f.Password = false
				}
			}
			obj = f
		}
		rows.Add(fieldLabel(fieldName(typ, key)))
		rows.Add(obj)
	}
	e.form.Objects = []fyne.CanvasObject{rows}
	e.form.Refresh()
}

// secretField empties a secret's field and says in its placeholder what
// is saved: typing replaces it, leaving it empty keeps it.
func (e *channelEditor) secretField(f *keyEntry, key string) {
	ref := *field(&e.orig, key)
	if ref == "" || e.typ.Selected != e.orig.Type {
		return
	}
	if f.Text == ref {
		f.SetText("")
	}
	shown, ok := e.v.shown[ref]
	if !ok {
		shown = shownSecret(ref, "")
	}
	f.SetPlaceHolder(shown + " — type to replace")
}

// channel is the edited channel: fields as typed, secrets left empty kept
// as saved, secrets typed put aside for the keyring.
func (e *channelEditor) channel() channelDraft {
	typ := e.typ.Selected
	c := config.Channel{Name: strings.TrimSpace(e.name.Text), Type: typ, Drill: e.drill.Checked, Template: e.orig.Template}
	d := channelDraft{typed: map[string]string{}}
	secrets := secretFields(typ)
	for _, key := range typeFields(typ) {
		val := ""
		if f, ok := e.fields[key]; ok {
			val = strings.TrimSpace(f.Text)
		}
		switch {
		case chosen(key):
			*c.Field(key) = e.tls.Selected
		case c.List(key) != nil:
			*c.List(key) = addresses(val)
		case slices.Contains(secrets, key) && val != "":
			d.typed[key] = val
		case slices.Contains(secrets, key) && typ == e.orig.Type:
			*field(&c, key) = *field(&e.orig, key) // left empty: keep what is saved
		case slices.Contains(secrets, key):
			// Another type: a Slack webhook will not work as a Discord
			// one, so the saved secret is not carried over.
		default:
			*c.Field(key) = val
		}
	}
	d.ch = c
	return d
}

// addresses splits "a@example.com, Boss <b@example.com>" at commas and
// semicolons: a display name may hold spaces.
func addresses(s string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// save checks the whole config with this channel in it and saves it; on a
// problem nothing is written and the form stays as typed.
func (e *channelEditor) save() { e.saveWith(false) }

// saveWith is save; clear keeps typed secrets in the file as plain text,
// for when there is no keyring to keep them in.
func (e *channelEditor) saveWith(clear bool) {
	cand, err := e.v.candidate()
	if err != nil {
		showError(e.errMsg, err)
		return
	}
	ch := e.channel()
	if e.index >= 0 {
		cand.chans[e.index] = ch
	} else {
		cand.chans = append(cand.chans, ch)
	}
	if clear {
		cand.inTheClear()
	}
	e.v.persist(cand, func(err error) {
		var noKeyring keyringError
		switch _, saved := err.(notReloaded); {
		case errors.As(err, &noKeyring):
			showError(e.errMsg, err)
			e.offerTheFile(noKeyring)
		case err != nil && !saved:
			showError(e.errMsg, err) // still editing: nothing was written
		case clear:
			e.v.say(err, "Saved channel “"+ch.ch.Name+"”. Its secret is in "+tildePath(e.v.d.configFile)+
				" as plain text: anyone who can read that file can use it.")
		default:
			e.v.say(err, "Saved channel “"+ch.ch.Name+"”.")
		}
	})
}

// offerTheFile asks, when no keyring takes a secret, whether to keep it in
// the config file instead, saying what that means; the default keeps
// editing, where env:NAME in the field is the other way out.
func (e *channelEditor) offerTheFile(k keyringError) {
	e.keys.ask(choice{Title: "No keyring to keep the secret in",
		Message: fmt.Sprintf("The system keyring would not take %s's %s (%v).\n\n"+
			"Keep it in %s as plain text? Anyone who can read that file can use it. "+
			"Or keep editing and type env:NAME in the field: keepcool then reads it from that environment variable.",
			k.channel, k.key, k.err, tildePath(e.v.d.configFile)),
		Yes: "Save as plain text", No: "Keep editing", SafeIsNo: true,
		OnYes: func() { e.saveWith(true) }})
}

// back returns to the settings list without saving.
func (e *channelEditor) back() { e.v.show() }
