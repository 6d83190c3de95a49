package slack

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// aggregate is what chat.postMessage was seen to refuse in all blocks'
// text together (msg_blocks_too_long; Slack's staff in bolt-js#2509:
// "12,000 text characters"), undocumented but real.
const aggregate = 12000

// TestLongestTextArrivesWhole (updatestest.EachLongest, CheckWhole): the
// fake holds the payload to Block Kit's documented limits, the blocks stay
// under the aggregate, and only a detail gives way, to the aggregate.
// Before, the header cut a title over 150 characters, a section a body
// over 3,000 bytes and a field a fact over 800.
func TestLongestTextArrivesWhole(t *testing.T) {
	f := newFakeSlack(t)
	updatestest.EachLongest(t, func(t *testing.T, m updates.Message) {
		if err := New("ops", f.url(), f.Client()).Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		p := f.last(t) // the fake has checked the documented limits
		total := 0
		for _, b := range p.Blocks {
			for _, x := range blockTexts(b) {
				total += chars(x)
			}
		}
		if total > aggregate {
			t.Errorf("blocks hold %d characters, over Slack's aggregate %d", total, aggregate)
		}
		updatestest.CheckWhole(t, m, readable(p), updatestest.Value, true)
		if !strings.Contains(contextText(p), "|Status page>") {
			t.Error("no status page link")
		}
	})
}

func blockTexts(b wireBlock) []string {
	var out []string
	if b.Text != nil {
		out = append(out, b.Text.Text)
	}
	for _, x := range append(b.Fields, b.Elements...) {
		out = append(out, x.Text)
	}
	return out
}

var continued = regexp.MustCompile(`^\*[^*\n]*, continued\*\n`)

// readable is every block's text as a reader sees it, with the labels of
// continued sections and all blanks taken out, so text split across
// sections reads as one.
func readable(p wirePayload) string {
	var b strings.Builder
	for _, x := range p.Blocks {
		for _, s := range blockTexts(x) {
			b.WriteString(continued.ReplaceAllString(s, ""))
		}
	}
	return updatestest.Squeeze(unslack(b.String()))
}

// TestEverySizeFits: notes and templates of every length around a
// section's size, in text that grows on the wire, within Block Kit's
// limits (the fake checks).
func TestEverySizeFits(t *testing.T) {
	f := newFakeSlack(t)
	updatestest.EachSized(t, func(t *testing.T, m updates.Message) {
		if err := New("ops", f.url(), f.Client()).Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		f.last(t)
	})
}
