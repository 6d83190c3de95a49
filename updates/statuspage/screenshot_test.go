package statuspage

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots writes the README's pictures of the page: a SEV2 incident
// in progress, on a laptop and on a phone. Run with KEEPCOOL_SCREENSHOTS=1;
// KEEPCOOL_SCREENSHOT_DIR overrides where they go (default docs/).
func TestScreenshots(t *testing.T) {
	if os.Getenv("KEEPCOOL_SCREENSHOTS") != "1" {
		t.Skip("set KEEPCOOL_SCREENSHOTS=1 to write docs/statuspage*.png")
	}
	dir := os.Getenv("KEEPCOOL_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "docs")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	// A viewer two hours east of UTC, as the fixture's engine is, reading
	// British English: the page shows the fixture's wall times, 24-hour.
	viewAs(t, ctx, "Europe/Helsinki", "en-GB")
	srv := serve(t, seeded(t), "")
	shots := []struct {
		file          string
		width, height int64
		mobile        bool
	}{
		{"statuspage.png", 1280, 800, false},
		{"statuspage-phone.png", 390, 844, true},
	}
	for _, s := range shots {
		png := shoot(t, ctx, srv.URL, s.width, s.height, s.mobile)
		path := filepath.Join(dir, s.file)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%dx%d)", path, s.width, s.height)
	}
}

// shoot loads the page at one viewport size once its live stream is up
// and captures the viewport.
func shoot(t *testing.T, ctx context.Context, url string, w, h int64, mobile bool) []byte {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile)
	}
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(w, h, opts...),
		chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.getElementById('live').dataset.state === 'live'`),
	)
	if err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	return png
}
