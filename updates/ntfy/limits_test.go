package ntfy

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextArrivesWhole (updatestest.EachLongest, CheckWhole): each
// notification within ntfy's limits (the fake checks 4,096 bytes a message,
// 8,000 a body), at most three, numbered, the last ending with the promise;
// only a detail gives way. Before, the note and the facts shared 4,096
// bytes and the title was cut at 200 bytes.
func TestLongestTextArrivesWhole(t *testing.T) {
	updatestest.EachLongest(t, func(t *testing.T, m updates.Message) {
		f := newFake(t, "")
		if err := New("phones", f.URL, secretTopic, "", f.Client()).Send(context.Background(), m); err != nil {
			t.Fatalf("Send: %v", err)
		}
		got := f.got.All()
		if len(got) > 3 {
			t.Errorf("%d notifications for one update", len(got))
		}
		var texts []string
		for i, p := range got {
			if !strings.Contains(p.ShownTitle, m.Title) {
				t.Errorf("notification %d: title cut: %q", i+1, p.ShownTitle)
			}
			if n := len(got); n > 1 && !strings.HasSuffix(p.ShownTitle, fmt.Sprintf("(%d/%d)", i+1, n)) {
				t.Errorf("notification %d of %d titled %q", i+1, n, p.ShownTitle)
			}
			texts = append(texts, *p.JSON.Message)
		}
		seen := updatestest.Squeeze(strings.Join(append(texts, got[0].ShownTitle), ""))
		updatestest.CheckWhole(t, m, seen, updatestest.LabelValue, true)
		if last := texts[len(texts)-1]; !strings.HasSuffix(last, m.NextUpdate()+"\nStatus page: "+m.StatusPage) {
			t.Errorf("the last notification does not end with the promise: …%q", last[max(0, len(last)-80):])
		}
	})
}

// TestSplitNotificationsFit: notes and templates of every length around
// a message's size, in text that grows on the wire, split into
// notifications that each fit (the fake refuses a message over 4,096
// bytes).
func TestSplitNotificationsFit(t *testing.T) {
	f := newFake(t, "")
	updatestest.EachSized(t, func(t *testing.T, m updates.Message) {
		if err := New("phones", f.URL, secretTopic, "", f.Client()).Send(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	})
}
