package googlechat

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/lookalike"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// wireCard is the part of a cardsV2 entry keepcool sends.
type wireCard struct {
	CardID string `json:"cardId"`
	Card   struct {
		Sections []struct {
			Header  string `json:"header"`
			Widgets []struct {
				TextParagraph struct {
					Text string `json:"text"`
				} `json:"textParagraph"`
			} `json:"widgets"`
		} `json:"sections"`
	} `json:"card"`
}

// TestLongestTextArrivesWhole (updatestest.EachLongest, CheckWhole): text
// within 4,096 characters and the message within 32,000 bytes (the fake
// checks), nothing cut: what the text cannot hold is in a card below it.
// Before, the note got what 4,096 bytes left, facts 300 bytes, the
// headline 300.
func TestLongestTextArrivesWhole(t *testing.T) {
	updatestest.EachLongest(t, func(t *testing.T, m updates.Message) {
		got := send(t, m)[0] // the fake has checked the limits
		updatestest.CheckWhole(t, m, readable(t, got), updatestest.Value, false)
		if !strings.Contains(got.Text, "|Open the live status page>") {
			t.Error("the text lost the status page link")
		}
	})
}

// readable is the text and the cards as a reader sees them, blanks out.
func readable(t *testing.T, m wireMessage) string {
	t.Helper()
	parts := []string{lookalike.Unescape(m.Text)}
	for _, p := range rawParagraphs(t, m) {
		if strings.ContainsAny(strings.NewReplacer("<br>", "", "<b>", "", "</b>", "").Replace(p[1]), "<>") {
			t.Errorf("card text has markup beyond ours: %.200q", p[1])
		}
		parts = append(parts, p[0], plain(p[1]))
	}
	return updatestest.Squeeze(strings.Join(parts, "\n"))
}

// TestHostileCardIsInert: a declaration whose details go to the card
// carries them as escaped text, within 32,000 bytes.
func TestHostileCardIsInert(t *testing.T) {
	m := updatestest.Longest(updates.KindDeclared, "🔥")
	m.Impact = "<a href=\"javascript:x\">click</a> <users/all> &amp; " + updatestest.Tricks
	got := send(t, m)[0]
	if len(got.CardsV2) == 0 {
		t.Fatal("no card: the details fit the text")
	}
	raw, _ := json.Marshal(got.CardsV2)
	var cards []wireCard
	_ = json.Unmarshal(raw, &cards)
	for _, s := range cards[0].Card.Sections {
		if s.Header == "Impact" {
			p := s.Widgets[0].TextParagraph.Text
			if strings.Contains(p, "<a") || strings.Contains(p, "<users") || !strings.Contains(p, "&amp;amp;") {
				t.Errorf("impact not escaped: %q", p)
			}
			return
		}
	}
	t.Error("no impact section in the card")
}

// TestEverySizeFits: notes and templates of every length around the
// text's size, in text that grows on the wire, within Chat's limits (the
// fake checks), the note whole in the text or the card.
func TestEverySizeFits(t *testing.T) {
	updatestest.EachSized(t, func(t *testing.T, m updates.Message) {
		got := send(t, m)[0]
		if !strings.Contains(readable(t, got), updatestest.Squeeze(m.Body())) {
			t.Error("body not shown whole")
		}
	})
}
