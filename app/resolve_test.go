//go:build cgo

package app

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/keepcool/keepcool/engine/api"
)

// Resolve shows how long it has been, asks before the all-clear goes,
// and sends the summary and root cause.
func TestResolveConfirmsThenSends(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, a, w := harness(t, eng)
	newResolve(d, w)
	fatalIf(t, !shows(w, "declared 09:12 UTC, 38 min ago") || !shows(w, "Within the estimate of 09:42–10:42 UTC."), "texts %q", texts(w))
	test.Type(focusedEntry(t, w), "Checkout is back to normal")
	test.Tap(button(t, w, "Resolve incident…"))
	fatalIf(t, len(eng.resolves) != 0, "resolved before confirming")
	test.Tap(button(t, w, "Not yet"))
	fatalIf(t, len(eng.resolves) != 0 || !isOpen(a, w), "Not yet resolved anyway")
	test.Tap(button(t, w, "Resolve incident…"))
	test.Tap(button(t, w, "Resolve and send the all-clear"))
	want := []api.ResolveRequest{{Summary: "Checkout is back to normal"}}
	fatalIf(t, !reflect.DeepEqual(eng.resolves, want), "Resolve got %+v, want %+v", eng.resolves, want)
	fatalIf(t, isOpen(a, w), "the window stays open after resolving")
}

func TestEstimateWindowOnItsOwn(t *testing.T) {
	eng := &fakeEngine{status: api.Status{Incident: activeIncident()}}
	d, a, w := harness(t, eng)
	newEstimateWindow(d, w)
	fatalIf(t, !shows(w, "Fix expected 09:42–10:42 UTC (estimate given at 09:12 UTC)"), "texts %q", texts(w))
	typeLine(t, w, "until 11:30")
	want := []api.EstimateRequest{{ETA: "until 11:30"}}
	fatalIf(t, !reflect.DeepEqual(eng.estimates, want), "Estimate got %+v, want %+v", eng.estimates, want)
	fatalIf(t, isOpen(a, w), "the window stays open after revising")
}

// With channels not delivering, the confirmation says which will not get
// the all-clear now.
func TestResolveSaysWhichChannelsMissTheAllClear(t *testing.T) {
	inc := activeIncident()
	inc.Delivery = &api.Delivery{Channels: 5, NotDelivering: []api.Channel{
		{Name: "ops", State: api.ChannelMisconfigured, Reason: "misconfigured"},
		{Name: "hook", State: api.ChannelRetrying, Reason: "connection refused", Pending: 3}}}
	eng := &fakeEngine{status: api.Status{Incident: inc}}
	d, _, w := harness(t, eng)
	newResolve(d, w)
	test.Tap(button(t, w, "Resolve incident…"))
	want := "The all-clear for “Checkout returns 500s” goes to 3 of 5 channels now, and the prompts stop. " +
		"ops (misconfigured), hook (connection refused) are not delivering: they get it only once they deliver again."
	fatalIf(t, !shows(w, want), "confirmation %q", texts(w))
	fatalIf(t, shows(w, "every stakeholder channel"), "says every channel: %q", texts(w))
}
