package webhook

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates"
	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextArrivesWhole: text at keepcool's input limits, in scripts
// of two to four bytes a character, reaches the receiver exactly as it was
// stored, within the documented body limit. (A 2,000-character note was
// cut at 2,048 bytes.)
func TestLongestTextArrivesWhole(t *testing.T) {
	rc := newReceiver(t, secret)
	for script, ch := range updatestest.Scripts {
		for _, kind := range updatestest.LongestKinds {
			t.Run(script+"/"+string(kind), func(t *testing.T) {
				m := updatestest.Longest(kind, ch)
				if err := New("automation", rc.URL, secret, rc.Client()).Send(context.Background(), m); err != nil {
					t.Fatalf("Send: %v", err)
				}
				d := rc.last(t)
				if len(d.Raw) > 256<<10 {
					t.Errorf("body is %d bytes, over the documented 256 KB", len(d.Raw))
				}
				p := d.Body
				got := map[string][2]string{
					"title": {p.Incident.Title, m.Title}, "note": {*p.Note, m.Note}, "why": {p.Why, m.Why},
					"impact": {p.Incident.Impact, m.Impact}, "known": {p.Incident.Known, m.Known},
					"unknown": {p.Incident.Unknown, m.Unknown}, "plan": {p.Incident.Plan, m.Plan},
					"summary": {p.Incident.Summary, m.Summary}, "root_cause": {p.Incident.RootCause, m.RootCause},
				}
				for name, g := range got {
					if g[0] != g[1] {
						t.Errorf("%s cut: %d of %d bytes arrived", name, len(g[0]), len(g[1]))
					}
				}
				if !strings.Contains(p.Text, m.Body()) {
					t.Errorf("text lacks the whole body")
				}
			})
		}
	}
}

// TestWorstCaseMultibyteBodySize: every field at its cap in four-byte
// characters, or in '<' (six bytes in JSON), and a template's text of
// 64 KB, the most a template may write, stay under 256 KB.
func TestWorstCaseMultibyteBodySize(t *testing.T) {
	for _, ch := range []string{"🔥", "<", "\u2028"} {
		m := updatestest.Message(updates.KindDeclared)
		long := strings.Repeat(ch, 10<<10)
		for _, s := range []*string{&m.Title, &m.Status, &m.Engineer, &m.Impact, &m.Known, &m.Unknown,
			&m.Plan, &m.Note, &m.Why, &m.Summary, &m.RootCause} {
			*s = long
		}
		m.Custom = &updates.Custom{Body: strings.Repeat(ch, 64<<10/len(ch))}
		b, err := Encode(m)
		if err != nil || len(b) > 256<<10 || !json.Valid(b) {
			t.Errorf("%q: %d bytes, err %v", ch, len(b), err)
		}
	}
}
