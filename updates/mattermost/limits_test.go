package mattermost

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextArrivesWhole (updatestest.EachLongest, CheckWhole): every
// post within 4,000 characters (the fake checks), at most two (three for
// a template's text), mentioning
// nobody; only a detail gives way. Before, facts were cut at 300 bytes and
// the note at what 4,000 bytes left.
func TestLongestTextArrivesWhole(t *testing.T) {
	updatestest.EachLongest(t, func(t *testing.T, m updates.Message) {
		f := newFakeMattermost(t)
		if err := New("ops", f.url(), f.Client()).Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		posts := f.posts.All()
		if len(posts) > 2 && m.Custom == nil || len(posts) > 3 {
			t.Errorf("%d posts for one update", len(posts))
		}
		var texts []string
		for _, p := range posts {
			if got := mentions(p.Text); len(got) > 0 {
				t.Errorf("Mattermost would notify %v", got)
			}
			texts = append(texts, continued.ReplaceAllString(p.Text, ""))
		}
		// Our bold labels go; a text of asterisks keeps its own, escaped.
		shown := regexp.MustCompile(`(^|[^\\])\*\*`).ReplaceAllString(strings.Join(texts, ""), "$1")
		updatestest.CheckWhole(t, m, updatestest.Squeeze(unMarkdown(shown)), updatestest.LabelValue, true)
	})
}

var continued = regexp.MustCompile(`^\*\*[^*\n]*, continued\*\*\n`)

// TestSplitPostsFit: notes and templates of every length around a post's
// size, in text that grows on the wire, split into posts that each fit
// (the fake refuses a post over 4,000 characters) and read whole.
func TestSplitPostsFit(t *testing.T) {
	f := newFakeMattermost(t)
	updatestest.EachSized(t, func(t *testing.T, m updates.Message) {
		if err := New("ops", f.url(), f.Client()).Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	})
}
