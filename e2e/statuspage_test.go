package e2e

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The whole path a stakeholder sees: a note typed at the CLI appears on a
// status page already open in a real browser, without a reload, and a
// hostile note shows as text and runs nothing.
func TestNoteAppearsLiveOnOpenPage(t *testing.T) {
	h := newHome(t, "")
	d := h.startDaemon()
	var url string
	waitFor(t, 10*time.Second, "the status page address in the log", func() bool {
		m := regexp.MustCompile(`status page: (http://127\.0\.0\.1:\d+/)`).FindStringSubmatch(d.Output())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	h.must("start", "Checkout returns 500s", "--eta", "30m-90m")

	ctx := browser(t)
	tctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
		chromedp.Evaluate[chromedp.Void](`window.__sameLoad = 1`)); err != nil {
		t.Fatalf("open the page: %v", err)
	}

	h.must("note", "Rolled back deploy 412, error rate falling")
	hostile := `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script> <!channel>`
	h.must("note", hostile)

	waitFor(t, 15*time.Second, "both notes on the open page", func() bool {
		body, err := chromedp.Run(tctx, chromedp.Text("body"))
		return err == nil && strings.Contains(body, "Rolled back deploy 412") && strings.Contains(body, `<script>window.__pwned=1</script>`)
	})
	sameLoad, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__sameLoad === 1`))
	if err != nil {
		t.Fatal(err)
	}
	pwned, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`window.__pwned !== undefined || document.querySelector('main img, main script') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !sameLoad {
		t.Fatal("the page reloaded to show the note; it must update in place")
	}
	if pwned {
		t.Fatal("a note ran script on the status page")
	}
}

// browser starts Debian's headless Chromium (installed by make deps).
func browser(t *testing.T) context.Context {
	t.Helper()
	const path = "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("Chromium not found at %s: run make deps", path)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()))
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}
