package packaging

import (
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
)

// appID is the application ID the fyne windows use (app/run.go) and every
// installed file is named after.
const appID = "io.keepcool.keepcool"

// TestFynePackageIcon checks FyneApp.toml names the generated 512×512 icon
// `fyne package` wants, and that it is there and keeps the SVG's transparent
// rounded corners (a renderer that ignores rx paints them). The assets tests
// check every generated icon; this one guards the name in FyneApp.toml.
func TestFynePackageIcon(t *testing.T) {
	toml, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`Icon = "assets/icons/keepcool-512.png"`, `ID = "` + appID + `"`, `Name = "keepcool"`} {
		if !strings.Contains(string(toml), line) {
			t.Errorf("FyneApp.toml lacks %s", line)
		}
	}
	f, err := os.Open("../assets/icons/keepcool-512.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 512, 512) {
		t.Fatalf("keepcool-512.png is %v, want 512×512", img.Bounds())
	}
	if _, _, _, a := img.At(24, 24).RGBA(); a != 0 {
		t.Errorf("keepcool-512.png corner alpha %d, want transparent", a)
	}
	if _, _, _, a := img.At(256, 40).RGBA(); a != 0xffff {
		t.Errorf("keepcool-512.png top edge alpha %d, want opaque", a)
	}
}
