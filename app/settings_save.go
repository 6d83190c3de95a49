//go:build cgo

package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/keepcool/keepcool/config"
)

// candidate is the draft with the general fields as typed: what a save
// would write. The draft itself changes only once a save succeeds.
func (v *settingsView) candidate() (*draft, error) {
	cad, err := time.ParseDuration(strings.TrimSpace(v.cadence.Text))
	if err != nil {
		return nil, fmt.Errorf("“Ask for an update every”: %q is not a duration; write it like 15m or 1h30m", v.cadence.Text)
	}
	grace, err := time.ParseDuration(strings.TrimSpace(v.grace.Text))
	if err != nil {
		return nil, fmt.Errorf("“Holding message after”: %q is not a duration; write it like 2m or 90s", v.grace.Text)
	}
	cand := v.draft.clone()
	cand.cfg.Focus.Desktop = v.desktop.Checked
	in := &cand.cfg.Incident
	in.Cadence, in.Grace, in.Engineer = cad, grace, strings.TrimSpace(v.engineer.Text)
	cand.cfg.StatusPage.Listen = strings.TrimSpace(v.addr.Text)
	return cand, nil
}

// persist validates cand, stores its typed secrets in the keyring, writes
// the file and reloads the engine; only then does cand become the draft.
// report gets the outcome (nil: v.report).
func (v *settingsView) persist(cand *draft, report func(error)) {
	if report == nil {
		report = v.report
	}
	if v.busy {
		return
	}
	if err := cand.validate(); err != nil {
		report(err)
		return
	}
	v.setBusy(true)
	var stored map[string]string
	v.d.call(func(ctx context.Context) (err error) {
		if stored, err = cand.storeSecrets(v.d.keyring); err != nil {
			return err
		}
		if err = config.Save(v.d.configFile, cand.config(false)); err != nil {
			return err
		}
		switch err = v.d.eng.Reload(ctx); {
		case engineDown(err):
			return nil // saved; the engine reads it when it starts
		case err != nil:
			return notReloaded{err}
		}
		return nil
	}, func(err error) {
		v.setBusy(false)
		for ref, value := range stored {
			v.shown[ref] = shownSecret(ref, value)
		}
		if _, saved := err.(notReloaded); err == nil || saved {
			v.draft = cand
			v.fillForm()
			v.show()
		}
		report(err)
	})
}

// notReloaded is a save that reached the file but not the engine.
type notReloaded struct{ err error }

func (n notReloaded) Error() string { return "saved, but keepcool could not load it: " + n.err.Error() }

// saveAll is the Save button.
func (v *settingsView) saveAll() {
	cand, err := v.candidate()
	if err != nil {
		v.report(err)
		return
	}
	v.persist(cand, nil)
}

// report shows how a save went, under the form.
func (v *settingsView) report(err error) { v.say(err, "Saved to "+tildePath(v.d.configFile)+".") }

func (v *settingsView) say(err error, ok string) {
	v.msg.Show()
	if err != nil {
		v.msg.Importance = widget.DangerImportance
		v.msg.SetText(sentence(err.Error()))
		return
	}
	v.msg.Importance = widget.SuccessImportance
	v.msg.SetText(ok)
}

func (v *settingsView) setBusy(busy bool) {
	v.busy = busy
	if busy {
		v.save.Disable()
	} else {
		v.save.Enable()
	}
}

// test sends a test message through the engine, saving first so that
// what is tested is what is on screen.
func (v *settingsView) test(name string) {
	if v.dirty {
		cand, err := v.candidate()
		if err != nil {
			v.report(err)
			return
		}
		v.persist(cand, func(err error) {
			v.report(err)
			if err == nil {
				v.test(name)
			}
		})
		return
	}
	result := v.results[name]
	result.Importance = widget.MediumImportance
	result.SetText("Sending a test message to " + name + "…")
	result.Show()
	v.d.callWithin(2*v.d.timeout, func(ctx context.Context) error { return v.d.eng.TestChannel(ctx, name) }, func(err error) {
		if err != nil {
			result.Importance = widget.DangerImportance
			result.SetText("✗ " + sentence(err.Error()))
			return
		}
		result.Importance = widget.SuccessImportance
		result.SetText("✓ Test message delivered to " + name + ".")
	})
}

// remove drops a channel, once confirmed, and saves.
func (v *settingsView) remove(i int) {
	name := v.draft.chans[i].ch.Name
	confirm := dialog.NewConfirm("Remove channel “"+name+"”?",
		"Stakeholders on it stop getting updates. Its secret stays in the keyring.", func(ok bool) {
			if !ok {
				return
			}
			cand, err := v.candidate()
			if err != nil {
				v.report(err)
				return
			}
			cand.chans = append(cand.chans[:i:i], cand.chans[i+1:]...)
			v.persist(cand, nil)
		}, v.w)
	confirm.SetConfirmText("Remove")
	confirm.SetDismissText("Keep it")
	confirm.Show()
}
