package statuspage

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A page open while the next incident is declared moves the previous one
// to "Past incidents", with its all-clear, without a reload: the script
// builds the same list the server renders.
func TestBrowserListsPastIncidentLive(t *testing.T) {
	ctx := newBrowser(t)
	viewAs(t, ctx, "Europe/Helsinki", "en-GB")
	p := New("statuspage", clockAt("10:35"))
	p.Seed(append(scenario(), resolvedMsg()), 0)
	srv := serve(t, p, "")
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	err := chromedp.Do(tctx, chromedp.EmulateViewport(1280, 800), chromedp.Navigate(srv.URL),
		chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
		chromedp.Evaluate[chromedp.Void](`window.__sameLoad = 1`))
	if err != nil {
		t.Fatal(err)
	}
	if hidden := eval[bool](t, tctx, `document.getElementById('past').hidden`); !hidden {
		t.Fatal("no past incident yet, yet the section shows")
	}
	_ = p.Send(context.Background(), secondIncident())
	waitText(t, tctx, "#past-list", "EU checkout error rate back to its normal 0.3%")
	live := eval[string](t, tctx, `document.getElementById('past').innerText`)
	if !eval[bool](t, tctx, `window.__sameLoad === 1`) {
		t.Fatal("the page reloaded to list the past incident")
	}
	err = chromedp.Do(tctx, chromedp.Navigate(srv.URL),
		chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`))
	if err != nil {
		t.Fatal(err)
	}
	if served := eval[string](t, tctx, `document.getElementById('past').innerText`); served != live {
		t.Errorf("the script lists\n%q\nthe server\n%q", live, served)
	}
	if dir := os.Getenv("KEEPCOOL_SCREENSHOT_DIR"); dir != "" {
		for _, s := range []struct {
			file   string
			w, h   int64
			mobile bool
		}{{"statuspage-past.png", 1280, 800, false}, {"statuspage-past-phone.png", 390, 844, true}} {
			var opts []chromedp.EmulateViewportOption
			if s.mobile {
				opts = append(opts, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(tctx, chromedp.EmulateViewport(s.w, s.h, opts...)); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, s.file), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
