//go:build cgo

package app

import (
	"os"
	"testing"
)

func TestTimelineShowsDeliveryTicks(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.json")
	if err != nil {
		t.Fatal(err)
	}
	d, _, w := harness(t, &fakeEngine{export: raw})
	newTimeline(d, w)
	for _, want := range []string{
		"Checkout returns 500s", "Rolled back deploy 412, error rate falling",
		"✓ ops    ✓ support    ✗ exec    ✓ statuspage",
		"✓ ops    ⟳ support    ✗ exec    ✓ statuspage",
		"Holding message sent: the 09:45 update was missed",
		"09:30:00",
	} {
		fatalIf(t, !shows(w, want), "timeline lacks %q; it shows %q", want, texts(w))
	}
}

func TestTimelineWithNoIncidents(t *testing.T) {
	d, _, w := harness(t, &fakeEngine{})
	newTimeline(d, w)
	fatalIf(t, !shows(w, "No incidents yet"), "texts: %q", texts(w))
}
