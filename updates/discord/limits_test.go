package discord

import (
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextArrivesWhole (updatestest.EachLongest, CheckWhole): the
// fake holds the payload to Discord's documented limits, and only a detail
// gives way, to the embed's 6,000-character total. Before, facts were cut
// at 512 bytes and the body at what the embed left.
func TestLongestTextArrivesWhole(t *testing.T) {
	updatestest.EachLongest(t, func(t *testing.T, m updates.Message) {
		p := send(t, m) // the fake has checked every limit
		updatestest.CheckWhole(t, m, readable(p), updatestest.Value, true)
	})
}

// readable is what a reader sees, with continued fields joined to the one
// before and blanks taken out, so text split across fields reads as one.
func readable(p wireMessage) string {
	s := []string{p.Content}
	for _, e := range p.Embeds {
		s = append(s, e.Title, e.Description)
		for _, f := range e.Fields {
			if strings.HasSuffix(f.Name, ", continued") {
				s = append(s, f.Value)
			} else {
				s = append(s, f.Name+": "+f.Value)
			}
		}
		if e.Footer != nil {
			s = append(s, e.Footer.Text)
		}
	}
	return updatestest.Squeeze(unescape(strings.Join(s, "")))
}

// TestEverySizeFits: notes and templates of every length around the
// description's size, in text that grows on the wire, within Discord's
// limits (the fake checks).
func TestEverySizeFits(t *testing.T) {
	updatestest.EachSized(t, func(t *testing.T, m updates.Message) { send(t, m) })
}
