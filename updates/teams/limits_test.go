package teams

import (
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextArrivesWhole (updatestest.EachLongest, CheckWhole): one
// card under our 24 KB (the fake checks Teams' 28,000 bytes), nothing cut.
// Before, facts were cut at 1,024 bytes and the headline at 512.
func TestLongestTextArrivesWhole(t *testing.T) {
	updatestest.EachLongest(t, func(t *testing.T, m updates.Message) {
		c, size := send(t, m)
		if size > maxPayload {
			t.Errorf("card is %d bytes, over our %d", size, maxPayload)
		}
		seen := updatestest.Squeeze(strings.Join(texts(c), "\n"))
		updatestest.CheckWhole(t, m, seen, updatestest.LabelValue, false)
	})
}

// TestEverySizeFits: notes and templates of every length, in text that
// grows on the wire, in one card within Teams' limit (the fake checks).
func TestEverySizeFits(t *testing.T) {
	updatestest.EachSized(t, func(t *testing.T, m updates.Message) { send(t, m) })
}
