package statuspage

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserShowsUpdatesLiveAndInert opens the page in real headless
// Chromium, sends notes through Page.Send and waits for them to appear
// without a reload; a hostile note must show as text and run nothing.
func TestBrowserShowsUpdatesLiveAndInert(t *testing.T) {
	ctx := newBrowser(t)
	p := seeded(t)
	srv := serve(t, p, "tok-123")
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/?token=tok-123"),
		chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
		// Set once on this document: a reload would lose it.
		chromedp.Evaluate[chromedp.Void](`window.__firstLoad = 'kept'`),
	)
	if err != nil {
		t.Fatal(err)
	}

	const note = "Payments recovered in eu-west-1c; watching error rates for 15 minutes."
	_ = p.Send(context.Background(), noteMsg("50", "09:58", note))
	waitText(t, ctx, "#timeline", note)
	waitText(t, ctx, "#latest-body", note)
	if kept := eval[string](t, ctx, `window.__firstLoad`); kept != "kept" {
		t.Fatalf("window.__firstLoad = %q: the page reloaded instead of updating in place", kept)
	}

	hostile := noteMsg("51", "09:59", browserHostile)
	hostile.Title = browserHostile
	_ = p.Send(context.Background(), hostile)
	waitText(t, ctx, "#latest-body", browserHostile)
	waitText(t, ctx, "#title", browserHostile)
	if got := eval[string](t, ctx, `document.getElementById('latest-body').textContent`); got != browserHostile {
		t.Errorf("hostile note shown as %q, want it literally", got)
	}
	checks := map[string]string{
		"script ran":                 `typeof window.__pwned`,
		"markup became elements":     `String(document.querySelectorAll('main img, main script').length)`,
		"page reloaded":              `String(window.__firstLoad)`,
		"document title not literal": `String(document.title.includes('<img src=x'))`,
	}
	want := map[string]string{"script ran": "undefined", "markup became elements": "0", "page reloaded": "kept", "document title not literal": "true"}
	for name, expr := range checks {
		if got := eval[string](t, ctx, expr); got != want[name] {
			t.Errorf("%s: %s = %q, want %q", name, expr, got, want[name])
		}
	}
}

// waitText waits until the element's text contains want.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	js := `document.querySelector(` + jsString(sel) + `).textContent.includes(` + jsString(want) + `)`
	if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](js)); err != nil {
		body := eval[string](t, ctx, `document.querySelector(`+jsString(sel)+`).textContent`)
		t.Fatalf("%s never showed %q: %v\nit shows: %s", sel, want, err, body)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "<", `\x3c`)
	return "'" + r.Replace(s) + "'"
}
