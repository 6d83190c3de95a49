package email

import (
	"fmt"
	"strings"
	"testing"

	"github.com/keepcool/keepcool/updates/updatestest"
)

// TestLongestTextArrivesWhole: a message at keepcool's input limits, in
// scripts of two to four bytes a character, arrives whole in the subject
// and both parts. (A 200-character title was cut to 200 bytes in the
// subject.)
func TestLongestTextArrivesWhole(t *testing.T) {
	t.Parallel()
	mp := startMailpit(t)
	c := newChannel(t, Config{SMTP: mp.SMTP, TLS: "none"})
	seq := 0
	for script, ch := range updatestest.Scripts {
		for _, kind := range updatestest.LongestKinds {
			t.Run(script+"/"+string(kind), func(t *testing.T) {
				seq++
				m := updatestest.Longest(kind, ch)
				m.IncidentID = fmt.Sprintf("inc-%d", seq) // each declaration is its own thread root
				m.ID = m.IncidentID + "/1"
				send(t, c, m)
				got, _ := mp.ByMessageID(t, stripID(messageID(m)))
				if got.Subject != subject(m) || !strings.HasSuffix(got.Subject, m.ThreadSubject()) {
					t.Errorf("subject cut: %d of %d bytes", len(got.Subject), len(subject(m)))
				}
				if text := strings.TrimSpace(strings.ReplaceAll(got.Text, "\r\n", "\n")); text != preheader(m)+"\n\n"+m.Text() {
					t.Errorf("text part: %d bytes, want %d", len(text), len(m.Text()))
				}
				seen := visible(got.HTML)
				for _, w := range []string{m.Headline(), m.Body()} {
					if !strings.Contains(seen, w) {
						t.Errorf("HTML part lacks %d bytes of headline or body", len(w))
					}
				}
				for _, f := range m.Facts() {
					if !strings.Contains(seen, f.Value) {
						t.Errorf("HTML part lacks %s", f.Label)
					}
				}
			})
		}
	}
}
