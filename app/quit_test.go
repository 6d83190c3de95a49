//go:build cgo

package app

import (
	"errors"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/engine/api"
)

// shieldStatus is an active incident with GNOME and Slack quieted, and a
// back-end that cannot run here.
func shieldStatus() api.Status {
	return api.Status{Incident: activeIncident(), Shield: []api.ShieldBackend{
		{Name: "gnome", State: "up"}, {Name: "slack", State: "up"},
		{Name: "windows", State: "unavailable", Error: "Windows has no API for Focus Assist"},
	}}
}

func openQuit(t *testing.T, st api.Status) (*fakeEngine, fyne.App, fyne.Window) {
	t.Helper()
	eng := &fakeEngine{status: st}
	d, a, w := harness(t, eng)
	newQuit(d, w)
	fatalIf(t, w.Title() != "keepcool — Quit during an incident", "title %q", w.Title())
	return eng, a, w
}

// Quitting mid-incident says what stops and which parts of the shield
// are up; keeping them asks the engine to leave the shield alone.
func TestQuitKeepTheShieldUp(t *testing.T) {
	eng, a, w := openQuit(t, shieldStatus())
	for _, s := range []string{"“Checkout returns 500s” is still active", "stops prompting you and sending updates",
		"GNOME notification banners off", "Slack status and notifications snoozed"} {
		fatalIf(t, !shows(w, s), "no %q in %q", s, texts(w))
	}
	fatalIf(t, shows(w, "Windows"), "lists a back-end that is not up: %q", texts(w))
	test.Tap(button(t, w, "Keep the shield up and quit"))
	want := []api.QuitRequest{{RestoreShield: false}}
	fatalIf(t, !reflect.DeepEqual(eng.quits, want), "Quit got %+v, want %+v", eng.quits, want)
	fatalIf(t, isOpen(a, w), "the window stays open after quitting")
}

func TestQuitPutEverythingBack(t *testing.T) {
	eng, a, w := openQuit(t, shieldStatus())
	test.Tap(button(t, w, "Put everything back and quit"))
	want := []api.QuitRequest{{RestoreShield: true}}
	fatalIf(t, !reflect.DeepEqual(eng.quits, want), "Quit got %+v, want %+v", eng.quits, want)
	fatalIf(t, isOpen(a, w), "the window stays open after quitting")
}

func TestQuitCancel(t *testing.T) {
	eng, a, w := openQuit(t, shieldStatus())
	test.Tap(button(t, w, "Keep keepcool running"))
	fatalIf(t, len(eng.quits) != 0, "Keep keepcool running quit: %+v", eng.quits)
	fatalIf(t, isOpen(a, w), "Keep keepcool running left the window open")
}

func TestQuitEscapeCancels(t *testing.T) {
	eng, a, w := openQuit(t, shieldStatus())
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	fatalIf(t, len(eng.quits) != 0, "Escape quit: %+v", eng.quits)
	fatalIf(t, isOpen(a, w), "Escape left the window open")
}

// An engine that refuses says why, and the window stays to try again.
func TestQuitShowsAnError(t *testing.T) {
	eng, a, w := openQuit(t, shieldStatus())
	eng.actionErr = errors.New("the journal could not be synced: disk full")
	test.Tap(button(t, w, "Put everything back and quit"))
	fatalIf(t, !shows(w, "The journal could not be synced: disk full"), "texts %q", texts(w))
	fatalIf(t, !isOpen(a, w), "the window closed although the engine did not quit")
	fatalIf(t, button(t, w, "Put everything back and quit").Disabled(), "the button stays disabled")
}

// Without an incident there is nothing to decide: quit or not.
func TestQuitWithoutAnIncident(t *testing.T) {
	eng, a, w := openQuit(t, api.Status{})
	fatalIf(t, !shows(w, "There is no active incident") || shows(w, "shield"), "texts %q", texts(w))
	test.Tap(button(t, w, "Quit"))
	want := []api.QuitRequest{{RestoreShield: false}}
	fatalIf(t, !reflect.DeepEqual(eng.quits, want), "Quit got %+v, want %+v", eng.quits, want)
	fatalIf(t, isOpen(a, w), "the window stays open after quitting")
}

// With the incident active but no shield up, only the incident is worth saying.
func TestQuitDuringAnIncidentWithoutAShield(t *testing.T) {
	eng, _, w := openQuit(t, api.Status{Incident: activeIncident()})
	fatalIf(t, !shows(w, "“Checkout returns 500s” is still active") || shows(w, "shield"), "texts %q", texts(w))
	test.Tap(button(t, w, "Quit"))
	fatalIf(t, !reflect.DeepEqual(eng.quits, []api.QuitRequest{{}}), "Quit got %+v", eng.quits)
}
