package statuspage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/keepcool/keepcool/incident"
	"github.com/keepcool/keepcool/updates"
)

// revisedToTomorrow is the scenario's estimate moved to 10:44–20:44 CEST
// the next day, Friday 13 March, at 09:53.
func revisedToTomorrow() updates.Message {
	m := noteMsg("13", "09:53", "")
	m.Kind, m.Why = updates.KindEstimate, "The restore takes a day."
	m.PreviousEstimate = m.Estimate
	m.Estimate = incident.Estimate{MinAt: at("10:44").AddDate(0, 0, 1), MaxAt: at("20:44").AddDate(0, 0, 1)}
	return m
}

// Without script the page says the times in the engine's zone, named.
func TestPageNamesTheZoneWithoutScript(t *testing.T) {
	p := seeded(t)
	_ = p.Send(context.Background(), revisedToTomorrow())
	_, body := get(t, p.Handler(""), "/")
	for _, want := range []string{
		`>09:53 CEST</time>`,
		`>Fri 10:44–20:44 CEST</span>`,
		`>09:45–10:30 CEST</span>`, // revised from
		`>Next update by 10:08 CEST</span>`,
		`Times in <span id="zone">CEST</span>`,
		`Fix expected Fri 10:44–20:44 CEST (revised from 09:45–10:30 CEST)`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// A viewer elsewhere reads every time in their own zone, named, with the
// day where it is not their today, and the page says which zone that is.
func TestBrowserShowsTimesInTheViewersZone(t *testing.T) {
	tests := []struct {
		zone string
		want map[string]string // element id → text
	}{
		// 09:55 CEST is 03:55 EDT on Thursday 12 March (New York is on summer time since the 8th).
		{"America/New_York", map[string]string{
			"latest-time":  "3:53 AM EDT",
			"estimate":     "Fri 4:44 AM–2:44 PM EDT",
			"revised-from": "3:45 AM–4:30 AM EDT",
			"next":         "Next update by 4:08 AM EDT",
			"declared-at":  "3:02 AM EDT",
			"zone":         "your time zone, EDT (America/New_York)",
		}},
		// 09:55 CEST is 16:55 in Tokyo: the estimate runs from Friday evening into Saturday.
		{"Asia/Tokyo", map[string]string{
			"latest-time": "4:53 PM GMT+9",
			"estimate":    "Fri 5:44 PM–Sat 3:44 AM GMT+9",
			"next":        "Next update by 5:08 PM GMT+9",
			"zone":        "your time zone, GMT+9 (Asia/Tokyo)",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.zone, func(t *testing.T) {
			ctx := newBrowser(t)
			p := seeded(t)
			_ = p.Send(context.Background(), revisedToTomorrow())
			srv := serve(t, p, "")
			ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			viewAs(t, ctx, tc.zone, "en-US")
			err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/"),
				chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
			)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range tc.want {
				waitText(t, ctx, "#"+id, want)
			}
			entry := eval[string](t, ctx, `document.querySelector('#timeline .k-estimate .detail').textContent`)
			if !strings.HasPrefix(entry, "Fix expected Fri ") || !strings.Contains(entry, "(revised from ") {
				t.Errorf("estimate entry reads %q", entry)
			}
			// A live update is written in the viewer's zone too.
			_ = p.Send(context.Background(), noteMsg("14", "09:58", "Restore at 40%."))
			waitText(t, ctx, "#latest-body", "Restore at 40%.")
			if got, want := eval[string](t, ctx, `document.getElementById('latest-time').textContent`), tc.want["latest-time"]; got == want {
				t.Errorf("latest time still %q after a note at 09:58 CEST", got)
			}
			if got := eval[string](t, ctx, `document.getElementById('latest-time').textContent`); strings.Contains(got, "CEST") {
				t.Errorf("latest time %q is in the server's zone", got)
			}
		})
	}
}
